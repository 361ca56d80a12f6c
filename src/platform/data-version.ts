/**
 * The data version: what the cached reads depend on. `data_change_counter` (migration 0010) is
 * moved by a trigger after every statement that inserts, updates, deletes or truncates applications,
 * their territories, structures, budget commitments, operations or funding rules, in the
 * transaction of the change: a reader that sees a version sees at least the data it counts. Its
 * row's xmin (the transaction that last moved it) makes the version change even if the counter were
 * ever set back to a value it had (a restored backup).
 *
 * Not covered: calls, themes, territories, budget lines and the collectivité, which only the dataset
 * loader writes (together with operations, so that a load moves the counter too). A change made to
 * them by hand in SQL is seen by cached reads after the next counted write or a restart.
 */
import type { Sql } from './database.ts';

/** One text column: "changes:xmin". Cheap enough to be added to the session lookup of every request. */
export const DATA_VERSION_SQL = `(select changes::text || ':' || xmin::text from data_change_counter where id = 1)`;

export interface DataVersion {
  /** The counter: only ever grows, so a smaller value was read before a larger one was written. */
  changes: number;
  /** The counter row's exact version ("changes:xmin"): equal versions mean the same counted data. */
  key: string;
}

export function parseDataVersion(text: string | null | undefined): DataVersion | null {
  if (typeof text !== 'string') return null;
  const changes = Number(text.slice(0, text.indexOf(':')));
  return Number.isSafeInteger(changes) ? { changes, key: text } : null;
}

/** The version alone, when it is not read with something else. */
export async function readDataVersion(sql: Sql): Promise<DataVersion | null> {
  const [row] = await sql.query<{ version: string | null }>(`select ${DATA_VERSION_SQL} as version`);
  return parseDataVersion(row?.version);
}
