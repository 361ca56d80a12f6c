/**
 * Payments of convention lines. Every change runs in one transaction that first locks the convention
 * line (`select … for update`), so that requests and changes on one line are checked one after the
 * other; it loads the line's account (accounts.ts) and lets the pure domain decide (schedule,
 * ledger, blocking reasons), then stores the payment with its audit row. A request carries an
 * idempotency key: the same key gives back the payment already requested with it. The database backs
 * both guards: a unique idempotency key and one live payment per part of a line. A request that
 * still meets one of those constraints (two first requests racing past the lock-free reads) is
 * retried once and then finds the other.
 */
import type { Actor } from '../../kernel/actor.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/dates.ts';
import { DomainError, NotFoundError } from '../../kernel/errors.ts';
import { type Cents, cents, formatEuros } from '../../kernel/money.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import { lockConventionLine, type PaymentAction, type PaymentView } from '../conventions/index.ts';
import { kindOf, type LoadedLine, loadLines, paymentContext, paymentOf } from './accounts.ts';
import {
  type BlockingReason,
  type BlockingReasonCode,
  cancelPayment as cancelInDomain,
  PAYMENT_KIND_LABELS,
  PAYMENT_STATE_LABELS,
  type PaymentContext,
  type PaymentState,
  type PaymentTransition,
  paymentBlockers,
  recordPaymentPaid,
  requestPayment as requestPaymentInDomain,
  sendPayment as sendInDomain,
  validatePayment as validateInDomain,
} from './domain/payment.ts';
import { computeSchedule, type SchedulePart } from './domain/schedule.ts';
import {
  insertPayment,
  type PaymentRow,
  selectPayment,
  selectPaymentByKey,
  updatePaymentState,
} from './payments.repository.ts';

export type { PaymentView };

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
  'BALANCE_SETTLED',
]);

export function todayDate(): PlainDate {
  return parsePlainDate(new Date().toISOString().slice(0, 10));
}

export function partLabel(part: string): string {
  if (part === 'advance' || part === 'balance') return PAYMENT_KIND_LABELS[part];
  return `${PAYMENT_KIND_LABELS.instalment} ${part.slice('instalment-'.length)}`;
}

function actionsOf(state: PaymentState, blockers: readonly BlockingReason[]): PaymentAction[] {
  switch (state) {
    case 'requested':
      return blockers.length === 0 ? ['validate', 'cancel'] : ['cancel'];
    case 'validated':
      return blockers.length === 0 ? ['send', 'cancel'] : ['cancel'];
    case 'sent':
      return ['record_paid', 'cancel'];
    default:
      return [];
  }
}

