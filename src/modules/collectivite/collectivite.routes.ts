/** HTTP routes of the collectivité module. */
import { z } from 'zod';
import { defineRoute } from '../../platform/http.ts';
import { getCollectivite, listTerritories, setConventionContact } from './collectivite.service.ts';

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
    method: 'PUT',
    url: '/api/collectivite/convention-contact',
    permission: 'calls:write',
    tag: 'collectivite',
    summary:
      'Le contact des structures pour leurs conventions (e-mail du gestionnaire, service), imprimé dans chaque convention',
    body: z.object({
      email: z.email({ error: 'adresse e-mail invalide' }).max(200),
      service: z.string().trim().min(2, { message: 'nom du service attendu' }).max(200),
      version: z
        .number({ error: 'la version lue est obligatoire (verrouillage optimiste)' })
        .int()
        .positive(),
    }),
    handler: async ({ db, body, actor }) => setConventionContact(db, actor, body),
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
