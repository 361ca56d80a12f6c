/**
 * Model-based test of conventions and their money: random sequences of sign, amend, pay advance,
 * pay balance, terminate and recover, run against the domain functions chained the way the service
 * must chain them (the "real" system below), and against a simple model written independently
 * (plain integer arithmetic, a month-level prorata, JavaScript dates for the "mois franc").
 *
 * After every command: the outcome (done, refused with which code, blocked by which reasons) is the
 * model's; voted, paid, recovered and committed are the model's; and the invariants hold:
 *   paid − recovered ≤ voted per convention; 0 ≤ recovered ≤ paid; nothing negative left to pay;
 *   the commitment covers what went out; Σ commitments ≤ AE per budget line.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addDays, type PlainDate, plainDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { type Cents, cents } from '../../../kernel/money.ts';
import { assertChargeFits } from '../../budget/domain/envelope.ts';
import { proposeAmendment, voteAmendment } from '../../conventions/domain/amendment.ts';
import {
  type ConventionRecord,
  draftConvention,
  enterIntoForce,
  recordSignature,
  sendForSignature,
  type TerminationKind,
  terminateConvention,
} from '../../conventions/domain/lifecycle.ts';
import { type ConventionLine, createLine, lineAmount } from '../../conventions/domain/segments.ts';
import {
  applyTermination,
  computeLineLedger,
  issueRecoveryOrder,
  type LineAccount,
  type RecoveryReason,
  settleLineBalance,
} from './ledger.ts';
import {
  type BlockingReasonCode,
  type PaymentContext,
  recordPaymentPaid,
  requestPayment,
  sendPayment,
  validatePayment,
} from './payment.ts';
import { computeSchedule, type PaymentTerms, type SchedulePart } from './schedule.ts';

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

const YEAR = { start: plainDate(2023, 1, 1), end: plainDate(2023, 12, 31) };
const SENT_ON = plainDate(2023, 1, 10);
const SIGNED_ON = plainDate(2023, 1, 15);
const TODAY = plainDate(2024, 6, 30);
const BUDGET_LINES = ['C02-446A05', 'C01-444H02'] as const;

type BankVariant = 'ok' | 'missing' | 'bad_iban' | 'mismatch';
const BANKS: Record<BankVariant, { iban: string | null; bic: string | null }> = {
  ok: { iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  missing: { iban: null, bic: null },
  bad_iban: { iban: 'FR7630006000011234567890188', bic: 'AGRIFRPP' },
  mismatch: { iban: 'FR7630006000011234567890189', bic: 'DEUTDEFF' },
};
const BANK_CODES: Record<BankVariant, BlockingReasonCode[]> = {
  ok: [],
  missing: ['IBAN_MISSING', 'BIC_MISSING'],
  bad_iban: ['IBAN_INVALID'],
  mismatch: ['BIC_IBAN_MISMATCH'],
};

type Advance =
  | { kind: 'none' }
  | { kind: 'percent'; basisPoints: number }
  | { kind: 'amount'; amount: number };

interface ConventionSetup {
  /** Annual amount per place, in cents (160 € or 250 €). */
  rate: number;
  quantity: number;
  advance: Advance;
  bank: BankVariant;
  bilanReceived: boolean;
  yearlyAccountsMissing: boolean;
  budgetLine: (typeof BUDGET_LINES)[number];
}

interface Setup {
  conventions: ConventionSetup[];
  /** AE beyond the initial commitments, per budget line. */
  margins: [number, number];
}