/** The payment as the screens show it, with what blocks its next step now. */
export function toPaymentView(row: PaymentRow, context: PaymentContext | null): PaymentView {
  const state = row.state as PaymentState;
  const live = state === 'requested' || state === 'validated';
  const blockers =
    live && context !== null ? paymentBlockers(paymentOf(row, context.account.conventionRef), context) : [];
  return {
    id: Number(row.id),
    conventionLineId: Number(row.convention_line_id),
    part: row.part,
    kind: kindOf(row.part),
    label: partLabel(row.part),
    amountCents: Number(row.amount_cents),
    scheduledAmountCents: row.scheduled_amount_cents === null ? null : Number(row.scheduled_amount_cents),
    state,
    stateLabel: PAYMENT_STATE_LABELS[state],
    idempotencyKey: row.idempotency_key,
    requestedBy: row.requested_by,
    requestedOn: row.requested_on as PlainDate,
    validatedOn: row.validated_on as PlainDate | null,
    sentOn: row.sent_on as PlainDate | null,
    paidOn: row.paid_on as PlainDate | null,
    financeReference: row.finance_reference,
    cancelledOn: row.cancelled_on as PlainDate | null,
    cancelReason: row.cancel_reason,
    blockers,
    actions: actionsOf(state, blockers),
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/** Locks the line and loads its account. */
export async function lockLine(tx: Sql, lineId: number): Promise<LoadedLine> {
  await lockConventionLine(tx, lineId);
  const [line] = await loadLines(tx, { lineId });
  if (!line) throw new NotFoundError('Ligne de convention', lineId);
  return line;
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
  const line = await lockLine(tx, input.conventionLineId);
  const schedule = computeSchedule(line.account.voted, line.terms);
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
  const sameKey = key === '' ? undefined : await selectPaymentByKey(tx, key);
  const ofLine = line.account.payments;
  const existing =
    sameKey && Number(sameKey.convention_line_id) !== Number(line.row.id)
      ? [...ofLine, { ...paymentOf(sameKey, ''), lineKey: String(sameKey.convention_line_id) }]
      : ofLine;
  const context = await paymentContext(tx, line, today);
  const result = requestPaymentInDomain(
    existing,
    {
      idempotencyKey: key,
      conventionRef: line.row.convention_number,
      lineKey: String(line.row.id),
      part,
      amount,
      requestedOn: today,
    },
    context,
  );

  if (!result.created) {
    if (!sameKey) throw new Error(`Versement de clé ${key} introuvable.`);
    return { payment: toPaymentView(sameKey, context), created: false, blockers: result.blockers };
  }

  const live = line.paymentRows.find((row) => row.part === part.key && row.state !== 'cancelled');
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
    conventionLineId: Number(line.row.id),
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
  const after = { ...context, account: { ...context.account, payments: [...ofLine, result.payment] } };
  const payment = toPaymentView(row, after);
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

/** Locks the payment's line, applies a change decided by the domain, stores and audits it. */
async function changePayment(
  db: Database,
  actor: Actor,
  paymentId: number,
  decide: (row: PaymentRow, context: PaymentContext) => PaymentTransition,
  today: PlainDate,
): Promise<PaymentView> {
  return db.transaction(async (tx) => {
    const found = await selectPayment(tx, paymentId);
    if (!found) throw new NotFoundError('Versement', paymentId);
    const line = await lockLine(tx, Number(found.convention_line_id));
    const row = line.paymentRows.find((candidate) => Number(candidate.id) === paymentId);
    if (!row) throw new NotFoundError('Versement', paymentId);
    const context = await paymentContext(tx, line, today);
    const before = toPaymentView(row, context);
    const transition = decide(row, context);
    const next = transition.after;
    await updatePaymentState(tx, paymentId, {
      state: next.state,
      validatedOn: next.validatedOn,
      sentOn: next.sentOn,
      paidOn: next.paidOn,
      financeReference: next.financeReference,
      cancelledOn: next.cancelledOn,
      cancelReason: next.cancelReason,
      blockedReasons: [],
    });
    const reloaded = await lockLine(tx, line.row.id);
    const saved = reloaded.paymentRows.find((candidate) => Number(candidate.id) === paymentId) as PaymentRow;
    const after = toPaymentView(saved, await paymentContext(tx, reloaded, today));
    await recordAudit(tx, {
      actor,
      action: `payment.${transition.change.action}`,
      entity: 'payment',
      entityId: paymentId,
      before,
      after: { ...after, summary: transition.change.summary },
    });
    return after;
  });
}

/** A change the domain checks against the line's context (validation, sending), made today. */
function changeCheckedToday(
  db: Database,
  actor: Actor,
  paymentId: number,
  decide: typeof validateInDomain,
  options: { today?: PlainDate },
): Promise<PaymentView> {
  const today = options.today ?? todayDate();
  return changePayment(
    db,
    actor,
    paymentId,
    (row, context) => decide(paymentOf(row, context.account.conventionRef), context, { on: today }),
    today,
  );
}

/** Validates a requested payment: refused (422, with its reasons) while anything blocks it. */
export function validatePayment(
  db: Database,
  actor: Actor,
  paymentId: number,
  options: { today?: PlainDate } = {},
): Promise<PaymentView> {
  return changeCheckedToday(db, actor, paymentId, validateInDomain, options);
}

/** Marks a validated payment as sent to the finance software, after checking it again. */
export function sendPayment(
  db: Database,
  actor: Actor,
  paymentId: number,
  options: { today?: PlainDate } = {},
): Promise<PaymentView> {
  return changeCheckedToday(db, actor, paymentId, sendInDomain, options);
}

/** The finance software reports the payment made. */
export function markPaymentPaid(
  db: Database,
  actor: Actor,
  paymentId: number,
  input: { paidOn: string; financeReference: string },
  options: { today?: PlainDate } = {},
): Promise<PaymentView> {
  const today = options.today ?? todayDate();
  const paidOn = parsePlainDate(input.paidOn, 'paidOn');
  if (paidOn > today) {
    throw new DomainError('DATE_IN_FUTURE', 'La date de paiement ne peut pas être dans le futur.', {
      field: 'paidOn',
    });
  }
  return changePayment(
    db,
    actor,
    paymentId,
    (row, context) => {
      if (row.sent_on !== null && paidOn < (row.sent_on as PlainDate)) {
        throw new DomainError(
          'PAID_BEFORE_SENT',
          'La date de paiement précède la transmission au logiciel financier.',
          { field: 'paidOn' },
        );
      }
      return recordPaymentPaid(paymentOf(row, context.account.conventionRef), {
        on: paidOn,
        financeReference: input.financeReference,
      });
    },
    today,
  );
}

export function cancelPayment(
  db: Database,
  actor: Actor,
  paymentId: number,
  input: { reason: string },
  options: { today?: PlainDate } = {},
): Promise<PaymentView> {
  const today = options.today ?? todayDate();
  return changePayment(
    db,
    actor,
    paymentId,
    (row, context) =>
      cancelInDomain(paymentOf(row, context.account.conventionRef), { on: today, reason: input.reason }),
    today,
  );
}
