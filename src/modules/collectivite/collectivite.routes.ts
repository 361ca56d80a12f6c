/** HTTP routes of the collectivité module. */
import { defineRoute } from '../../platform/http.ts';
import { getCollectivite, listTerritories } from './collectivite.service.ts';

export const collectiviteRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/collectivite',
    permission: 'calls:read',
    tag: 'collectivite',
    summary: 'La collectivité et ses réglages',
    handler: async ({ db }) => (await getCollectivite(db)) ?? null,
  }),
  defineRoute({
    method: 'GET',
    url: '/api/territories',
    permission: 'calls:read',
    tag: 'collectivite',
    summary: "Les territoires d'intervention",
    handler: async ({ db }) => listTerritories(db),
  }),
];