const setupArb: fc.Arbitrary<Setup> = fc.record({
  conventions: fc.array(
    fc
      .record({
        rate: fc.constantFrom(16_000, 25_000),
        quantity: fc.integer({ min: 1, max: 800 }),
        advance: fc.oneof(
          fc.constant({ kind: 'none' as const }),
          fc
            .integer({ min: 0, max: 10_000 })
            .map((basisPoints) => ({ kind: 'percent' as const, basisPoints })),
          fc.integer({ min: 0, max: 6000 }).map((share) => ({ kind: 'amount' as const, amount: share })),
        ),
        bank: fc.constantFrom<BankVariant>('ok', 'ok', 'ok', 'ok', 'ok', 'missing', 'bad_iban', 'mismatch'),
        bilanReceived: fc.constantFrom(true, true, true, false),
        yearlyAccountsMissing: fc.constantFrom(false, false, false, false, false, true),
        budgetLine: fc.constantFrom(...BUDGET_LINES),
      })
      .map((setup): ConventionSetup => {
        // A fixed advance is a share of the amount voted (in basis points), in whole cents.
        const voted = setup.rate * setup.quantity;
        const advance: Advance =
          setup.advance.kind === 'amount'
            ? { kind: 'amount', amount: Math.floor((voted * setup.advance.amount) / 10_000) }
            : setup.advance;
        return { ...setup, advance };
      }),
    { minLength: 1, maxLength: 4 },
  ),
  margins: fc.tuple(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 0, max: 5_000_000 })),
});

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

interface ModelConvention {
  setup: ConventionSetup;
  state: 'draft' | 'in_force' | 'terminated';
  quantity: number;
  /** Month (1–12) from which the current quantity applies. */
  since: number;
  voted: number;
  committed: number;
  paid: number;
  recovered: number;
  cap: number | null;
  finalDue: number | null;
  advancePaid: boolean;
  balancePaid: boolean;
}

interface Model {
  conventions: ModelConvention[];
  ae: Record<string, number>;
}

/** What the per-place rule gives from the first of `month` to the end of the year, by whole months. */
function modelTail(annual: number, month: number): number {
  return annual - Math.round((annual * (month - 1)) / 12);
}

function modelDue(convention: ModelConvention): number {
  return Math.min(
    convention.voted,
    convention.cap ?? Number.POSITIVE_INFINITY,
    convention.finalDue ?? Number.POSITIVE_INFINITY,
  );
}

/** The service gives back the commitment no longer needed after every change. */
function modelRelease(convention: ModelConvention): void {
  const needed = Math.max(modelDue(convention), convention.paid - convention.recovered);
  convention.committed = Math.min(convention.committed, needed);
}

