/**
 * A payment (versement) of a convention line: an advance, an instalment (acompte) or the balance
 * (solde). It is requested, validated, sent to the finance software, then paid; it may be
 * cancelled until it is paid (a rejection by the finance software or the bank is a cancellation
 * with its reason). A payment is blocked, with its reasons in French, while anything forbids it:
 *
 *   - the convention is not signed, is closed, or is terminated (only the balance of the period
 *     carried out may still be paid after a termination);
 *   - the bank details are missing or invalid ("le versement des acomptes et celui du solde ne
 *     peuvent intervenir qu'après la production d'un relevé d'identité bancaire", article 5);
 *   - documents due are missing: the bilan for the balance and for instalments that wait for it,
 *     the yearly accounts due within six months of the year end for any payment ("à défaut, le
 *     Département pourra suspendre les contributions financières", article 6-2);
 *   - an instalment's date has not come;
 *   - the part is already paid or on its way, or the amount is beyond its scheduled part or beyond
 *     what is left on the line: due − (paid − recovered) − the other payments validated or sent
 *     (see ledger.ts), so that no euro is paid twice nor beyond what was voted.
 *
 * The reasons are checked when the payment is requested (to show them), and enforced when it is
 * validated and again when it is sent (the bank details or the ledger may have changed meanwhile).
 * A request carries an idempotency key: the same key gives back the same payment.
 */
