/**
 * Merging two records of one structure: the structures module merges the records, the
 * applications module moves the applications; one transaction, one audit trail.
 */
import { z } from 'zod';
import type { Actor } from '../../kernel/actor.ts';
import { ForbiddenError } from '../../kernel/errors.ts';
import type { Database } from '../../platform/database.ts';
import { defineRoute, idParams } from '../../platform/http.ts';
import { reassignApplicationsToStructure } from '../applications/index.ts';
import { mergeStructureRecords, type Structure } from '../structures/index.ts';

export const mergeInputSchema = z.object({
  intoId: z.number({ error: 'la structure conservée est obligatoire' }).int().positive(),
  version: z.number({ error: 'la version lue de la structure fusionnée est obligatoire' }).int().positive(),
  intoVersion: z
    .number({ error: 'la version lue de la structure conservée est obligatoire' })
    .int()
    .positive(),
});

export async function mergeStructures(
  db: Database,
  mergedId: number,
  input: z.output<typeof mergeInputSchema>,
  actor: Actor,
): Promise<{ kept: Structure; merged: Structure; movedApplications: number }> {
  if (actor.territories !== 'all') {
    // The merged record's applications may be in any territory: not an instructeur's decision alone.
    throw new ForbiddenError(
      'La fusion déplace des demandes de tous les territoires : elle est réservée aux rôles départementaux.',
    );
  }
  return db.transaction(async (tx) => {
    const { kept, merged } = await mergeStructureRecords(
      tx,
      { mergedId, mergedVersion: input.version, keptId: input.intoId, keptVersion: input.intoVersion },
      actor,
    );
    const movedApplications = await reassignApplicationsToStructure(
      tx,
      { fromId: merged.id, toId: kept.id, toName: kept.displayName },
      actor,
    );
    return { kept, merged, movedApplications };
  });
}

export const structureMergeRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/structures/:id/merge',
    permission: 'structures:write',
    tag: 'structures',
    summary:
      'Fusionner cette structure dans une autre (même structure saisie deux fois) ; ses demandes suivent',
    params: idParams,
    body: mergeInputSchema,
    handler: async ({ db, params, body, actor }) => mergeStructures(db, params.id, body, actor),
  }),
];