/** "Un mois franc", computed with JavaScript dates: the same day of the next month (or its last), plus one day. */
function modelClearMonth(received: PlainDate): string {
  const [year, month, day] = received.split('-').map(Number) as [number, number, number];
  const lastOfNext = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const fallsDue = Date.UTC(year, month, Math.min(day, lastOfNext));
  return new Date(fallsDue + 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// The real system: the domain functions chained as the service must chain them
// ---------------------------------------------------------------------------------------------

interface RealConvention {
  ref: string;
  setup: ConventionSetup;
  record: ConventionRecord;
  line: ConventionLine;
  terms: PaymentTerms;
  account: LineAccount;
}

interface Real {
  conventions: RealConvention[];
  ae: Record<string, Cents>;
  sequence: number;
}

function nextKey(real: Real, prefix: string): string {
  real.sequence += 1;
  return `${prefix}-${real.sequence}`;
}

function liveCommitments(real: Real, budgetLine: string): Cents {
  return cents(
    real.conventions
      .filter((convention) => convention.line.budgetLine === budgetLine)
      .reduce((sum, convention) => sum + convention.account.committed, 0),
  );
}

function release(convention: RealConvention): void {
  const { releasable } = computeLineLedger(convention.account);
  convention.account = { ...convention.account, committed: cents(convention.account.committed - releasable) };
}

function paymentContext(convention: RealConvention): PaymentContext {
  return {
    account: convention.account,
    conventionState: convention.record.state,
    bank: BANKS[convention.setup.bank],
    documents: {
      bilanReceived: convention.setup.bilanReceived,
      yearlyAccountsMissing: convention.setup.yearlyAccountsMissing,
    },
    today: TODAY,
  };
}

type Outcome = 'done' | `refused:${string}` | `blocked:${string}`;

function blocked(codes: readonly string[]): Outcome {
  return `blocked:${[...codes].sort().join(',')}`;
}

/** Runs a use case; a DomainError is a refusal with its code. */
function attempt(run: () => Outcome): Outcome {
  try {
    return run();
  } catch (error) {
    if (error instanceof DomainError) return `refused:${error.code}`;
    throw error;
  }
}

/** Requests a payment; if nothing blocks it, validates, sends and records it paid. */
function pay(real: Real, convention: RealConvention, part: SchedulePart, amount: Cents): Outcome {
  const requested = requestPayment(
    convention.account.payments,
    {
      idempotencyKey: nextKey(real, part.key),
      conventionRef: convention.ref,
      lineKey: convention.line.key,
      part,
      amount,
      requestedOn: TODAY,
    },
    paymentContext(convention),
  );
  convention.account = {
    ...convention.account,
    payments: [...convention.account.payments, requested.payment],
  };
  if (requested.blockers.length > 0) return blocked(requested.blockers.map((reason) => reason.code));
  let current = requested.payment;
  const replace = (next: typeof current): void => {
    convention.account = {
      ...convention.account,
      payments: convention.account.payments.map((payment) =>
        payment.idempotencyKey === next.idempotencyKey ? next : payment,
      ),
    };
    current = next;
  };
  replace(validatePayment(current, paymentContext(convention), { on: TODAY }).after);
  replace(sendPayment(current, paymentContext(convention), { on: TODAY }).after);
  replace(recordPaymentPaid(current, { on: TODAY, financeReference: `M-${real.sequence}` }).after);
  return 'done';
}

function recoveryReason(convention: RealConvention): RecoveryReason {
  if (convention.record.state === 'terminated') return 'termination';
  return convention.account.finalDue === null ? 'amendment' : 'balance';
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

type Command = fc.Command<Model, Real>;

const outcomes = new Map<string, number>();

function record(name: string, outcome: Outcome): void {
  const key = `${name} → ${outcome}`;
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}

function pick<T>(items: T[], index: number): T {
  const item = items[index % items.length];
  assert.ok(item !== undefined);
  return item;
}

function checkInvariants(model: Model, real: Real): void {
  real.conventions.forEach((convention, index) => {
    const expected = pick(model.conventions, index);
    const ledger = computeLineLedger(convention.account);
    assert.equal(convention.record.state, expected.state, 'state');
    assert.equal(ledger.voted, expected.voted, 'voted');
    assert.equal(lineAmount(convention.line), ledger.voted, 'voted = amount in force of the line');
    assert.equal(ledger.paid, expected.paid, 'paid');
    assert.equal(ledger.recovered, expected.recovered, 'recovered');
    assert.equal(ledger.committed, expected.committed, 'committed');
    // The invariants of the issue.
    assert.ok(ledger.netPaid <= ledger.voted, 'paid − recovered ≤ voted');
    assert.ok(ledger.recovered >= 0 && ledger.recovered <= ledger.paid, '0 ≤ recovered ≤ paid');
    assert.ok(ledger.remaining >= 0 && ledger.toRecover >= 0, 'no negative balance');
    assert.ok(ledger.committed >= ledger.netPaid + ledger.inFlight, 'the commitment covers what went out');
    assert.equal(ledger.inFlight, 0, 'every payment ends paid or blocked');
  });
  for (const budgetLine of BUDGET_LINES) {
    assert.ok(
      liveCommitments(real, budgetLine) <= (real.ae[budgetLine] ?? 0),
      `Σ commitments ≤ AE on ${budgetLine}`,
    );
  }
}

class SignCommand implements Command {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const expected = pick(model.conventions, this.index);
    const convention = pick(real.conventions, this.index);
    const predicted: Outcome =
      expected.state === 'draft' ? 'done' : 'refused:CONVENTION_TRANSITION_NOT_ALLOWED';
    const actual = attempt(() => {
      const sent = sendForSignature(convention.record, { on: SENT_ON }).after;
      const signed = recordSignature(sent, {
        signedOn: SIGNED_ON,
        signedDocument: `${convention.ref}.pdf`,
        today: SIGNED_ON,
      }).after;
      convention.record = enterIntoForce(signed, { on: SIGNED_ON }).after;
      return 'done';
    });
    record('sign', actual);
    assert.equal(actual, predicted);
    if (predicted === 'done') expected.state = 'in_force';
    checkInvariants(model, real);
  }
  toString = (): string => `sign(${this.index})`;
}

class AmendCommand implements Command {
  readonly index: number;
  readonly quantity: number;
  readonly month: number;
  constructor(index: number, quantity: number, month: number) {
    this.index = index;
    this.quantity = quantity;
    this.month = month;
  }
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const expected = pick(model.conventions, this.index);
    const convention = pick(real.conventions, this.index);
    const { rate, budgetLine } = expected.setup;
    const delta =
      modelTail(rate * this.quantity, this.month) - modelTail(rate * expected.quantity, this.month);
    const live = model.conventions
      .filter((other) => other.setup.budgetLine === budgetLine)
      .reduce((sum, other) => sum + other.committed, 0);
    let predicted: Outcome = 'done';
    if (expected.state !== 'in_force') predicted = 'refused:CONVENTION_NOT_AMENDABLE';
    else if (this.month < expected.since) predicted = 'refused:AMENDMENT_BEFORE_PREVIOUS';
    else if (this.quantity === expected.quantity) predicted = 'refused:AMENDMENT_WITHOUT_CHANGE';
    else if (delta > 0 && live + delta > (model.ae[budgetLine] ?? 0)) predicted = 'refused:BUDGET_EXCEEDED';

    const actual = attempt(() => {
      const amendable = { record: convention.record, lines: [convention.line] };
      const { amendment } = proposeAmendment(amendable, {
        effectiveFrom: plainDate(2023, this.month, 1),
        changes: [{ lineKey: convention.line.key, quantity: this.quantity }],
        proposedOn: TODAY,
      });
      for (const { budgetLine: lineCode, delta: charge } of amendment.budgetDeltas) {
        assertChargeFits({
          lineCode,
          ae: real.ae[lineCode] ?? cents(0),
          liveCommitments: liveCommitments(real, lineCode),
          charge,
        });
      }
      const voted = voteAmendment(amendable, amendment, { votedOn: TODAY, decisionRef: 'Délibération' });
      const [line] = voted.convention.lines;
      assert.ok(line);
      convention.record = voted.convention.record;
      convention.line = line;
      // Only an increase is charged; what a reduction frees is released below.
      const charge = Math.max(amendment.delta, 0);
      convention.account = {
        ...convention.account,
        voted: lineAmount(line),
        committed: cents(convention.account.committed + charge),
      };
      // A reduction below what was paid: the recovery order goes with the vote.
      if (computeLineLedger(convention.account).toRecover > 0) {
        convention.account = issueRecoveryOrder(convention.account, {
          key: nextKey(real, 'titre'),
          reason: 'amendment',
          issuedOn: TODAY,
        }).account;
      }
      release(convention);
      return 'done';
    });
    record('amend', actual);
    assert.equal(actual, predicted);
    if (predicted === 'done') {
      expected.voted += delta;
      expected.committed += Math.max(delta, 0);
      expected.quantity = this.quantity;
      expected.since = this.month;
      expected.recovered += Math.max(0, expected.paid - expected.recovered - modelDue(expected));
      modelRelease(expected);
    }
    checkInvariants(model, real);
  }
  toString = (): string => `amend(${this.index}, ${this.quantity} places from month ${this.month})`;
}

class PayAdvanceCommand implements Command {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const expected = pick(model.conventions, this.index);
    const convention = pick(real.conventions, this.index);
    const { advance } = expected.setup;
    let predicted: Outcome;
    let amount = 0;
    if (advance.kind === 'amount' && advance.amount > expected.voted)
      predicted = 'refused:SCHEDULE_EXCEEDS_MAXIMUM';
    else if (advance.kind === 'none') predicted = 'refused:NO_ADVANCE';
    else {
      amount =
        advance.kind === 'amount'
          ? advance.amount
          : Math.round((expected.voted * advance.basisPoints) / 10_000);
      const codes: string[] = [];
      if (expected.state === 'draft') codes.push('CONVENTION_NOT_SIGNED');
      if (expected.state === 'terminated') codes.push('CONVENTION_TERMINATED');
      codes.push(...BANK_CODES[expected.setup.bank]);
      if (expected.setup.yearlyAccountsMissing) codes.push('YEARLY_ACCOUNTS_MISSING');
      if (expected.finalDue !== null) codes.push('BALANCE_SETTLED');
      if (expected.advancePaid) codes.push('PART_ALREADY_PAID');
      if (amount <= 0) codes.push('AMOUNT_NOT_POSITIVE');
      else if (amount > modelDue(expected) - (expected.paid - expected.recovered))
        codes.push('AMOUNT_EXCEEDS_REMAINING');
      predicted = codes.length > 0 ? blocked(codes) : 'done';
    }

    const actual = attempt(() => {
      const schedule = computeSchedule(convention.account.voted, convention.terms);
      const part = schedule.parts.find((candidate) => candidate.kind === 'advance');
      if (part === undefined) return 'refused:NO_ADVANCE';
      return pay(real, convention, part, part.amount);
    });
    record('pay advance', actual);
    assert.equal(actual, predicted);
    if (predicted === 'done') {
      expected.paid += amount;
      expected.advancePaid = true;
    }
    checkInvariants(model, real);
  }
  toString = (): string => `payAdvance(${this.index})`;
}