import { formatFrenchDate, type PlainDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { checkBicMatchesIban, validateBic, validateIban } from '../../../kernel/identifiers.ts';
import { type Cents, formatEuros, ZERO } from '../../../kernel/money.ts';
import type { ConventionState } from '../../conventions/domain/lifecycle.ts';
import { computeLineLedger, isInFlight, type LineAccount, payableLeft } from './ledger.ts';
import { type DueAfter, describeDueAfter, type SchedulePart, type SchedulePartKind } from './schedule.ts';

export type PaymentState = 'requested' | 'validated' | 'sent' | 'paid' | 'cancelled';

export const PAYMENT_STATES: readonly PaymentState[] = [
  'requested',
  'validated',
  'sent',
  'paid',
  'cancelled',
];

export const PAYMENT_STATE_LABELS: Record<PaymentState, string> = {
  requested: 'Demandé',
  validated: 'Validé',
  sent: 'Transmis au logiciel financier',
  paid: 'Payé',
  cancelled: 'Annulé',
};

export const PAYMENT_KIND_LABELS: Record<SchedulePartKind, string> = {
  advance: 'Avance',
  instalment: 'Acompte',
  balance: 'Solde',
};

const TRANSITIONS: Record<PaymentState, readonly PaymentState[]> = {
  requested: ['validated', 'cancelled'],
  validated: ['sent', 'cancelled'],
  sent: ['paid', 'cancelled'],
  paid: [],
  cancelled: [],
};

export function allowedPaymentTransitions(from: PaymentState): readonly PaymentState[] {
  return TRANSITIONS[from];
}

export function assertPaymentTransition(from: PaymentState, to: PaymentState): void {
  if (TRANSITIONS[from].includes(to)) return;
  const allowed = TRANSITIONS[from].map((state) => `« ${PAYMENT_STATE_LABELS[state]} »`).join(', ');
  throw new DomainError(
    'PAYMENT_TRANSITION_NOT_ALLOWED',
    `Un versement « ${PAYMENT_STATE_LABELS[from]} » ne peut pas passer à « ${PAYMENT_STATE_LABELS[to]} »${allowed ? ` (possible : ${allowed})` : ' (état final)'}.`,
    { field: 'state', details: { from, to } },
  );
}

export interface Payment {
  /** Chosen by the requester (the screen, the import): one key, one payment. */
  idempotencyKey: string;
  conventionRef: string;
  lineKey: string;
  /** The schedule part it pays: "advance", "instalment-1", "balance". */
  partKey: string;
  kind: SchedulePartKind;
  dueAfter: DueAfter;
  /** The part's amount in the schedule when requested; null for the balance (settled after the bilan). */
  scheduledAmount: Cents | null;
  amount: Cents;
  state: PaymentState;
  requestedOn: PlainDate;
  validatedOn: PlainDate | null;
  sentOn: PlainDate | null;
  paidOn: PlainDate | null;
  /** The mandate's reference in the finance software. */
  financeReference: string | null;
  cancelledOn: PlainDate | null;
  cancelReason: string | null;
}

// ---------------------------------------------------------------------------------------------
// Blocking reasons
// ---------------------------------------------------------------------------------------------

export type BlockingReasonCode =
  | 'CONVENTION_NOT_SIGNED'
  | 'CONVENTION_CLOSED'
  | 'CONVENTION_TERMINATED'
  | 'IBAN_MISSING'
  | 'IBAN_INVALID'
  | 'BIC_MISSING'
  | 'BIC_INVALID'
  | 'BIC_IBAN_MISMATCH'
  | 'YEARLY_ACCOUNTS_MISSING'
  | 'BILAN_MISSING'
  | 'NOT_YET_DUE'
  | 'BALANCE_NOT_SETTLED'
  | 'BALANCE_SETTLED'
  | 'PART_ALREADY_PAID'
  | 'AMOUNT_NOT_POSITIVE'
  | 'AMOUNT_ABOVE_SCHEDULE'
  | 'AMOUNT_EXCEEDS_REMAINING';

export interface BlockingReason {
  code: BlockingReasonCode;
  message: string;
}

/** Everything the check needs besides the payment, read by the service from the other modules. */
export interface PaymentContext {
  /** The line's money, its payments (this one may be among them) and recovery orders. */
  account: LineAccount;
  conventionState: ConventionState;
  /** The structure's bank details as recorded (unvalidated text). */
  bank: { iban: string | null; bic: string | null };
  documents: {
    bilanReceived: boolean;
    /** Yearly accounts whose deadline (six months after the year end) passed without them. */
    yearlyAccountsMissing: boolean;
  };
  today: PlainDate;
}

type PaymentFacts = Pick<
  Payment,
  'idempotencyKey' | 'kind' | 'partKey' | 'dueAfter' | 'scheduledAmount' | 'amount'
>;

export function bankReasons(bank: PaymentContext['bank']): BlockingReason[] {
  const reasons: BlockingReason[] = [];
  const iban = bank.iban?.trim() ? validateIban(bank.iban) : null;
  const bic = bank.bic?.trim() ? validateBic(bank.bic) : null;
  if (iban === null) {
    reasons.push({
      code: 'IBAN_MISSING',
      message: "L'IBAN de la structure n'est pas renseigné (RIB à produire).",
    });
  } else if (!iban.ok) {
    reasons.push({ code: 'IBAN_INVALID', message: iban.message });
  }
  if (bic === null) {
    reasons.push({
      code: 'BIC_MISSING',
      message: "Le BIC de la structure n'est pas renseigné (RIB à produire).",
    });
  } else if (!bic.ok) {
    reasons.push({ code: 'BIC_INVALID', message: bic.message });
  }
  if (iban?.ok && bic?.ok) {
    const match = checkBicMatchesIban(bic.value, iban.value);
    if (match.level === 'error') reasons.push({ code: 'BIC_IBAN_MISMATCH', message: match.message });
  }
  return reasons;
}

/** Every reason that forbids the payment now; empty when it may go. */
export function paymentBlockers(payment: PaymentFacts, context: PaymentContext): BlockingReason[] {
  const { account, conventionState, documents } = context;
  const reasons: BlockingReason[] = [];
  const isBalance = payment.kind === 'balance';

  if (conventionState === 'draft' || conventionState === 'sent_for_signature') {
    reasons.push({ code: 'CONVENTION_NOT_SIGNED', message: "La convention n'est pas signée." });
  } else if (conventionState === 'closed') {
    reasons.push({ code: 'CONVENTION_CLOSED', message: 'La convention est close.' });
  } else if (conventionState === 'terminated' && !isBalance) {
    reasons.push({
      code: 'CONVENTION_TERMINATED',
      message: 'La convention est résiliée : seul le solde de la période exécutée peut encore être versé.',
    });
  }
  reasons.push(...bankReasons(context.bank));
  if (documents.yearlyAccountsMissing) {
    reasons.push({
      code: 'YEARLY_ACCOUNTS_MISSING',
      message: "Les comptes annuels dus dans les 6 mois suivant la fin de l'exercice n'ont pas été transmis.",
    });
  }
  if ((isBalance || payment.dueAfter === 'bilan') && !documents.bilanReceived) {
    reasons.push({ code: 'BILAN_MISSING', message: "Le bilan de l'opération n'a pas été transmis." });
  }
  if (typeof payment.dueAfter === 'object' && context.today < payment.dueAfter.date) {
    reasons.push({
      code: 'NOT_YET_DUE',
      message: `Ce versement n'est dû qu'${describeDueAfter(payment.dueAfter)}.`,
    });
  }
  if (isBalance && account.finalDue === null) {
    reasons.push({
      code: 'BALANCE_NOT_SETTLED',
      message: "Le solde n'est pas encore arrêté (bilan et objectifs réalisés).",
    });
  }
  if (!isBalance && account.finalDue !== null) {
    reasons.push({
      code: 'BALANCE_SETTLED',
      message: "Le solde est arrêté : plus d'avance ni d'acompte sur cette ligne.",
    });
  }
  const twin = account.payments.find(
    (other) =>
      other.idempotencyKey !== payment.idempotencyKey &&
      other.partKey === payment.partKey &&
      (isInFlight(other) || other.state === 'paid'),
  );
  if (twin) {
    reasons.push({
      code: 'PART_ALREADY_PAID',
      message: `${PAYMENT_KIND_LABELS[payment.kind]} déjà ${twin.state === 'paid' ? 'payé' : 'en cours de versement'} (${formatEuros(twin.amount)}).`,
    });
  }
  if (payment.amount <= 0) {
    reasons.push({ code: 'AMOUNT_NOT_POSITIVE', message: 'Le montant du versement doit être positif.' });
  } else {
    if (payment.scheduledAmount !== null && payment.amount > payment.scheduledAmount) {
      reasons.push({
        code: 'AMOUNT_ABOVE_SCHEDULE',
        message: `Le versement de ${formatEuros(payment.amount)} dépasse le montant prévu à l'échéancier (${formatEuros(payment.scheduledAmount)}).`,
      });
    }
    const left = payableLeft(account, payment.idempotencyKey);
    if (payment.amount > left) {
      const ledger = computeLineLedger(account);
      reasons.push({
        code: 'AMOUNT_EXCEEDS_REMAINING',
        message: `Le versement de ${formatEuros(payment.amount)} dépasse le reste à verser (${formatEuros(left < 0 ? ZERO : left)} : dû ${formatEuros(ledger.due)}, déjà versé net ${formatEuros(ledger.netPaid)}, autres versements en cours déduits).`,
      });
    }
  }
  return reasons;
}

// ---------------------------------------------------------------------------------------------
// Transitions
// ---------------------------------------------------------------------------------------------

export interface PaymentStateChange {
  action: 'request' | 'validate' | 'send' | 'record_paid' | 'cancel';
  from: PaymentState | null;
  to: PaymentState;
  on: PlainDate;
  summary: string;
}

export interface PaymentTransition {
  before: Payment | null;
  after: Payment;
  change: PaymentStateChange;
}

function refuse(code: string, message: string, field: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details ? { field, details } : { field });
}

