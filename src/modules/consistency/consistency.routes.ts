/** HTTP routes of the consistency module. */
import { callCodeParams, defineRoute } from '../../platform/http.ts';
import { checkCallConsistency } from './consistency.service.ts';

export const consistencyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calls/:code/check',
    cached: true,
    permission: 'calls:read',
    tag: 'consistency',
    summary: "Contrôle de cohérence d'un appel : erreurs et points d'attention",
    params: callCodeParams,
    handler: async ({ db, params, actor }) => checkCallConsistency(db, params.code, actor),
  }),
];
