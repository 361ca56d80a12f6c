/** HTTP routes of the applications module. */
import { callCodeParams, defineRoute, idParams } from '../../platform/http.ts';
import {
  allocationPageQuerySchema,
  applicationInputSchema,
  applicationListQuerySchema,
  applicationPatchSchema,
  transitionInputSchema,
} from './applications.schemas.ts';
import {
  createApplicationInTransaction,
  getAllocationPage,
  getAllocationTable,
  getApplication,
  listApplications,
  transitionApplication,
  updateApplication,
} from './applications.service.ts';

export const applicationRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/applications',
    permission: 'applications:read',
    tag: 'applications',
    summary: 'Les demandes (filtres : appel, opération, structure, état, territoire, recherche)',
    query: applicationListQuerySchema,
    handler: async ({ db, query, actor }) =>
      listApplications(
        db,
        {
          callCode: query.call,
          operationId: query.operationId,
          structureId: query.structureId,
          state: query.state,
          territory: query.territory,
          q: query.q,
          limit: query.limit,
          offset: query.offset,
        },
        actor,
      ),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/applications/:id',
    permission: 'applications:read',
    tag: 'applications',
    summary: 'Une demande, avec son calcul expliqué et son historique de décisions',
    params: idParams,
    handler: async ({ db, params, actor }) => getApplication(db, params.id, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications',
    permission: 'applications:write',
    tag: 'applications',
    summary: 'Créer une demande (brouillon) ; le montant est calculé par la règle de son opération',
    body: applicationInputSchema,
    successStatus: 201,
    handler: async ({ db, body, actor }) => createApplicationInTransaction(db, body, actor),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/applications/:id',
    permission: 'applications:write',
    tag: 'applications',
    summary: 'Modifier une demande (verrouillage optimiste : version lue obligatoire)',
    params: idParams,
    body: applicationPatchSchema,
    handler: async ({ db, params, body, actor }) => updateApplication(db, params.id, body, actor),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/applications/:id/transitions',
    permission: 'applications:decide',
    tag: 'applications',
    summary: "Changer l'état d'une demande, avec sa motivation (proposer impute le budget)",
    params: idParams,
    body: transitionInputSchema,
    handler: async ({ db, params, body, actor }) => transitionApplication(db, params.id, body, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calls/:code/allocations',
    permission: 'applications:read',
    tag: 'applications',
    summary: "Répartition financière d'un appel (annexe 3) avec totaux par opération et thématique",
    params: callCodeParams,
    handler: async ({ db, params, actor }) => getAllocationTable(db, params.code, actor),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calls/:code/allocations/page',
    permission: 'applications:read',
    tag: 'applications',
    summary:
      'Une page de la répartition (annexe 3), filtrée, avec les totaux de toutes les lignes retenues par le filtre',
    params: callCodeParams,
    query: allocationPageQuerySchema,
    handler: async ({ db, params, query, actor }) => getAllocationPage(db, params.code, query, actor),
  }),
];