function describe(payment: Payment): string {
  return `${PAYMENT_KIND_LABELS[payment.kind]} de ${formatEuros(payment.amount)}`;
}

function move(
  payment: Payment,
  to: PaymentState,
  action: PaymentStateChange['action'],
  on: PlainDate,
  summary: string,
  patch: Partial<Payment>,
): PaymentTransition {
  assertPaymentTransition(payment.state, to);
  return {
    before: payment,
    after: { ...payment, ...patch, state: to },
    change: { action, from: payment.state, to, on, summary },
  };
}

function assertNotBlocked(payment: Payment, context: PaymentContext): void {
  const reasons = paymentBlockers(payment, context);
  if (reasons.length === 0) return;
  refuse(
    'PAYMENT_BLOCKED',
    `Versement bloqué : ${reasons.map((reason) => reason.message).join(' ')}`,
    'paymentId',
    { reasons },
  );
}

export interface PaymentRequest {
  idempotencyKey: string;
  conventionRef: string;
  lineKey: string;
  /** The schedule part paid (from `computeSchedule` on the amount in force). */
  part: SchedulePart;
  /** The part's amount, or the settled balance. */
  amount: Cents;
  requestedOn: PlainDate;
}

/**
 * Requests a payment. The same idempotency key gives back the payment already requested with it
 * (created: false); the key reused for another payment is refused. A blocked request is still
 * recorded, with its reasons, so that they can be shown and lifted; it cannot be validated until
 * they are.
 */
