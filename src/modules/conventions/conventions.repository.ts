/** The only SQL of the conventions module. */
import type { Sql } from '../../platform/database.ts';

export interface ConventionNumberRow {
  structure_id: number;
  number: string;
}

export async function selectConventionNumbers(sql: Sql, sessionId: number): Promise<Map<number, string>> {
  const rows = await sql.query<ConventionNumberRow>(
    'select structure_id, number from conventions where session_id = $1',
    [sessionId],
  );
  return new Map(rows.map((row) => [Number(row.structure_id), row.number]));
}

/** Takes the next number of the year's sequence (the row lock serialises concurrent takers). */
export async function nextSequence(sql: Sql, year: number): Promise<number> {
  const [row] = await sql.query<{ last_number: number }>(
    `insert into convention_sequences (year, last_number) values ($1, 1)
     on conflict (year) do update set last_number = convention_sequences.last_number + 1
     returning last_number`,
    [year],
  );
  return Number((row as { last_number: number }).last_number);
}

export async function insertConvention(
  sql: Sql,
  convention: { sessionId: number; structureId: number; year: number; sequence: number; number: string },
): Promise<void> {
  await sql.query(
    'insert into conventions (session_id, structure_id, year, sequence, number) values ($1, $2, $3, $4, $5)',
    [convention.sessionId, convention.structureId, convention.year, convention.sequence, convention.number],
  );
}
