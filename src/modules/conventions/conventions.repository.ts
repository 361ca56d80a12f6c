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
  in_force_from: string | null;
  closed_on: string | null;
  termination: unknown;
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
            c.signed_document_sha256, c.version, c.in_force_from, c.closed_on, c.termination,
            (select min(s.value ->> 'start') from convention_lines l, jsonb_array_elements(l.segments) s
              where l.convention_id = c.id) as period_start,
            (select max(s.value ->> 'end') from convention_lines l, jsonb_array_elements(l.segments) s
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
    inForceFrom: string | null;
    closedOn: string | null;
    termination: unknown;
  },
): Promise<void> {
  await sql.query(
    `update conventions set state = $2, sent_for_signature_on = $3, signed_on = $4, signed_document_sha256 = $5,
            in_force_from = $6, closed_on = $7, termination = $8, version = version + 1
      where id = $1`,
    [
      id,
      patch.state,
      patch.sentForSignatureOn,
      patch.signedOn,
      patch.signedDocumentSha256,
      patch.inForceFrom,
      patch.closedOn,
      patch.termination === null ? null : JSON.stringify(patch.termination),
    ],
  );
}

/**
 * The lines of a session's conventions: the report's applications of each convention's structure
 * (kind convention, proposed or voted, retained > 0, as the package's conventions list them).
 * Lines already created are kept as they are.
 */
