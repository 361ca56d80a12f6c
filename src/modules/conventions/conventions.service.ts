/**
 * Conventions: one per structure per session of the Commission Permanente, numbered in a yearly
 * sequence ("2023-0001"). A number once given is kept: generating the package again reuses it.
 */
import type { Sql } from '../../platform/database.ts';
import { insertConvention, nextSequence, selectConventionNumbers } from './conventions.repository.ts';

export function conventionNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(4, '0')}`;
}

/** The numbers already given to the conventions of a session, by structure id. */
export function conventionNumbersOfSession(sql: Sql, sessionId: number): Promise<Map<number, string>> {
  return selectConventionNumbers(sql, sessionId);
}

/**
 * Gives a number to each structure of the session that has none yet, in the order given; returns
 * every structure's number. Call it inside the transaction that stores the documents.
 */
export async function assignConventionNumbers(
  tx: Sql,
  session: { id: number; year: number },
  structureIds: readonly number[],
): Promise<Map<number, string>> {
  const numbers = await selectConventionNumbers(tx, session.id);
  for (const structureId of structureIds) {
    if (numbers.has(structureId)) continue;
    const sequence = await nextSequence(tx, session.year);
    const number = conventionNumber(session.year, sequence);
    await insertConvention(tx, { sessionId: session.id, structureId, year: session.year, sequence, number });
    numbers.set(structureId, number);
  }
  return numbers;
}