export function requestPayment(
  existing: readonly Payment[],
  request: PaymentRequest,
  context: PaymentContext,
): { payment: Payment; created: boolean; blockers: BlockingReason[]; transition: PaymentTransition | null } {
  const key = request.idempotencyKey.trim();
  if (key === '')
    refuse('IDEMPOTENCY_KEY_MISSING', 'La clé de la demande de versement est obligatoire.', 'idempotencyKey');
  const previous = existing.find((payment) => payment.idempotencyKey === key);
  if (previous) {
    const same =
      previous.conventionRef === request.conventionRef &&
      previous.lineKey === request.lineKey &&
      previous.partKey === request.part.key &&
      previous.amount === request.amount;
    if (!same) {
      refuse(
        'IDEMPOTENCY_KEY_REUSED',
        `La clé « ${key} » désigne déjà un autre versement (${describe(previous)}).`,
        'idempotencyKey',
      );
    }
    return {
      payment: previous,
      created: false,
      blockers: paymentBlockers(previous, context),
      transition: null,
    };
  }
  const payment: Payment = {
    idempotencyKey: key,
    conventionRef: request.conventionRef,
    lineKey: request.lineKey,
    partKey: request.part.key,
    kind: request.part.kind,
    dueAfter: request.part.dueAfter,
    scheduledAmount: request.part.kind === 'balance' ? null : request.part.amount,
    amount: request.amount,
    state: 'requested',
    requestedOn: request.requestedOn,
    validatedOn: null,
    sentOn: null,
    paidOn: null,
    financeReference: null,
    cancelledOn: null,
    cancelReason: null,
  };
  return {
    payment,
    created: true,
    blockers: paymentBlockers(payment, context),
    transition: {
      before: null,
      after: payment,
      change: {
        action: 'request',
        from: null,
        to: 'requested',
        on: request.requestedOn,
        summary: `${describe(payment)} demandé le ${formatFrenchDate(request.requestedOn)}`,
      },
    },
  };
}

export function validatePayment(
  payment: Payment,
  context: PaymentContext,
  options: { on: PlainDate },
): PaymentTransition {
  assertPaymentTransition(payment.state, 'validated');
  assertNotBlocked(payment, context);
  return move(
    payment,
    'validated',
    'validate',
    options.on,
    `${describe(payment)} validé le ${formatFrenchDate(options.on)}`,
    {
      validatedOn: options.on,
    },
  );
}

/** Sends the validated payment to the finance software, after checking again that nothing blocks it. */
export function sendPayment(
  payment: Payment,
  context: PaymentContext,
  options: { on: PlainDate },
): PaymentTransition {
  assertPaymentTransition(payment.state, 'sent');
  assertNotBlocked(payment, context);
  return move(
    payment,
    'sent',
    'send',
    options.on,
    `${describe(payment)} transmis au logiciel financier le ${formatFrenchDate(options.on)}`,
    { sentOn: options.on },
  );
}

/** The finance software reports the payment made, with the mandate's reference. */
export function recordPaymentPaid(
  payment: Payment,
  options: { on: PlainDate; financeReference: string },
): PaymentTransition {
  assertPaymentTransition(payment.state, 'paid');
  const reference = options.financeReference.trim();
  if (reference === '') {
    refuse(
      'FINANCE_REFERENCE_MISSING',
      'Indiquez la référence du mandat dans le logiciel financier.',
      'financeReference',
    );
  }
  return move(
    payment,
    'paid',
    'record_paid',
    options.on,
    `${describe(payment)} payé le ${formatFrenchDate(options.on)} (mandat ${reference})`,
    { paidOn: options.on, financeReference: reference },
  );
}

export function cancelPayment(
  payment: Payment,
  options: { on: PlainDate; reason: string },
): PaymentTransition {
  assertPaymentTransition(payment.state, 'cancelled');
  const reason = options.reason.trim();
  if (reason === '') refuse('REASON_MISSING', 'Indiquez pourquoi le versement est annulé.', 'reason');
  return move(
    payment,
    'cancelled',
    'cancel',
    options.on,
    `${describe(payment)} annulé le ${formatFrenchDate(options.on)} : ${reason}`,
    { cancelledOn: options.on, cancelReason: reason },
  );
}
