/**
 * The audit trail. Services call recordAudit inside the transaction of their change, so that the
 * change and its audit row are committed together or not at all. The table is append-only.
 */
import type { Actor } from '../../kernel/actor.ts';
import type { Sql } from '../../platform/database.ts';

export interface AuditEntry {
  id: number;
  occurredAt: string;
  actorLogin: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export async function recordAudit(
  tx: Sql,
  entry: {
    actor: Actor;
    action: string;
    entity: string;
    entityId: string | number;
    before: unknown;
    after: unknown;
  },
): Promise<void> {
  await tx.query(
    `insert into audit_log (actor_user_id, actor_login, action, entity, entity_id, before_state, after_state)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.actor.userId,
      entry.actor.login,
      entry.action,
      entry.entity,
      String(entry.entityId),
      entry.before === null || entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === null || entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}

interface AuditRow {
  id: number;
  occurred_at: string;
  actor_login: string;
  action: string;
  entity: string;
  entity_id: string;
  before_state: unknown;
  after_state: unknown;
}

/** The history of one record, oldest first. */
export async function listAudit(sql: Sql, entity: string, entityId: string | number): Promise<AuditEntry[]> {
  const rows = await sql.query<AuditRow>(
    `select id, occurred_at::text as occurred_at, actor_login, action, entity, entity_id, before_state, after_state
       from audit_log where entity = $1 and entity_id = $2 order by id`,
    [entity, String(entityId)],
  );
  return rows.map((row) => ({
    id: row.id,
    occurredAt: row.occurred_at,
    actorLogin: row.actor_login,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before_state,
    after: row.after_state,
  }));
}
