/**
 * Payments of convention lines. A request runs in one transaction that first locks the convention
 * line (`select … for update`), so that concurrent requests on one line are checked one after the
 * other; it computes the line's schedule, ledger and blocking reasons with the pure domain from
 * what is stored, then records the payment with its audit row, or gives back the payment already
 * requested with the same idempotency key. The database backs both guards: a unique idempotency
 * key and one live payment per part of a line. A request that still meets one of those constraints
 * (two first requests racing past the lock-free reads) is retried once and then finds the other.
 */
import type { Actor } from '../../kernel/actor.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/dates.ts';
import { DomainError } from '../../kernel/errors.ts';
import { type Cents, cents, formatEuros } from '../../kernel/money.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import { type ConventionLineView, getConventionLine } from '../conventions/index.ts';
import { getStructure } from '../structures/index.ts';
import type { LineAccount } from './domain/ledger.ts';
import {
  type BlockingReason,
  type BlockingReasonCode,
  PAYMENT_STATE_LABELS,
  type Payment,
  type PaymentState,
  requestPayment as requestPaymentInDomain,
} from './domain/payment.ts';
import {
  computeSchedule,
  type DueAfter,
  type PaymentTerms,
  type SchedulePart,
  type SchedulePartKind,
} from './domain/schedule.ts';
import {
  insertPayment,
  type PaymentRow,
  selectPaymentByKey,
  selectPaymentsOfLine,
} from './payments.repository.ts';

export interface PaymentView {
  id: number;
  conventionLineId: number;
  /** The schedule part: "advance", "instalment-1", "balance". */
  part: string;
  kind: SchedulePartKind;
  amountCents: number;
  scheduledAmountCents: number | null;
  state: PaymentState;
  idempotencyKey: string;
  requestedBy: string;
  requestedOn: PlainDate;
  /** The reasons that forbade it when it was requested (it cannot be validated until they are lifted). */
  blockedReasons: BlockingReason[];
}

export interface RequestPaymentResult {
  payment: PaymentView;
  /** false when the idempotency key had already been used for this same payment. */
  created: boolean;
  /** What forbids it now. */
  blockers: BlockingReason[];
}

/**
 * Reasons that refuse the request outright (nothing is recorded); the others (bank details,
 * documents, dates) are recorded with the payment, to be shown and lifted.
 */
const REFUSING: ReadonlySet<BlockingReasonCode> = new Set<BlockingReasonCode>([
  'CONVENTION_NOT_SIGNED',
  'CONVENTION_CLOSED',
  'CONVENTION_TERMINATED',
  'PART_ALREADY_PAID',
  'AMOUNT_NOT_POSITIVE',
  'AMOUNT_ABOVE_SCHEDULE',
  'AMOUNT_EXCEEDS_REMAINING',
]);

function kindOf(part: string): SchedulePartKind {
  if (part === 'advance' || part === 'balance') return part;
  return 'instalment';
}

function toView(row: PaymentRow): PaymentView {
  return {
    id: Number(row.id),
    conventionLineId: Number(row.convention_line_id),
    part: row.part,
    kind: kindOf(row.part),
    amountCents: Number(row.amount_cents),
    scheduledAmountCents: row.scheduled_amount_cents === null ? null : Number(row.scheduled_amount_cents),
    state: row.state as PaymentState,
    idempotencyKey: row.idempotency_key,
    requestedBy: row.requested_by,
    requestedOn: row.requested_on as PlainDate,
    blockedReasons: (row.blocked_reasons ?? []) as BlockingReason[],
  };
}

