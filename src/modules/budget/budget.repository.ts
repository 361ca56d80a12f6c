/** The only SQL of the budget module. */
import type { Sql } from '../../platform/database.ts';

export interface BudgetLineRow {
  id: number;
  code: string;
  label: string;
  nature: string;
  chapter: string;
  function_code: string;
  imputation: string;
  ae_cents: number;
}

export type CommitmentStatus = 'proposed' | 'committed' | 'cancelled';

export async function insertBudgetLine(sql: Sql, line: Omit<BudgetLineRow, 'id'>): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `insert into budget_lines (code, label, nature, chapter, function_code, imputation, ae_cents)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [line.code, line.label, line.nature, line.chapter, line.function_code, line.imputation, line.ae_cents],
  );
  return (row as { id: number }).id;
}

export async function insertCommitment(
  sql: Sql,
  commitment: {
    budgetLineId: number;
    applicationId: number | null;
    callId: number | null;
    label: string;
    amount: number;
    status: CommitmentStatus;
    decidedOn: string | null;
    amendmentId?: number | null;
  },
): Promise<void> {
  await sql.query(
    `insert into budget_commitments (budget_line_id, application_id, call_id, label, amount_cents, status, decided_on,
       amendment_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      commitment.budgetLineId,
      commitment.applicationId,
      commitment.callId,
      commitment.label,
      commitment.amount,
      commitment.status,
      commitment.decidedOn,
      commitment.amendmentId ?? null,
    ],
  );
}

const LINE_COLUMNS = 'id, code, label, nature, chapter, function_code, imputation, ae_cents';

export function selectBudgetLines(sql: Sql): Promise<BudgetLineRow[]> {
  return sql.query<BudgetLineRow>(`select ${LINE_COLUMNS} from budget_lines order by code`);
}

/** Locks the line until the end of the transaction: concurrent charges to it are serialised. */
export async function lockBudgetLine(sql: Sql, id: number): Promise<BudgetLineRow | undefined> {
  const rows = await sql.query<BudgetLineRow>(
    `select ${LINE_COLUMNS} from budget_lines where id = $1 for update`,
    [id],
  );
  return rows[0];
}

export async function sumLiveCommitments(sql: Sql, lineId: number, exceptApplicationId: number | null) {
  const [row] = await sql.query<{ total: number }>(
    `select coalesce(sum(amount_cents), 0)::bigint as total from budget_commitments
      where budget_line_id = $1 and status <> 'cancelled'
        and ($2::bigint is null or application_id is distinct from $2 or amendment_id is not null)`,
    [lineId, exceptApplicationId],
  );
  return row?.total ?? 0;
}

export async function setCommitmentStatus(
  sql: Sql,
  applicationId: number,
  from: readonly CommitmentStatus[],
  to: CommitmentStatus,
  decidedOn: string | null,
): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `update budget_commitments set status = $3, decided_on = coalesce($4, decided_on)
      where application_id = $1 and amendment_id is null and status = any($2::text[]) returning id`,
    [applicationId, from, to, decidedOn],
  );
  return rows.length;
}

export interface CallLineFigures {
  budget_line_id: number;
  committed_before: number;
  proposed: number;
}

/**
 * Per budget line: what was committed outside this call (before it), and what this call's
 * applications charge (proposed, or already voted).
 */
export function selectCallLineFigures(sql: Sql, callId: number): Promise<CallLineFigures[]> {
  return sql.query<CallLineFigures>(
    `select budget_line_id,
            coalesce(sum(amount_cents) filter (where status = 'committed' and call_id is distinct from $1), 0)::bigint
              as committed_before,
            coalesce(sum(amount_cents) filter (where status <> 'cancelled' and call_id = $1), 0)::bigint as proposed
       from budget_commitments group by budget_line_id`,
    [callId],
  );
}

export async function setAmendmentCommitmentStatus(
  sql: Sql,
  amendmentId: number,
  from: CommitmentStatus,
  to: CommitmentStatus,
  decidedOn: string | null,
): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `update budget_commitments set status = $3, decided_on = coalesce($4, decided_on)
      where amendment_id = $1 and status = $2 returning id`,
    [amendmentId, from, to, decidedOn],
  );
  return rows.length;
}

/** Σ of the live commitments (proposed or committed) of each application, amendments included. */
export async function selectLiveCommitmentsOfApplications(
  sql: Sql,
  applicationIds: readonly number[],
): Promise<Map<number, number>> {
  const rows = await sql.query<{ application_id: number; total: number }>(
    `select application_id, coalesce(sum(amount_cents), 0)::bigint as total from budget_commitments
      where application_id = any($1::bigint[]) and status <> 'cancelled' group by application_id`,
    [applicationIds],
  );
  return new Map(rows.map((row) => [Number(row.application_id), Number(row.total)]));
}
