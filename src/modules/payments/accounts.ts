/**
 * The accounts of convention lines, read from what is stored: each line's amount in force, what the
 * budget line holds for it, its termination cap, its bilan, payments and recovery orders, and the
 * documents its structure owes. The pure domain (ledger.ts, payment.ts) computes everything else.
 */
import { formatFrenchDate, type PlainDate, plainDate } from '../../kernel/dates.ts';
import { type Cents, cents } from '../../kernel/money.ts';
import type { Sql } from '../../platform/database.ts';
import { committedForApplications } from '../budget/index.ts';
import {
  type ConventionState,
  domainLine,
  type LineRecordRow,
  OperationCache,
  selectLineRecords,
  selectYearlyAccounts,
  type Termination,
} from '../conventions/index.ts';
import { getStructure } from '../structures/index.ts';
import {
  type LineAccount,
  type RecoveryOrder,
  type RecoveryReason,
  terminationCap,
} from './domain/ledger.ts';
import type { Payment, PaymentContext, PaymentState } from './domain/payment.ts';
import {
  type ConventionPaymentTerms,
  type DueAfter,
  type PaymentTerms,
  paymentTermsFromConvention,
  type SchedulePartKind,
} from './domain/schedule.ts';
import {
  type PaymentRow,
  type RecoveryRow,
  selectPaymentsOfLines,
  selectRecoveriesOfLines,
} from './payments.repository.ts';

export interface StoredBilan {
  receivedOn: PlainDate;
  achieved: number;
  target: number;
  finalDue: number;
  explanation: string;
}

export interface LoadedLine {
  row: LineRecordRow;
  account: LineAccount;
  paymentRows: PaymentRow[];
  recoveryRows: RecoveryRow[];
  termination: Termination | null;
  terminationCap: { amount: Cents; explanation: string } | null;
  bilan: StoredBilan | null;
  terms: PaymentTerms;
}

export function kindOf(part: string): SchedulePartKind {
  if (part === 'advance' || part === 'balance') return part;
  return 'instalment';
}

export function paymentOf(row: PaymentRow, conventionRef: string): Payment {
  return {
    idempotencyKey: row.idempotency_key,
    conventionRef,
    lineKey: String(row.convention_line_id),
    partKey: row.part,
    kind: kindOf(row.part),
    dueAfter: row.due_after as DueAfter,
    scheduledAmount: row.scheduled_amount_cents === null ? null : cents(Number(row.scheduled_amount_cents)),
    amount: cents(Number(row.amount_cents)),
    state: row.state as PaymentState,
    requestedOn: row.requested_on as PlainDate,
    validatedOn: row.validated_on as PlainDate | null,
    sentOn: row.sent_on as PlainDate | null,
    paidOn: row.paid_on as PlainDate | null,
    financeReference: row.finance_reference,
    cancelledOn: row.cancelled_on as PlainDate | null,
    cancelReason: row.cancel_reason,
  };
}

export function recoveryOf(row: RecoveryRow, conventionRef: string): RecoveryOrder {
  return {
    key: row.idempotency_key,
    conventionRef,
    lineKey: String(row.convention_line_id),
    reason: row.reason as RecoveryReason,
    amount: cents(Number(row.amount_cents)),
    state: row.state as RecoveryOrder['state'],
    issuedOn: row.issued_on as PlainDate,
    collectedOn: row.collected_on as PlainDate | null,
    cancelledOn: row.cancelled_on as PlainDate | null,
    cancelReason: row.cancel_reason,
    explanation: row.explanation,
  };
}

/** The payment terms of the line's operation (its convention terms). */
export function termsOf(row: LineRecordRow): PaymentTerms {
  // the operation's convention_terms (jsonb), validated when written (calls.schemas.ts, the dataset)
  return paymentTermsFromConvention((row.convention_terms ?? {}) as ConventionPaymentTerms);
}

