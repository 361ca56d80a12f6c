/**
 * The money of a convention line: voted (the amount in force after voted amendments), committed
 * (what the budget line holds for it), due, paid, recovered and what remains, with totals per
 * convention, per structure and per budget line; and the recovery orders (titres de recettes) owed
 * when more was paid than is due: after the balance, after a termination (prorata of the period
 * actually carried out) or after an amendment that lowers the amount below what was paid.
 *
 * Definitions, all in cents:
 *   due          = min(voted, termination cap, final due)   (the caps when they are set)
 *   paid         = Σ payments paid
 *   in flight    = Σ payments validated or sent to the finance software
 *   recovered    = Σ recovery orders issued or collected (not cancelled)
 *   net paid     = paid − recovered
 *   remaining    = max(0, due − net paid − in flight)       what may still be paid
 *   to recover   = max(0, net paid − due)                    what a recovery order must claim
 *   releasable   = max(0, committed − max(due, net paid + in flight))
 *                  the commitment no longer needed, to give back to the budget line
 * Invariants the service keeps: net paid ≤ voted; 0 ≤ recovered ≤ paid; committed ≥ net paid +
 * in flight; Σ committed ≤ AE per budget line (the budget guard).
 */
import { compareDates, formatFrenchDate, type PlainDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  type Cents,
  cents,
  formatEuros,
  minCents,
  subtractCents,
  sumCents,
  ZERO,
} from '../../../kernel/money.ts';
import { type ConventionState, isBinding, type Termination } from '../../conventions/domain/lifecycle.ts';
import { amountCarriedOut, type ConventionLine, linePeriod } from '../../conventions/domain/segments.ts';
import type { Payment } from './payment.ts';
import { type Achievement, type BalanceSettlement, settleBalance } from './schedule.ts';

// ---------------------------------------------------------------------------------------------
// Recovery orders
// ---------------------------------------------------------------------------------------------

export type RecoveryReason = 'balance' | 'termination' | 'amendment' | 'control';

export const RECOVERY_REASON_LABELS: Record<RecoveryReason, string> = {
  balance: 'Trop-perçu au solde (objectifs non atteints)',
  termination: 'Sommes indûment perçues après résiliation',
  amendment: 'Trop-perçu après avenant de réduction',
  control: 'Remboursement exigé après contrôle',
};

export type RecoveryState = 'issued' | 'collected' | 'cancelled';

export const RECOVERY_STATE_LABELS: Record<RecoveryState, string> = {
  issued: 'Titre émis',
  collected: 'Recouvré',
  cancelled: 'Titre annulé',
};

export interface RecoveryOrder {
  /** Idempotency key: issuing twice with one key gives the same order. */
  key: string;
  conventionRef: string;
  lineKey: string;
  reason: RecoveryReason;
  amount: Cents;
  state: RecoveryState;
  issuedOn: PlainDate;
  collectedOn: PlainDate | null;
  cancelledOn: PlainDate | null;
  cancelReason: string | null;
  explanation: string;
}

// ---------------------------------------------------------------------------------------------
// The account of a line and its ledger
// ---------------------------------------------------------------------------------------------

export interface LineAccount {
  conventionRef: string;
  structureRef: string;
  lineKey: string;
  budgetLine: string;
  /** The line's amount in force (`lineAmount`), after voted amendments. */
  voted: Cents;
  /** The commitment held on the budget line for this line. */
  committed: Cents;
  /** After a termination: the amount of the period carried out. */
  terminationCap: Cents | null;
  /** Once the balance is settled after the bilan: what the line is finally worth. */
  finalDue: Cents | null;
  payments: readonly Payment[];
  recoveries: readonly RecoveryOrder[];
}

export interface LedgerFigures {
  voted: Cents;
  committed: Cents;
  due: Cents;
  paid: Cents;
  inFlight: Cents;
  recovered: Cents;
  netPaid: Cents;
  remaining: Cents;
  toRecover: Cents;
  releasable: Cents;
}

export interface LineLedger extends LedgerFigures {
  conventionRef: string;
  structureRef: string;
  lineKey: string;
  budgetLine: string;
}

function maxCents(a: Cents, b: Cents): Cents {
  return (a > b ? a : b) as Cents;
}

/** Validated or sent: on its way out, counted against what is left. */
export function isInFlight(payment: Payment): boolean {
  return payment.state === 'validated' || payment.state === 'sent';
}

export function dueOf(account: LineAccount): Cents {
  let due = account.voted;
  if (account.terminationCap !== null) due = minCents(due, account.terminationCap);
  if (account.finalDue !== null) due = minCents(due, account.finalDue);
  return due;
}

