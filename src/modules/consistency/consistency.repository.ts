/**
 * The only SQL of the consistency module: its snapshots, the fingerprint of the data a report
 * depends on, and the ids of an instructeur's applications.
 */
import type { Sql } from '../../platform/database.ts';

/**
 * Changes whenever an application, a structure, a budget commitment or an operation's rule is
 * added, changed or removed: a counter moved by triggers on those tables (migration 0010).
 */
export async function selectDataFingerprint(sql: Sql): Promise<string> {
  const [row] = await sql.query<{ changes: number }>('select changes from data_change_counter where id = 1');
  return String(row?.changes ?? 0);
}

export async function selectSnapshot(sql: Sql, callId: number, fingerprint: string): Promise<unknown> {
  const [row] = await sql.query<{ report: unknown }>(
    'select report from consistency_snapshots where call_id = $1 and data_fingerprint = $2',
    [callId, fingerprint],
  );
  return row?.report;
}

export async function upsertSnapshot(
  sql: Sql,
  callId: number,
  fingerprint: string,
  report: unknown,
): Promise<void> {
  await sql.query(
    `insert into consistency_snapshots (call_id, data_fingerprint, report) values ($1, $2, $3)
     on conflict (call_id) do update set data_fingerprint = excluded.data_fingerprint, report = excluded.report,
       computed_at = now()`,
    [callId, fingerprint, JSON.stringify(report)],
  );
}

/** Ids of the call's applications that have one of these territories. */
export async function selectApplicationIdsInTerritories(
  sql: Sql,
  callId: number,
  territories: readonly string[],
) {
  const rows = await sql.query<{ id: number }>(
    `select distinct x.application_id as id from application_territories x
       join territories t on t.id = x.territory_id join applications a on a.id = x.application_id
      where a.call_id = $1 and t.code = any($2::text[])`,
    [callId, territories],
  );
  return new Set(rows.map((row) => row.id));
}