/** The stored payment as the domain sees it; `line` null for a payment of another line. */
function toDomain(row: PaymentRow, line: ConventionLineView | null): Payment {
  return {
    idempotencyKey: row.idempotency_key,
    conventionRef: line?.conventionNumber ?? '',
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

/** The payment terms of the line's operation (its convention terms). */
function termsOf(line: ConventionLineView): PaymentTerms {
  return {
    advance:
      line.advancePercent === null || line.advancePercent === 0
        ? { kind: 'none' }
        : { kind: 'percent', percent: line.advancePercent },
    balance: 'prorated_to_objectives',
  };
}

function todayDate(): PlainDate {
  return parsePlainDate(new Date().toISOString().slice(0, 10));
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export interface PaymentRequestInput {
  conventionLineId: number;
  /** The schedule part: "advance", "instalment-1", "balance". */
  part: string;
  /** Defaults to the part's amount in the schedule; required for the balance. */
  amountCents?: number | undefined;
  idempotencyKey: string;
}

/**
 * Requests a payment of a convention line. The same idempotency key with the same content gives
 * back the same payment (created: false); with another content it is refused. A second key for a
 * part that already has a live payment (not cancelled) is refused, as is a payment on a convention
 * that is not signed, or beyond the schedule or what is left on the line.
 */
export async function requestPayment(
  db: Database,
  actor: Actor,
  input: PaymentRequestInput,
  options: { today?: PlainDate } = {},
): Promise<RequestPaymentResult> {
  const today = options.today ?? todayDate();
  try {
    return await db.transaction((tx) => requestInTransaction(tx, actor, input, today));
  } catch (error) {
    // Another request committed the same key (or the same part) meanwhile: read again, once.
    if (!isUniqueViolation(error)) throw error;
    return db.transaction((tx) => requestInTransaction(tx, actor, input, today));
  }
}

async function requestInTransaction(
  tx: Sql,
  actor: Actor,
  input: PaymentRequestInput,
  today: PlainDate,
): Promise<RequestPaymentResult> {
  const key = input.idempotencyKey.trim();
  const line = await getConventionLine(tx, input.conventionLineId, { lock: true });
  const schedule = computeSchedule(cents(line.amountCents), termsOf(line));
  const part = schedule.parts.find((candidate) => candidate.key === input.part);
  if (!part) {
    throw new DomainError(
      'SCHEDULE_PART_UNKNOWN',
      `L'échéancier de cette ligne ne prévoit pas de versement « ${input.part} » (possible : ${schedule.parts
        .filter((candidate) => candidate.amount > 0)
        .map((candidate) => candidate.label)
        .join(', ')}).`,
      { field: 'part' },
    );
  }
  const amount = amountOf(part, input.amountCents);

  const rows = await selectPaymentsOfLine(tx, line.id);
  const sameKey = key === '' ? undefined : await selectPaymentByKey(tx, key);
  const ofLine = rows.map((row) => toDomain(row, line));
  const existing =
    sameKey && Number(sameKey.convention_line_id) !== line.id ? [...ofLine, toDomain(sameKey, null)] : ofLine;

  const structure = await getStructure(tx, line.structureId);
  const account: LineAccount = {
    conventionRef: line.conventionNumber,
    structureRef: String(line.structureId),
    lineKey: String(line.id),
    budgetLine: line.budgetLineCode,
    voted: cents(line.amountCents),
    committed: cents(line.amountCents),
    terminationCap: null,
    finalDue: null,
    payments: ofLine,
    recoveries: [],
  };
  const result = requestPaymentInDomain(
    existing,
    {
      idempotencyKey: key,
      conventionRef: line.conventionNumber,
      lineKey: String(line.id),
      part,
      amount,
      requestedOn: today,
    },
    {
      account,
      conventionState: line.conventionState,
      bank: { iban: structure.iban, bic: structure.bic },
      // Neither the bilans nor the yearly accounts are recorded yet.
      documents: { bilanReceived: false, yearlyAccountsMissing: false },
      today,
    },
  );

  if (!result.created) {
    if (!sameKey) throw new Error(`Versement de clé ${key} introuvable.`);
    return { payment: toView(sameKey), created: false, blockers: result.blockers };
  }

  const live = rows.find((row) => row.part === part.key && row.state !== 'cancelled');
  if (live) {
    throw new DomainError(
      'PAYMENT_PART_ALREADY_REQUESTED',
      `${part.label} déjà demandée pour cette ligne (versement n°${live.id} de ${formatEuros(cents(Number(live.amount_cents)))}, « ${PAYMENT_STATE_LABELS[live.state as PaymentState]} ») : annulez-la avant d'en demander une autre.`,
      { field: 'part', details: { paymentId: Number(live.id) } },
    );
  }
  const refusing = result.blockers.filter((reason) => REFUSING.has(reason.code));
  if (refusing.length > 0) {
    throw new DomainError(
      'PAYMENT_REFUSED',
      `Versement refusé : ${refusing.map((reason) => reason.message).join(' ')}`,
      { field: 'conventionLineId', details: { reasons: refusing } },
    );
  }

  const row = await insertPayment(tx, {
    conventionLineId: line.id,
    part: part.key,
    dueAfter: result.payment.dueAfter,
    scheduledAmountCents: result.payment.scheduledAmount,
    amountCents: amount,
    idempotencyKey: key,
    requestedBy: actor.login,
    requestedByUserId: actor.userId,
    requestedOn: today,
    blockedReasons: result.blockers,
  });
  const payment = toView(row);
  await recordAudit(tx, {
    actor,
    action: 'payment.request',
    entity: 'payment',
    entityId: payment.id,
    before: null,
    after: { ...payment, summary: result.transition?.change.summary ?? null },
  });
  return { payment, created: true, blockers: result.blockers };
}

function amountOf(part: SchedulePart, requested: number | undefined): Cents {
  if (requested === undefined) {
    if (part.kind === 'balance') {
      throw new DomainError('AMOUNT_MISSING', 'Indiquez le montant du solde à verser.', {
        field: 'amountCents',
      });
    }
    return part.amount;
  }
  if (!Number.isSafeInteger(requested)) {
    throw new DomainError('AMOUNT_INVALID', `Montant invalide (${requested} centimes).`, {
      field: 'amountCents',
    });
  }
  return cents(requested);
}