function sumPayments(payments: readonly Payment[], keep: (payment: Payment) => boolean): Cents {
  return sumCents(payments.filter(keep).map((payment) => payment.amount));
}

export function computeLineLedger(account: LineAccount): LineLedger {
  const due = dueOf(account);
  const paid = sumPayments(account.payments, (payment) => payment.state === 'paid');
  const inFlight = sumPayments(account.payments, isInFlight);
  const recovered = sumCents(
    account.recoveries.filter((order) => order.state !== 'cancelled').map((order) => order.amount),
  );
  const netPaid = subtractCents(paid, recovered);
  return {
    conventionRef: account.conventionRef,
    structureRef: account.structureRef,
    lineKey: account.lineKey,
    budgetLine: account.budgetLine,
    voted: account.voted,
    committed: account.committed,
    due,
    paid,
    inFlight,
    recovered,
    netPaid,
    remaining: maxCents(ZERO, cents(due - netPaid - inFlight)),
    toRecover: maxCents(ZERO, subtractCents(netPaid, due)),
    releasable: maxCents(ZERO, subtractCents(account.committed, maxCents(due, cents(netPaid + inFlight)))),
  };
}

/**
 * What may still be paid on the line, leaving out the payment `excluding` (the one being checked):
 * due − net paid − the other payments in flight. Negative when more was paid than is due.
 */
export function payableLeft(account: LineAccount, excluding?: string): Cents {
  const others = account.payments.filter((payment) => payment.idempotencyKey !== excluding);
  const ledger = computeLineLedger({ ...account, payments: others });
  return cents(ledger.due - ledger.netPaid - ledger.inFlight);
}

const FIGURES: readonly (keyof LedgerFigures)[] = [
  'voted',
  'committed',
  'due',
  'paid',
  'inFlight',
  'recovered',
  'netPaid',
  'remaining',
  'toRecover',
  'releasable',
];

export function totalLedgers(ledgers: readonly LedgerFigures[]): LedgerFigures {
  const total = {} as Record<keyof LedgerFigures, Cents>;
  for (const figure of FIGURES) total[figure] = sumCents(ledgers.map((ledger) => ledger[figure]));
  return total;
}

export type LedgerGrouping = 'convention' | 'structure' | 'budgetLine';

/** Totals per convention, per structure or per budget line, in order of first appearance. */
export function ledgerTotalsBy(
  ledgers: readonly LineLedger[],
  by: LedgerGrouping,
): Map<string, LedgerFigures> {
  const keyOf = (ledger: LineLedger): string =>
    by === 'convention' ? ledger.conventionRef : by === 'structure' ? ledger.structureRef : ledger.budgetLine;
  const groups = new Map<string, LineLedger[]>();
  for (const ledger of ledgers) {
    const key = keyOf(ledger);
    const group = groups.get(key);
    if (group) group.push(ledger);
    else groups.set(key, [ledger]);
  }
  return new Map([...groups].map(([key, group]) => [key, totalLedgers(group)]));
}

// ---------------------------------------------------------------------------------------------
// Termination, balance, recovery
// ---------------------------------------------------------------------------------------------

function refuse(code: string, message: string, field: string): never {
  throw new DomainError(code, message, { field });
}

/**
 * What a terminated line is worth at most: the amount of the period actually carried out, up to the
 * termination's last day in force (the funding rule's prorata, see `amountCarriedOut`). The balance
 * after the bilan may lower it further for the objectives achieved.
 */
export function terminationCap(
  line: ConventionLine,
  termination: Termination,
): { cap: Cents; explanation: string } {
  const period = linePeriod(line);
  const lastDay =
    compareDates(termination.lastDayInForce, period.end) < 0 ? termination.lastDayInForce : period.end;
  const cap = lastDay < period.start ? ZERO : amountCarriedOut(line, lastDay);
  const carried =
    lastDay < period.start
      ? `aucune période exécutée avant le ${formatFrenchDate(termination.effectiveOn)}`
      : `période exécutée du ${formatFrenchDate(period.start)} au ${formatFrenchDate(lastDay)}`;
  return { cap, explanation: `${line.label} : ${carried} : ${formatEuros(cap)} au plus` };
}

/** Records the termination's cap on the account. */
export function applyTermination(
  account: LineAccount,
  line: ConventionLine,
  termination: Termination,
): { account: LineAccount; explanation: string } {
  const { cap, explanation } = terminationCap(line, termination);
  const after = { ...account, terminationCap: cap };
  const { toRecover } = computeLineLedger(after);
  return {
    account: after,
    explanation:
      toRecover > 0
        ? `${explanation} ; trop-perçu de ${formatEuros(toRecover)} à recouvrer par titre de recettes`
        : explanation,
  };
}