class PayBalanceCommand implements Command {
  readonly index: number;
  readonly achievedPercent: number;
  constructor(index: number, achievedPercent: number) {
    this.index = index;
    this.achievedPercent = achievedPercent;
  }
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const expected = pick(model.conventions, this.index);
    const convention = pick(real.conventions, this.index);

    let predicted: Outcome | null = null;
    let settledNow = false;
    let finalDue = expected.finalDue;
    if (finalDue === null) {
      if (expected.state === 'draft') predicted = 'refused:CONVENTION_NOT_SIGNED';
      else if (!expected.setup.bilanReceived) predicted = 'refused:BILAN_MISSING';
      else {
        const maximum = Math.min(expected.voted, expected.cap ?? Number.POSITIVE_INFINITY);
        finalDue = Math.min(maximum, Math.round((maximum * this.achievedPercent) / 100));
        settledNow = true;
      }
    }
    let balance = 0;
    if (predicted === null) {
      const due = Math.min(
        expected.voted,
        expected.cap ?? Number.POSITIVE_INFINITY,
        finalDue ?? Number.POSITIVE_INFINITY,
      );
      balance = due - (expected.paid - expected.recovered);
      if (balance <= 0) predicted = settledNow ? 'done' : 'refused:BALANCE_ALREADY_SETTLED';
      else {
        const codes = [...BANK_CODES[expected.setup.bank]];
        if (expected.setup.yearlyAccountsMissing) codes.push('YEARLY_ACCOUNTS_MISSING');
        if (expected.balancePaid) codes.push('PART_ALREADY_PAID');
        predicted = codes.length > 0 ? blocked(codes) : 'done';
      }
    }

