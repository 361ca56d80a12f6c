/**
 * The audit trail written for people (GET /api/audit, src/modules/audit): the action in French and,
 * for a change, the fields that changed with their values before and after, written as the pages
 * write them (amounts in euros, dates JJ/MM/AAAA, states by their name), never as raw JSON.
 */

import { type FieldChange, fieldChanges } from '../../shared/record-fields.ts';
import { APPLICATION_FIELDS } from '../applications/application-fields.ts';
import { STATE_LABELS } from '../applications/states.ts';
import { STRUCTURE_FIELDS } from '../structures/structure-fields.ts';

/** What GET /api/audit sends for each change of a record, oldest first. */
export interface AuditEntry {
  id: number;
  /** "2023-06-12 09:30:00.123+00" */
  occurredAt: string;
  actorLogin: string;
  /** create, update, transition:<state>, merge, merged_into:<id>, structure_merged… */
  action: string;
  entity: string;
  entityId: string;
  /** The record before and after the change (null before a creation). */
  before: unknown;
  after: unknown;
}

export type AuditEntity = 'application' | 'structure';

/** The action as a person says it. */
export function actionLabel(action: string): string {
  if (action === 'create') return 'Création';
  if (action === 'update') return 'Modification';
  if (action === 'merge' || action.startsWith('merged_into:')) return 'Fusion';
  if (action === 'structure_merged') return 'Fusion de structures';
  if (action.startsWith('transition:')) {
    const to = action.slice('transition:'.length);
    const label = (STATE_LABELS as Record<string, string | undefined>)[to];
    return `Passage à « ${label ?? to} »`;
  }
  return action;
}

/** The structure a merged record was merged into ("merged_into:12" → 12). */
export function mergedIntoId(action: string): number | null {
  const match = /^merged_into:(\d+)$/.exec(action);
  return match ? Number(match[1]) : null;
}

/**
 * The fields that differ between the record before and after a change, in the order the record's
 * page shows them.
 */
export function entityChanges(entity: AuditEntity, before: unknown, after: unknown): FieldChange[] {
  return fieldChanges(entity === 'application' ? APPLICATION_FIELDS : STRUCTURE_FIELDS, before, after);
}
