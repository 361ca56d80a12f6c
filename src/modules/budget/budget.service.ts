/** Use cases of the budget module: envelopes per line and the charges of applications. */
import { DomainError, NotFoundError } from '../../kernel/errors.ts';
import { type Cents, cents } from '../../kernel/money.ts';
import type { Sql } from '../../platform/database.ts';
import {
  type BudgetLineRow,
  insertCommitment,
  lockBudgetLine,
  selectBudgetLines,
  selectCallLineFigures,
  selectLiveCommitmentsOfApplications,
  setAmendmentCommitmentStatus,
  setCommitmentStatus,
  sumLiveCommitments,
} from './budget.repository.ts';
import { assertChargeFits, computeEnvelope, type Envelope } from './domain/envelope.ts';

export interface BudgetLine {
  id: number;
  code: string;
  label: string;
  nature: string;
  chapter: string;
  functionCode: string;
  imputation: string;
  ae: Cents;
}

export interface BudgetLineSituation extends Envelope {
  line: BudgetLine;
}

function toLine(row: BudgetLineRow): BudgetLine {
  return {
    id: row.id,
    code: row.code,
    label: row.label,
    nature: row.nature,
    chapter: row.chapter,
    functionCode: row.function_code,
    imputation: row.imputation,
    ae: cents(row.ae_cents),
  };
}

export async function listBudgetLines(sql: Sql): Promise<BudgetLine[]> {
  return (await selectBudgetLines(sql)).map(toLine);
}

/** The budget table of a call's report: one row per line its operations use. */
export async function getCallBudget(
  sql: Sql,
  options: { callId: number; budgetLineIds: readonly number[] },
): Promise<BudgetLineSituation[]> {
  const [lines, figures] = await Promise.all([
    selectBudgetLines(sql),
    selectCallLineFigures(sql, options.callId),
  ]);
  const figuresByLine = new Map(figures.map((row) => [row.budget_line_id, row]));
  // In the order the call's operations use them (the report's order), not alphabetical.
  return lines
    .filter((line) => options.budgetLineIds.includes(line.id))
    .sort((a, b) => options.budgetLineIds.indexOf(a.id) - options.budgetLineIds.indexOf(b.id))
    .map((row) => {
      const line = toLine(row);
      const figure = figuresByLine.get(line.id);
      return {
        line,
        ...computeEnvelope({
          ae: line.ae,
          committedBefore: cents(figure?.committed_before ?? 0),
          proposed: cents(figure?.proposed ?? 0),
        }),
      };
    });
}

/**
 * Charges an application's retained amount to its budget line as a proposal, replacing any
 * earlier charge of the same application. The line is locked for the rest of the transaction, so
 * two concurrent proposals are checked one after the other and can never over-commit it.
 */
export async function chargeApplication(
  tx: Sql,
  charge: { applicationId: number; callId: number; budgetLineId: number; amount: Cents; label: string },
): Promise<void> {
  const line = await lockBudgetLine(tx, charge.budgetLineId);
  if (!line) throw new NotFoundError('Ligne budgétaire', charge.budgetLineId);
  const live = await sumLiveCommitments(tx, line.id, charge.applicationId);
  assertChargeFits({
    lineCode: line.code,
    ae: cents(line.ae_cents),
    liveCommitments: cents(live),
    charge: charge.amount,
  });
  await setCommitmentStatus(tx, charge.applicationId, ['proposed'], 'cancelled', null);
  await insertCommitment(tx, {
    budgetLineId: line.id,
    applicationId: charge.applicationId,
    callId: charge.callId,
    label: charge.label,
    amount: charge.amount,
    status: 'proposed',
    decidedOn: null,
  });
}

/** The committee voted: the application's proposed charge becomes a commitment. */
export async function commitApplication(tx: Sql, applicationId: number, decidedOn: string): Promise<void> {
  const changed = await setCommitmentStatus(tx, applicationId, ['proposed'], 'committed', decidedOn);
  if (changed === 0) {
    throw new DomainError(
      'BUDGET_NO_PROPOSAL',
      "Aucune proposition budgétaire n'est en cours pour cette demande.",
    );
  }
}

/** The application leaves the proposal (rejected, postponed, withdrawn): its charge is released. */
export async function releaseApplication(tx: Sql, applicationId: number): Promise<void> {
  await setCommitmentStatus(tx, applicationId, ['proposed'], 'cancelled', null);
}

/**
 * An amendment proposed to the committee: each positive delta is charged to its budget line as a
 * proposal, under the same guard as an application (the line locked, never beyond its AE). A
 * negative delta is only recorded when the amendment is voted (`commitAmendment`).
 */
export async function chargeAmendment(
  tx: Sql,
  charges: readonly {
    amendmentId: number;
    applicationId: number;
    callId: number | null;
    budgetLineId: number;
    delta: Cents;
    label: string;
  }[],
): Promise<void> {
  for (const charge of charges) {
    if (charge.delta <= 0) continue;
    const line = await lockBudgetLine(tx, charge.budgetLineId);
    if (!line) throw new NotFoundError('Ligne budgétaire', charge.budgetLineId);
    const live = await sumLiveCommitments(tx, line.id, null);
    assertChargeFits({
      lineCode: line.code,
      ae: cents(line.ae_cents),
      liveCommitments: cents(live),
      charge: charge.delta,
    });
    await insertCommitment(tx, {
      budgetLineId: line.id,
      applicationId: charge.applicationId,
      callId: charge.callId,
      label: charge.label,
      amount: charge.delta,
      status: 'proposed',
      decidedOn: null,
      amendmentId: charge.amendmentId,
    });
  }
}

/**
 * The committee voted the amendment: its proposed charges become commitments, and its negative
 * deltas are recorded as committed reductions (the budget line gets the difference back).
 */
export async function commitAmendment(
  tx: Sql,
  amendmentId: number,
  decidedOn: string,
  charges: readonly {
    applicationId: number;
    callId: number | null;
    budgetLineId: number;
    delta: Cents;
    label: string;
  }[],
): Promise<void> {
  await setAmendmentCommitmentStatus(tx, amendmentId, 'proposed', 'committed', decidedOn);
  for (const charge of charges) {
    if (charge.delta >= 0) continue;
    await insertCommitment(tx, {
      budgetLineId: charge.budgetLineId,
      applicationId: charge.applicationId,
      callId: charge.callId,
      label: charge.label,
      amount: charge.delta,
      status: 'committed',
      decidedOn,
      amendmentId,
    });
  }
}

/** The amendment is rejected or withdrawn: its proposed charges are released. */
export async function releaseAmendment(tx: Sql, amendmentId: number): Promise<void> {
  await setAmendmentCommitmentStatus(tx, amendmentId, 'proposed', 'cancelled', null);
}

/** What each budget line holds for each application: Σ of its live commitments, amendments included. */
export function committedForApplications(
  sql: Sql,
  applicationIds: readonly number[],
): Promise<Map<number, number>> {
  return selectLiveCommitmentsOfApplications(sql, applicationIds);
}

export { insertBudgetLine, insertCommitment } from './budget.repository.ts';