    const actual = attempt(() => {
      let settled = false;
      if (convention.account.finalDue === null) {
        convention.account = settleLineBalance(convention.account, {
          conventionState: convention.record.state,
          bilanReceived: convention.setup.bilanReceived,
          achievement: { achieved: this.achievedPercent, target: 100 },
        }).account;
        settled = true;
      }
      const { remaining } = computeLineLedger(convention.account);
      if (remaining <= 0) {
        if (!settled) {
          settleLineBalance(convention.account, {
            conventionState: convention.record.state,
            bilanReceived: convention.setup.bilanReceived,
            achievement: { achieved: this.achievedPercent, target: 100 },
          });
        }
        release(convention);
        return 'done';
      }
      const part: SchedulePart = {
        key: 'balance',
        kind: 'balance',
        label: 'Solde',
        dueAfter: 'bilan',
        amount: remaining,
        explanation: '',
      };
      const outcome = pay(real, convention, part, remaining);
      release(convention);
      return outcome;
    });
    record(`pay balance${settledNow && balance < 0 ? ' (overpaid)' : ''}`, actual);
    assert.equal(actual, predicted);
    if (settledNow) expected.finalDue = finalDue;
    if (predicted === 'done' && balance > 0) {
      expected.paid += balance;
      expected.balancePaid = true;
    }
    if (settledNow || predicted === 'done') modelRelease(expected);
    checkInvariants(model, real);
  }
  toString = (): string => `payBalance(${this.index}, ${this.achievedPercent} %)`;
}

