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

export interface ConventionRow {
  id: number;
  session_id: number;
  structure_id: number;
  number: string;
  state: string;
  sent_for_signature_on: string | null;
  signed_on: string | null;
  signed_document_sha256: string | null;
  version: number;
  period_start: string | null;
  period_end: string | null;
}

/** A convention with the span of its lines' periods (null without lines). */
export async function selectConvention(
  sql: Sql,
  id: number,
  options?: { forUpdate?: boolean },
): Promise<ConventionRow | undefined> {
  if (options?.forUpdate) await sql.query('select id from conventions where id = $1 for update', [id]);
  const [row] = await sql.query<ConventionRow>(
    `select c.id, c.session_id, c.structure_id, c.number, c.state, c.sent_for_signature_on, c.signed_on,
            c.signed_document_sha256, c.version,
            (select min(a.period_start) from convention_lines l join applications a on a.id = l.application_id
              where l.convention_id = c.id) as period_start,
            (select max(a.period_end) from convention_lines l join applications a on a.id = l.application_id
              where l.convention_id = c.id) as period_end
       from conventions c where c.id = $1`,
    [id],
  );
  return row;
}

export async function updateConventionState(
  sql: Sql,
  id: number,
  patch: {
    state: string;
    sentForSignatureOn: string | null;
    signedOn: string | null;
    signedDocumentSha256: string | null;
  },
): Promise<void> {
  await sql.query(
    `update conventions set state = $2, sent_for_signature_on = $3, signed_on = $4, signed_document_sha256 = $5,
            version = version + 1
      where id = $1`,
    [id, patch.state, patch.sentForSignatureOn, patch.signedOn, patch.signedDocumentSha256],
  );
}

/**
 * The lines of a session's conventions: the report's applications of each convention's structure
 * (kind convention, proposed or voted, retained > 0, as the package's conventions list them).
 * Lines already created are kept as they are.
 */
export async function insertConventionLinesOfSession(sql: Sql, sessionId: number): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `insert into convention_lines (convention_id, application_id, operation_id, budget_line_id, amount_cents)
     select c.id, a.id, a.operation_id, o.budget_line_id, a.retained_cents
       from conventions c
       join committee_reports r on r.session_id = c.session_id
       join report_applications ra on ra.report_id = r.id
       join applications a on a.id = ra.application_id and a.structure_id = c.structure_id
       join operations o on o.id = a.operation_id
      where c.session_id = $1 and a.kind = 'convention' and a.state in ('proposed', 'voted')
        and a.retained_cents > 0
      order by c.id, a.id
     on conflict (application_id) do nothing
     returning id`,
    [sessionId],
  );
  return rows.length;
}

export interface ConventionLineRow {
  id: number;
  convention_id: number;
  convention_number: string;
  convention_state: string;
  structure_id: number;
  application_id: number;
  operation_id: number;
  budget_line_code: string;
  amount_cents: number;
  convention_terms: { advancePercent?: unknown };
}

/** A convention line with what its payments need; `forUpdate` locks the line (one request at a time). */
export async function selectConventionLine(
  sql: Sql,
  id: number,
  options?: { forUpdate?: boolean },
): Promise<ConventionLineRow | undefined> {
  if (options?.forUpdate) await sql.query('select id from convention_lines where id = $1 for update', [id]);
  const [row] = await sql.query<ConventionLineRow>(
    `select l.id, l.convention_id, c.number as convention_number, c.state as convention_state, c.structure_id,
            l.application_id, l.operation_id, b.code as budget_line_code, l.amount_cents, o.convention_terms
       from convention_lines l
       join conventions c on c.id = l.convention_id
       join operations o on o.id = l.operation_id
       join budget_lines b on b.id = l.budget_line_id
      where l.id = $1`,
    [id],
  );
  return row;
}

export async function selectConventionLineIds(sql: Sql, conventionId: number): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    'select id from convention_lines where convention_id = $1 order by id',
    [conventionId],
  );
  return rows.map((row) => Number(row.id));
}
