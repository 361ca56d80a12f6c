/** HTTP routes of the structures module. */
import { defineRoute, idParams } from '../../platform/http.ts';
import {
  bankDetailsSchema,
  structureInputSchema,
  structureListQuerySchema,
  structurePatchSchema,
} from './structures.schemas.ts';
import { createStructure, getStructure, searchStructures, updateStructure } from './structures.service.ts';

export const structureRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/structures',
    permission: 'structures:read',
    tag: 'structures',
    summary: 'Recherche de structures par nom, sigle, alias ou SIRET',
    query: structureListQuerySchema,
    handler: async ({ db, query }) => searchStructures(db, query),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/structures/:id',
    permission: 'structures:read',
    tag: 'structures',
    summary: 'Une structure',
    params: idParams,
    handler: async ({ db, params }) => getStructure(db, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/api/structures',
    permission: 'structures:write',
    tag: 'structures',
    summary: 'Créer une structure (SIRET, RNA, IBAN et BIC vérifiés)',
    body: structureInputSchema,
    successStatus: 201,
    handler: async ({ db, body, actor }) => createStructure(db, body, actor),
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/structures/:id',
    permission: 'structures:write',
    tag: 'structures',
    summary: 'Modifier une structure (verrouillage optimiste : version lue obligatoire)',
    params: idParams,
    body: structurePatchSchema,
    handler: async ({ db, params, body, actor }) => updateStructure(db, params.id, body, actor),
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/structures/:id/bank-details',
    permission: 'payments:write',
    tag: 'structures',
    summary: "Coordonnées bancaires d'une structure (IBAN, BIC), tenues par le service des paiements",
    params: idParams,
    body: bankDetailsSchema,
    handler: async ({ db, params, body, actor }) => updateStructure(db, params.id, body, actor),
  }),
];