export async function insertConventionLinesOfSession(sql: Sql, sessionId: number): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `insert into convention_lines (convention_id, application_id, operation_id, budget_line_id, amount_cents, segments)
     select c.id, a.id, a.operation_id, o.budget_line_id, a.retained_cents,
            jsonb_build_array(jsonb_build_object('start', a.period_start, 'end', a.period_end,
              'quantity', a.quantity, 'amount', a.retained_cents))
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

/** Locks a convention line (`select … for update`); false when it does not exist. */
export async function lockLineRow(sql: Sql, id: number): Promise<boolean> {
  const rows = await sql.query('select id from convention_lines where id = $1 for update', [id]);
  return rows.length > 0;
}

/** What a convention line is, with everything the conventions and payments screens show of it. */
export interface LineRecordRow {
  id: number;
  convention_id: number;
  convention_number: string;
  convention_state: string;
  convention_termination: unknown;
  session_date: string;
  structure_id: number;
  structure_name: string;
  application_id: number;
  application_reference: string;
  label: string;
  operation_id: number;
  operation_title: string;
  call_id: number;
  call_code: string;
  budget_line_id: number;
  budget_line_code: string;
  imputation: string;
  unit: string | null;
  siae_type: string | null;
  amount_cents: number;
  segments: unknown;
  bilan: unknown;
  /** The operation's convention terms as stored (calls module: ConventionTerms). */
  convention_terms: Record<string, unknown> | null;
}

/** The lines of one convention, of one call, or all of them, in convention then line order. */
export function selectLineRecords(
  sql: Sql,
  filter: { conventionId?: number; callCode?: string; lineId?: number },
): Promise<LineRecordRow[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.conventionId !== undefined) {
    params.push(filter.conventionId);
    conditions.push(`l.convention_id = $${params.length}`);
  }
  if (filter.callCode !== undefined) {
    params.push(filter.callCode);
    conditions.push(`k.code = $${params.length}`);
  }
  if (filter.lineId !== undefined) {
    params.push(filter.lineId);
    conditions.push(`l.id = $${params.length}`);
  }
  return sql.query<LineRecordRow>(
    `select l.id, l.convention_id, c.number as convention_number, c.state as convention_state,
            c.termination as convention_termination, s.session_date::text as session_date, c.structure_id, st.legal_name as structure_name,
            l.application_id, a.reference as application_reference, a.label, l.operation_id,
            o.title as operation_title, a.call_id, k.code as call_code, l.budget_line_id, b.code as budget_line_code,
            b.imputation, a.unit, a.siae_type, l.amount_cents, l.segments, l.bilan, o.convention_terms
       from convention_lines l
       join conventions c on c.id = l.convention_id
       join committee_sessions s on s.id = c.session_id
       join structures st on st.id = c.structure_id
       join applications a on a.id = l.application_id
       join operations o on o.id = l.operation_id
       join calls k on k.id = a.call_id
       join budget_lines b on b.id = l.budget_line_id
      ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
      order by c.year, c.sequence, l.id`,
    params,
  );
}

export interface ConventionListRow extends ConventionRow {
  session_date: string;
  structure_name: string;
}

export function selectConventions(
  sql: Sql,
  filter: { state?: string | undefined; search?: string | undefined; id?: number | undefined },
): Promise<ConventionListRow[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.id !== undefined) {
    params.push(filter.id);
    conditions.push(`c.id = $${params.length}`);
  }
  if (filter.state) {
    params.push(filter.state);
    conditions.push(`c.state = $${params.length}`);
  }
  if (filter.search) {
    params.push(`%${filter.search.toLowerCase()}%`);
    conditions.push(`(lower(st.legal_name) like $${params.length} or c.number like $${params.length})`);
  }
  return sql.query<ConventionListRow>(
    `select c.id, c.session_id, c.structure_id, c.number, c.state, c.sent_for_signature_on, c.signed_on,
            c.signed_document_sha256, c.version, c.in_force_from, c.closed_on, c.termination,
            (select min(x.value ->> 'start') from convention_lines l, jsonb_array_elements(l.segments) x
              where l.convention_id = c.id) as period_start,
            (select max(x.value ->> 'end') from convention_lines l, jsonb_array_elements(l.segments) x
              where l.convention_id = c.id) as period_end,
            s.session_date::text as session_date, st.legal_name as structure_name
       from conventions c
       join committee_sessions s on s.id = c.session_id
       join structures st on st.id = c.structure_id
      ${conditions.length > 0 ? `where ${conditions.join(' and ')}` : ''}
      order by c.year, c.sequence`,
    params,
  );
}

export async function updateLineSegments(
  sql: Sql,
  lineId: number,
  segments: readonly { start: string; end: string; quantity: number | null; amount: number }[],
): Promise<void> {
  const amount = segments.reduce((sum, segment) => sum + segment.amount, 0);
  await sql.query('update convention_lines set segments = $2, amount_cents = $3 where id = $1', [
    lineId,
    JSON.stringify(segments),
    amount,
  ]);
}

export async function updateLineBilan(sql: Sql, lineId: number, bilan: unknown): Promise<void> {
  await sql.query('update convention_lines set bilan = $2 where id = $1', [lineId, JSON.stringify(bilan)]);
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

export interface ConventionFileRow {
  id: number;
  convention_id: number;
  file_name: string;
  media_type: string;
  sha256: string;
  size_bytes: number;
  uploaded_by: string;
}

export async function insertConventionFile(
  sql: Sql,
  file: {
    conventionId: number;
    fileName: string;
    mediaType: string;
    sha256: string;
    content: Buffer;
    uploadedBy: string;
  },
): Promise<void> {
  // Base64 text decoded by the database: far cheaper than a bytea parameter on the embedded engine.
  await sql.query(
    `insert into convention_files (convention_id, kind, file_name, media_type, sha256, size_bytes, content, uploaded_by)
     values ($1, 'signed_convention', $2, $3, $4, $5, decode($6, 'base64'), $7)`,
    [
      file.conventionId,
      file.fileName,
      file.mediaType,
      file.sha256,
      file.content.length,
      file.content.toString('base64'),
      file.uploadedBy,
    ],
  );
}

/** The signed document of a convention: the file whose sha-256 the convention keeps. */
export async function selectSignedFile(
  sql: Sql,
  conventionId: number,
): Promise<(ConventionFileRow & { content_base64: string }) | undefined> {
  const [row] = await sql.query<ConventionFileRow & { content_base64: string }>(
    `select f.id, f.convention_id, f.file_name, f.media_type, f.sha256, f.size_bytes, f.uploaded_by,
            encode(f.content, 'base64') as content_base64
       from convention_files f join conventions c on c.id = f.convention_id and c.signed_document_sha256 = f.sha256
      where f.convention_id = $1
      order by f.id desc limit 1`,
    [conventionId],
  );
  return row;
}

export async function selectSignedFileInfo(
  sql: Sql,
  conventionId: number,
): Promise<ConventionFileRow | undefined> {
  const [row] = await sql.query<ConventionFileRow>(
    `select f.id, f.convention_id, f.file_name, f.media_type, f.sha256, f.size_bytes, f.uploaded_by
       from convention_files f join conventions c on c.id = f.convention_id and c.signed_document_sha256 = f.sha256
      where f.convention_id = $1
      order by f.id desc limit 1`,
    [conventionId],
  );
  return row;
}

// ---------------------------------------------------------------------------------------------
// Amendments
// ---------------------------------------------------------------------------------------------

export interface AmendmentRow {
  id: number;
  convention_id: number;
  convention_number: string;
  rank: number;
  state: string;
  effective_from: string;
  proposed_on: string;
  proposed_by: string;
  amount_before_cents: number;
  amount_after_cents: number;
  delta_cents: number;
  lines: unknown;
  budget_deltas: unknown;
  explanation: string;
  decided_on: string | null;
  decision_ref: string | null;
  version: number;
}

const AMENDMENT_COLUMNS = `a.id, a.convention_id, c.number as convention_number, a.rank, a.state,
  a.effective_from::text as effective_from, a.proposed_on::text as proposed_on, a.proposed_by,
  a.amount_before_cents, a.amount_after_cents, a.delta_cents, a.lines, a.budget_deltas, a.explanation,
  a.decided_on::text as decided_on, a.decision_ref, a.version`;

export function selectAmendmentsOfConvention(sql: Sql, conventionId: number): Promise<AmendmentRow[]> {
  return sql.query<AmendmentRow>(
    `select ${AMENDMENT_COLUMNS} from amendments a join conventions c on c.id = a.convention_id
      where a.convention_id = $1 order by a.rank`,
    [conventionId],
  );
}

export async function selectAmendment(
  sql: Sql,
  id: number,
  options?: { forUpdate?: boolean },
): Promise<AmendmentRow | undefined> {
  if (options?.forUpdate) await sql.query('select id from amendments where id = $1 for update', [id]);
  const [row] = await sql.query<AmendmentRow>(
    `select ${AMENDMENT_COLUMNS} from amendments a join conventions c on c.id = a.convention_id where a.id = $1`,
    [id],
  );
  return row;
}

export async function insertAmendment(
  sql: Sql,
  amendment: {
    conventionId: number;
    effectiveFrom: string;
    proposedOn: string;
    proposedBy: string;
    amountBefore: number;
    amountAfter: number;
    delta: number;
    lines: unknown;
    budgetDeltas: unknown;
    explanation: string;
  },
): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `insert into amendments (convention_id, rank, effective_from, proposed_on, proposed_by, amount_before_cents,
       amount_after_cents, delta_cents, lines, budget_deltas, explanation)
     values ($1, (select coalesce(max(rank), 0) + 1 from amendments where convention_id = $1), $2, $3, $4, $5, $6, $7,
       $8, $9, $10)
     returning id`,
    [
      amendment.conventionId,
      amendment.effectiveFrom,
      amendment.proposedOn,
      amendment.proposedBy,
      amendment.amountBefore,
      amendment.amountAfter,
      amendment.delta,
      JSON.stringify(amendment.lines),
      JSON.stringify(amendment.budgetDeltas),
      amendment.explanation,
    ],
  );
  return Number((row as { id: number }).id);
}

export async function updateAmendmentDecision(
  sql: Sql,
  id: number,
  decision: { state: string; decidedOn: string; decisionRef: string },
): Promise<void> {
  await sql.query(
    'update amendments set state = $2, decided_on = $3, decision_ref = $4, version = version + 1 where id = $1',
    [id, decision.state, decision.decidedOn, decision.decisionRef],
  );
}

// ---------------------------------------------------------------------------------------------
// Yearly accounts
// ---------------------------------------------------------------------------------------------

export function selectYearlyAccounts(
  sql: Sql,
  structureIds: readonly number[],
): Promise<{ structure_id: number; fiscal_year: number; received_on: string }[]> {
  return sql.query(
    `select structure_id, fiscal_year, received_on::text as received_on from structure_yearly_accounts
      where structure_id = any($1::bigint[]) order by fiscal_year`,
    [structureIds],
  );
}

export async function upsertYearlyAccounts(
  sql: Sql,
  accounts: { structureId: number; fiscalYear: number; receivedOn: string; recordedBy: string },
): Promise<{ received_on: string } | undefined> {
  const [before] = await sql.query<{ received_on: string }>(
    'select received_on::text as received_on from structure_yearly_accounts where structure_id = $1 and fiscal_year = $2',
    [accounts.structureId, accounts.fiscalYear],
  );
  await sql.query(
    `insert into structure_yearly_accounts (structure_id, fiscal_year, received_on, recorded_by) values ($1, $2, $3, $4)
     on conflict (structure_id, fiscal_year) do update set received_on = excluded.received_on,
       recorded_by = excluded.recorded_by`,
    [accounts.structureId, accounts.fiscalYear, accounts.receivedOn, accounts.recordedBy],
  );
  return before;
}

export async function bumpConventionVersion(sql: Sql, id: number): Promise<void> {
  await sql.query('update conventions set version = version + 1 where id = $1', [id]);
}