class TerminateCommand implements Command {
  readonly index: number;
  readonly dayOfYear: number;
  readonly kind: TerminationKind;
  constructor(index: number, dayOfYear: number, kind: TerminationKind) {
    this.index = index;
    this.dayOfYear = dayOfYear;
    this.kind = kind;
  }
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const expected = pick(model.conventions, this.index);
    const convention = pick(real.conventions, this.index);
    const receivedOn = addDays(YEAR.start, this.dayOfYear);
    const effectiveOn = this.kind === 'inaccurate_declaration' ? receivedOn : modelClearMonth(receivedOn);
    let predicted: Outcome = 'done';
    if (expected.state !== 'in_force') predicted = 'refused:CONVENTION_TRANSITION_NOT_ALLOWED';
    else if (receivedOn < SIGNED_ON) predicted = 'refused:TERMINATION_BEFORE_SIGNATURE';
    else if (effectiveOn > YEAR.end) predicted = 'refused:TERMINATION_AFTER_END';

    const actual = attempt(() => {
      const { after } = terminateConvention(convention.record, {
        kind: this.kind,
        ground: 'mission_not_carried_out',
        leadersHeardOn: addDays(receivedOn, -10),
        notificationReceivedOn: receivedOn,
        today: receivedOn,
      });
      assert.ok(after.termination);
      assert.equal(after.termination.effectiveOn, effectiveOn, 'effective date (mois franc)');
      convention.record = after;
      convention.account = applyTermination(convention.account, convention.line, after.termination).account;
      release(convention);
      return 'done';
    });
    record('terminate', actual);
    assert.equal(actual, predicted);
    if (predicted === 'done') {
      const cap = convention.account.terminationCap;
      assert.ok(
        cap !== null && cap >= 0 && cap <= expected.voted,
        'the period carried out is worth at most the amount voted',
      );
      expected.state = 'terminated';
      expected.cap = cap;
      modelRelease(expected);
    }
    checkInvariants(model, real);
  }
  toString = (): string => `terminate(${this.index}, day ${this.dayOfYear}, ${this.kind})`;
}