/** Loads the accounts of the lines of a convention, of a call, of all conventions, or one line. */
export async function loadLines(
  sql: Sql,
  filter: { conventionId?: number; callCode?: string; lineId?: number },
): Promise<LoadedLine[]> {
  const rows = await selectLineRecords(sql, filter);
  if (rows.length === 0) return [];
  const ids = rows.map((row) => Number(row.id));
  // One after the other: `sql` may be a transaction's single connection.
  const payments = await selectPaymentsOfLines(sql, ids);
  const recoveries = await selectRecoveriesOfLines(sql, ids);
  const committed = await committedForApplications(
    sql,
    rows.map((row) => Number(row.application_id)),
  );
  const operations = new OperationCache(sql);
  const loaded: LoadedLine[] = [];
  for (const row of rows) {
    const id = Number(row.id);
    const paymentRows = payments.filter((payment) => Number(payment.convention_line_id) === id);
    const recoveryRows = recoveries.filter((order) => Number(order.convention_line_id) === id);
    const termination = (row.convention_termination ?? null) as Termination | null;
    let cap: LoadedLine['terminationCap'] = null;
    if (termination !== null) {
      const { cap: amount, explanation } = terminationCap(await domainLine(row, operations), termination);
      cap = { amount, explanation };
    }
    const bilan = (row.bilan ?? null) as StoredBilan | null;
    loaded.push({
      row,
      paymentRows,
      recoveryRows,
      termination,
      terminationCap: cap,
      bilan,
      terms: termsOf(row),
      account: {
        conventionRef: row.convention_number,
        structureRef: String(row.structure_id),
        lineKey: String(id),
        budgetLine: row.budget_line_code,
        voted: cents(Number(row.amount_cents)),
        committed: cents(committed.get(Number(row.application_id)) ?? 0),
        terminationCap: cap?.amount ?? null,
        finalDue: bilan === null ? null : cents(Number(bilan.finalDue)),
        payments: paymentRows.map((payment) => paymentOf(payment, row.convention_number)),
        recoveries: recoveryRows.map((order) => recoveryOf(order, row.convention_number)),
      },
    });
  }
  return loaded;
}

export interface YearlyAccountsDue {
  fiscalYear: number;
  dueBy: PlainDate;
  receivedOn: PlainDate | null;
}

/** The fiscal years of a period, each with its deadline (six months after its end) and receipt. */
export function yearlyAccountsOf(
  period: { start: PlainDate; end: PlainDate } | null,
  received: readonly { fiscal_year: number; received_on: string }[],
): YearlyAccountsDue[] {
  if (period === null) return [];
  const first = Number(period.start.slice(0, 4));
  const last = Number(period.end.slice(0, 4));
  const years: YearlyAccountsDue[] = [];
  for (let year = first; year <= last; year += 1) {
    const found = received.find((row) => Number(row.fiscal_year) === year);
    years.push({
      fiscalYear: year,
      dueBy: plainDate(year + 1, 6, 30),
      receivedOn: (found?.received_on ?? null) as PlainDate | null,
    });
  }
  return years;
}

/**
 * What payments need of a structure (its bank details, its yearly accounts), read once per
 * structure by a reader shared across the lines of one list or export.
 */
export class StructureFacts {
  readonly #sql: Sql;
  readonly #structures = new Map<number, Promise<Awaited<ReturnType<typeof getStructure>>>>();
  readonly #accounts = new Map<number, Promise<{ fiscal_year: number; received_on: string }[]>>();
  constructor(sql: Sql) {
    this.#sql = sql;
  }
  structure(id: number): ReturnType<typeof getStructure> {
    let found = this.#structures.get(id);
    if (!found) {
      found = getStructure(this.#sql, id);
      this.#structures.set(id, found);
    }
    return found;
  }
  yearlyAccounts(id: number): Promise<{ fiscal_year: number; received_on: string }[]> {
    let found = this.#accounts.get(id);
    if (!found) {
      found = selectYearlyAccounts(this.#sql, [id]);
      this.#accounts.set(id, found);
    }
    return found;
  }
}

/** Everything a payment's check needs besides the line's account. */
export async function paymentContext(
  sql: Sql,
  line: LoadedLine,
  today: PlainDate,
  facts: StructureFacts = new StructureFacts(sql),
): Promise<PaymentContext> {
  const structureId = Number(line.row.structure_id);
  const structure = await facts.structure(structureId);
  const segments = (line.row.segments ?? []) as { start: string; end: string }[];
  const period =
    segments.length === 0
      ? null
      : {
          start: segments[0]?.start as PlainDate,
          end: segments[segments.length - 1]?.end as PlainDate,
        };
  const accounts = yearlyAccountsOf(period, await facts.yearlyAccounts(structureId));
  return {
    account: line.account,
    conventionState: line.row.convention_state as ConventionState,
    bank: { iban: structure.iban, bic: structure.bic },
    documents: {
      bilanReceived: line.bilan !== null,
      yearlyAccountsMissing: accounts.some((year) => year.receivedOn === null && year.dueBy < today),
    },
    today,
  };
}

export function describeYearlyAccounts(year: YearlyAccountsDue): string {
  return `Comptes ${year.fiscalYear} dus au ${formatFrenchDate(year.dueBy)}`;
}