/**
 * Settles the balance after the bilan: the final due for the objectives achieved, capped by the
 * amount in force and, after a termination, by the period carried out. Returns the account with
 * its final due, the balance to pay (a payment of kind "balance") or the recovery to issue.
 */
export function settleLineBalance(
  account: LineAccount,
  options: { conventionState: ConventionState; bilanReceived: boolean; achievement: Achievement },
): { account: LineAccount; settlement: BalanceSettlement } {
  if (!isBinding(options.conventionState) && options.conventionState !== 'terminated') {
    refuse(
      options.conventionState === 'closed' ? 'CONVENTION_CLOSED' : 'CONVENTION_NOT_SIGNED',
      options.conventionState === 'closed'
        ? 'La convention est close : son solde est déjà arrêté.'
        : "La convention n'est pas signée : aucun solde ne peut être arrêté.",
      'conventionId',
    );
  }
  if (!options.bilanReceived) {
    refuse(
      'BILAN_MISSING',
      "Le bilan de l'opération n'a pas été transmis : le solde ne peut pas être arrêté.",
      'bilan',
    );
  }
  if (account.finalDue !== null) {
    refuse(
      'BALANCE_ALREADY_SETTLED',
      `Le solde de cette ligne est déjà arrêté (${formatEuros(account.finalDue)} dus).`,
      'lineKey',
    );
  }
  const ledger = computeLineLedger(account);
  const settlement = settleBalance({
    maximum: ledger.due,
    achievement: options.achievement,
    netPaid: ledger.netPaid,
    inFlight: ledger.inFlight,
  });
  return { account: { ...account, finalDue: settlement.due }, settlement };
}

/**
 * Issues the recovery order the ledger calls for (to recover > 0). With a key already used, returns
 * that order unchanged (a retried request issues nothing twice).
 */
export function issueRecoveryOrder(
  account: LineAccount,
  options: { key: string; reason: RecoveryReason; issuedOn: PlainDate },
): { account: LineAccount; order: RecoveryOrder; created: boolean } {
  const existing = account.recoveries.find((order) => order.key === options.key);
  if (existing) return { account, order: existing, created: false };
  const ledger = computeLineLedger(account);
  if (ledger.toRecover <= 0) {
    refuse(
      'NOTHING_TO_RECOVER',
      `Rien à recouvrer : versé ${formatEuros(ledger.netPaid)} (net des titres déjà émis) pour ${formatEuros(ledger.due)} dus.`,
      'lineKey',
    );
  }
  const order: RecoveryOrder = {
    key: options.key,
    conventionRef: account.conventionRef,
    lineKey: account.lineKey,
    reason: options.reason,
    amount: ledger.toRecover,
    state: 'issued',
    issuedOn: options.issuedOn,
    collectedOn: null,
    cancelledOn: null,
    cancelReason: null,
    explanation: `${RECOVERY_REASON_LABELS[options.reason]} : versé ${formatEuros(ledger.netPaid)} − dû ${formatEuros(ledger.due)} = ${formatEuros(ledger.toRecover)}`,
  };
  return { account: { ...account, recoveries: [...account.recoveries, order] }, order, created: true };
}

export function collectRecoveryOrder(order: RecoveryOrder, options: { on: PlainDate }): RecoveryOrder {
  if (order.state !== 'issued') {
    refuse(
      'RECOVERY_TRANSITION_NOT_ALLOWED',
      `Un titre « ${RECOVERY_STATE_LABELS[order.state]} » ne peut pas être recouvré.`,
      'state',
    );
  }
  return { ...order, state: 'collected', collectedOn: options.on };
}

/**
 * Cancels a titre issued in error. The ledger no longer counts it: if the excess it claimed is
 * still there, it shows again as to recover (and net paid may then exceed voted until it is).
 */
export function cancelRecoveryOrder(
  order: RecoveryOrder,
  options: { on: PlainDate; reason: string },
): RecoveryOrder {
  if (order.state !== 'issued') {
    refuse(
      'RECOVERY_TRANSITION_NOT_ALLOWED',
      `Un titre « ${RECOVERY_STATE_LABELS[order.state]} » ne peut pas être annulé.`,
      'state',
    );
  }
  if (options.reason.trim() === '')
    refuse('REASON_MISSING', 'Indiquez pourquoi le titre est annulé.', 'reason');
  return { ...order, state: 'cancelled', cancelledOn: options.on, cancelReason: options.reason.trim() };
}