class RecoverCommand implements Command {
  readonly index: number;
  constructor(index: number) {
    this.index = index;
  }
  check = (): boolean => true;
  run(model: Model, real: Real): void {
    const expected = pick(model.conventions, this.index);
    const convention = pick(real.conventions, this.index);
    const toRecover = expected.paid - expected.recovered - modelDue(expected);
    const predicted: Outcome = toRecover > 0 ? 'done' : 'refused:NOTHING_TO_RECOVER';
    const actual = attempt(() => {
      const issued = issueRecoveryOrder(convention.account, {
        key: nextKey(real, 'titre'),
        reason: recoveryReason(convention),
        issuedOn: TODAY,
      });
      convention.account = issued.account;
      release(convention);
      return 'done';
    });
    record('recover', actual);
    assert.equal(actual, predicted);
    if (predicted === 'done') {
      expected.recovered += toRecover;
      modelRelease(expected);
    }
    checkInvariants(model, real);
  }
  toString = (): string => `recover(${this.index})`;
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

function initial(setup: Setup): { model: Model; real: Real } {
  const ae: Record<string, number> = {};
  BUDGET_LINES.forEach((budgetLine, index) => {
    const voted = setup.conventions
      .filter((convention) => convention.budgetLine === budgetLine)
      .reduce((sum, convention) => sum + convention.rate * convention.quantity, 0);
    ae[budgetLine] = voted + (setup.margins[index] ?? 0);
  });
  const model: Model = {
    ae,
    conventions: setup.conventions.map((convention) => ({
      setup: convention,
      state: 'draft',
      quantity: convention.quantity,
      since: 1,
      voted: convention.rate * convention.quantity,
      committed: convention.rate * convention.quantity,
      paid: 0,
      recovered: 0,
      cap: null,
      finalDue: null,
      advancePaid: false,
      balancePaid: false,
    })),
  };
  const real: Real = {
    ae: Object.fromEntries(Object.entries(ae).map(([line, amount]) => [line, cents(amount)])),
    sequence: 0,
    conventions: setup.conventions.map((convention, index) => {
      const ref = `2023-${String(index + 1).padStart(4, '0')}`;
      const line = createLine({
        key: 'T1-O1',
        label: 'Places',
        budgetLine: convention.budgetLine,
        rule: { kind: 'per_place_per_year', annualRatePerPlace: cents(convention.rate) },
        unit: 'places',
        quantity: convention.quantity,
        period: YEAR,
        amount: cents(convention.rate * convention.quantity),
      });
      const { advance } = convention;
      const terms: PaymentTerms = {
        advance:
          advance.kind === 'percent'
            ? { kind: 'percent', percent: advance.basisPoints / 100 }
            : advance.kind === 'amount'
              ? { kind: 'amount', amount: cents(advance.amount) }
              : advance,
        balance: 'prorated_to_objectives',
      };
      return {
        ref,
        setup: convention,
        record: draftConvention(YEAR),
        line,
        terms,
        account: {
          conventionRef: ref,
          structureRef: `structure-${index}`,
          lineKey: line.key,
          budgetLine: convention.budgetLine,
          voted: lineAmount(line),
          committed: lineAmount(line),
          terminationCap: null,
          finalDue: null,
          payments: [],
          recoveries: [],
        },
      };
    }),
  };
  return { model, real };
}

const index = fc.nat({ max: 3 });
const commandsArb = fc.commands(
  [
    index.map((i) => new SignCommand(i)),
    index.map((i) => new SignCommand(i)),
    fc
      .tuple(index, fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 12 }))
      .map(([i, quantity, month]) => new AmendCommand(i, quantity, month)),
    index.map((i) => new PayAdvanceCommand(i)),
    fc
      .tuple(index, fc.integer({ min: 0, max: 130 }))
      .map(([i, percent]) => new PayBalanceCommand(i, percent)),
    fc
      .tuple(
        index,
        fc.integer({ min: 0, max: 364 }),
        fc.constantFrom<TerminationKind>('by_departement', 'at_structure_request', 'inaccurate_declaration'),
      )
      .map(([i, day, kind]) => new TerminateCommand(i, day, kind)),
    index.map((i) => new RecoverCommand(i)),
  ],
  { maxCommands: 40, size: 'large' },
);

test('model-based: sign, amend, pay advance, pay balance, terminate, recover (1 000 runs)', (t) => {
  let runs = 0;
  fc.assert(
    fc.property(setupArb, commandsArb, (setup, commands) => {
      runs += 1;
      fc.modelRun(() => initial(setup), commands);
    }),
    { numRuns: 1000 },
  );
  assert.ok(runs >= 1000);
  // The runs must have gone through the interesting paths, not only refusals.
  const seen = (prefix: string): number =>
    [...outcomes].filter(([key]) => key.startsWith(prefix)).reduce((sum, [, count]) => sum + count, 0);
  for (const path of [
    'sign → done',
    'amend → done',
    'amend → refused:BUDGET_EXCEEDED',
    'amend → refused:AMENDMENT_BEFORE_PREVIOUS',
    'pay advance → done',
    'pay advance → blocked:',
    'pay balance → done',
    'pay balance (overpaid) → done',
    'terminate → done',
    'terminate → refused:TERMINATION_AFTER_END',
    'recover → done',
    'recover → refused:NOTHING_TO_RECOVER',
  ]) {
    assert.ok(seen(path) > 0, `never seen: ${path}`);
  }
  t.diagnostic(`${runs} runs; ${[...outcomes.values()].reduce((a, b) => a + b, 0)} commands`);
  for (const [key, count] of [...outcomes].sort()) t.diagnostic(`${key}: ${count}`);
});
