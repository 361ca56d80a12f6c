/** HTTP routes of the audit module: the history of a record. */
import { z } from 'zod';
import { actorMay } from '../../kernel/actor.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { defineRoute } from '../../platform/http.ts';
import { getApplication } from '../applications/index.ts';
import { listAudit } from './audit.service.ts';

const auditQuery = z.object({
  entity: z.enum(['application', 'structure', 'user'], {
    error: 'entité attendue : application, structure ou user',
  }),
  id: z.coerce.number().int().positive(),
});

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/audit',
    permission: 'audit:read',
    tag: 'audit',
    summary: "L'historique d'un enregistrement : qui, quand, quoi, avant et après",
    query: auditQuery,
    handler: async ({ db, query, actor }) => {
      // An instructeur reads the history of the applications they may see; accounts' history is the administrators'.
      if (query.entity === 'application') await getApplication(db, query.id, actor);
      if (query.entity === 'user' && !actorMay(actor, 'users:admin'))
        throw new NotFoundError('Utilisateur', query.id);
      return listAudit(db, query.entity, query.id);
    },
  }),
];
