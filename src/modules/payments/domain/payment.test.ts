import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError } from '../../../kernel/errors.ts';
import { cents } from '../../../kernel/money.ts';
import { date, eur, plain } from '../../conventions/domain/sivom.fixture.ts';
import {
  allowedPaymentTransitions,
  assertPaymentTransition,
  type BlockingReasonCode,
  cancelPayment,
  PAYMENT_STATES,
  type Payment,
  type PaymentContext,
  paymentBlockers,
  recordPaymentPaid,
  requestPayment,
  sendPayment,
  validatePayment,
} from './payment.ts';
import { account, context, payment, recovery } from './payments.fixture.ts';
import { computeSchedule, type SchedulePart } from './schedule.ts';

function refuses(run: () => unknown, code: string, ...fragments: string[]): DomainError {
  let caught: DomainError | undefined;
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError, 'DomainError attendue');
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(plain(error.message).includes(fragment), error.message);
    caught = error;
    return true;
  });
  assert.ok(caught);
  return caught;
}

const codes = (draft: Payment, ctx: PaymentContext): BlockingReasonCode[] =>
  paymentBlockers(draft, ctx).map((reason) => reason.code);

const SCHEDULE = computeSchedule(eur('45 200'), {
  advance: { kind: 'percent', percent: 30 },
  instalments: [{ percent: 20, dueAfter: { date: date('2023-09-01') } }],
  balance: 'prorated_to_objectives',
});
const part = (key: string): SchedulePart => {
  const found = SCHEDULE.parts.find((candidate) => candidate.key === key);
  assert.ok(found);
  return found;
};
const ADVANCE = eur('13 560');

describe('blocking reasons', () => {
  const advance = payment('p1', 'requested', ADVANCE);

  test('nothing blocks an advance of a signed convention with valid bank details', () => {
    assert.deepEqual(paymentBlockers(advance, context()), []);
    assert.deepEqual(paymentBlockers(advance, context({ conventionState: 'signed' })), []);
  });

  const table: [string, Payment, Partial<PaymentContext>, BlockingReasonCode[], string][] = [
    [
      'a draft convention',
      advance,
      { conventionState: 'draft' },
      ['CONVENTION_NOT_SIGNED'],
      "n'est pas signée",
    ],
    [
      'a convention sent for signature',
      advance,
      { conventionState: 'sent_for_signature' },
      ['CONVENTION_NOT_SIGNED'],
      'signée',
    ],
    ['a closed convention', advance, { conventionState: 'closed' }, ['CONVENTION_CLOSED'], 'close'],
    [
      'an advance after termination',
      advance,
      { conventionState: 'terminated' },
      ['CONVENTION_TERMINATED'],
      'seul le solde',
    ],
    ['no IBAN', advance, { bank: { iban: null, bic: 'AGRIFRPP' } }, ['IBAN_MISSING'], "L'IBAN"],
    ['a blank IBAN', advance, { bank: { iban: '  ', bic: 'AGRIFRPP' } }, ['IBAN_MISSING'], 'RIB'],
    [
      'an IBAN with a wrong check digit',
      advance,
      { bank: { iban: 'FR7630006000011234567890188', bic: 'AGRIFRPP' } },
      ['IBAN_INVALID'],
      'clé de contrôle incorrecte',
    ],
    [
      'no BIC',
      advance,
      { bank: { iban: 'FR7630006000011234567890189', bic: null } },
      ['BIC_MISSING'],
      'Le BIC',
    ],
    [
      'a malformed BIC',
      advance,
      { bank: { iban: 'FR7630006000011234567890189', bic: 'AGRI' } },
      ['BIC_INVALID'],
      '8 ou 11',
    ],
    [
      'a BIC of another country than the IBAN',
      advance,
      { bank: { iban: 'FR7630006000011234567890189', bic: 'DEUTDEFF' } },
      ['BIC_IBAN_MISMATCH'],
      'autre pays',
    ],
    [
      'yearly accounts overdue',
      advance,
      { documents: { bilanReceived: true, yearlyAccountsMissing: true } },
      ['YEARLY_ACCOUNTS_MISSING'],
      'comptes annuels',
    ],
    [
      'an instalment after the bilan, without the bilan',
      payment('p2', 'requested', eur('1 000'), { kind: 'instalment', dueAfter: 'bilan' }),
      { documents: { bilanReceived: false, yearlyAccountsMissing: false } },
      ['BILAN_MISSING'],
      'bilan',
    ],
    [
      'an instalment before its date',
      payment('p2', 'requested', eur('1 000'), {
        kind: 'instalment',
        dueAfter: { date: date('2023-09-01') },
      }),
      {},
      ['NOT_YET_DUE'],
      'à partir du 01/09/2023',
    ],
    [
      'a balance without the bilan, not settled',
      payment('p3', 'requested', eur('1 000'), { kind: 'balance' }),
      { documents: { bilanReceived: false, yearlyAccountsMissing: false } },
      ['BILAN_MISSING', 'BALANCE_NOT_SETTLED'],
      'arrêté',
    ],
    [
      'an advance once the balance is settled',
      advance,
      { account: account({ finalDue: eur('45 200') }) },
      ['BALANCE_SETTLED'],
      "plus d'avance",
    ],
    [
      'an advance already paid',
      advance,
      { account: account({ payments: [payment('p0', 'paid', ADVANCE)] }) },
      ['PART_ALREADY_PAID'],
      'déjà payé',
    ],
    [
      'an advance already on its way',
      advance,
      { account: account({ payments: [payment('p0', 'sent', ADVANCE)] }) },
      ['PART_ALREADY_PAID'],
      'en cours de versement',
    ],
    ['a zero amount', payment('p1', 'requested', cents(0)), {}, ['AMOUNT_NOT_POSITIVE'], 'positif'],
    [
      'more than the scheduled part',
      payment('p1', 'requested', eur('13 560,01'), { scheduledAmount: ADVANCE }),
      {},
      ['AMOUNT_ABOVE_SCHEDULE'],
      'échéancier (13 560,00 €)',
    ],
    [
      'more than what is left',
      payment('p3', 'requested', eur('40 000'), { kind: 'balance' }),
      { account: account({ finalDue: eur('45 200'), payments: [payment('p0', 'paid', ADVANCE)] }) },
      ['AMOUNT_EXCEEDS_REMAINING'],
      'reste à verser (31 640,00 €',
    ],
    [
      'more than what is left: a cancelled recovery order counts for nothing',
      payment('p3', 'requested', eur('31 640,01'), { kind: 'balance' }),
      {
        account: account({
          finalDue: eur('45 200'),
          payments: [payment('p0', 'paid', ADVANCE)],
          recoveries: [recovery('r1', eur('1 000'), 'cancelled')],
        }),
      },
      ['AMOUNT_EXCEEDS_REMAINING'],
      'dépasse',
    ],
  ];
  for (const [name, draft, override, expected, fragment] of table) {
    test(`blocked by ${name}`, () => {
      const reasons = paymentBlockers(draft, context(override));
      assert.deepEqual(
        reasons.map((reason) => reason.code),
        expected,
      );
      assert.ok(
        reasons.some((reason) => plain(reason.message).includes(fragment)),
        reasons.map((reason) => reason.message).join(' | '),
      );
    });
  }

  test('after a termination, the balance of the period carried out may still be paid', () => {
    const balance = payment('p3', 'requested', eur('5 000'), { kind: 'balance' });
    const ctx = context({
      conventionState: 'terminated',
      account: account({
        terminationCap: eur('20 000'),
        finalDue: eur('18 560'),
        payments: [payment('p0', 'paid', ADVANCE)],
      }),
    });
    assert.deepEqual(codes(balance, ctx), []);
  });

  test('a recovered amount may be paid again only within what is due', () => {
    const ctx = context({
      account: account({
        finalDue: eur('10 000'),
        payments: [payment('p0', 'paid', ADVANCE)],
        recoveries: [recovery('r1', eur('3 560'))],
      }),
    });
    // Net paid 10 000 € for 10 000 € due: nothing left.
    assert.deepEqual(codes(payment('p3', 'requested', cents(1), { kind: 'balance' }), ctx), [
      'AMOUNT_EXCEEDS_REMAINING',
    ]);
  });

  test('the payment being checked is not counted against itself', () => {
    const self = payment('p1', 'validated', ADVANCE);
    assert.deepEqual(codes(self, context({ account: account({ payments: [self] }) })), []);
  });
});

describe('transitions', () => {
  test('requested → validated → sent → paid, each with its date', () => {
    const requested = requestPayment(
      [],
      {
        idempotencyKey: 'avance-2023-0042-T1-O1',
        conventionRef: '2023-0042',
        lineKey: 'T1-O1',
        part: part('advance'),
        amount: ADVANCE,
        requestedOn: date('2023-06-01'),
      },
      context(),
    );
    assert.equal(requested.created, true);
    assert.deepEqual(requested.blockers, []);
    assert.equal(requested.payment.scheduledAmount, ADVANCE);
    assert.equal(
      plain(requested.transition?.change.summary ?? ''),
      'Avance de 13 560,00 € demandé le 01/06/2023',
    );
    const validated = validatePayment(requested.payment, context(), { on: date('2023-06-02') });
    const withValidated = context({ account: account({ payments: [validated.after] }) });
    const sent = sendPayment(validated.after, withValidated, { on: date('2023-06-03') });
    const paid = recordPaymentPaid(sent.after, { on: date('2023-06-10'), financeReference: 'M-2023-10452' });
    assert.deepEqual(
      [validated, sent, paid].map(({ change }) => [change.from, change.to, change.on]),
      [
        ['requested', 'validated', '2023-06-02'],
        ['validated', 'sent', '2023-06-03'],
        ['sent', 'paid', '2023-06-10'],
      ],
    );
    assert.deepEqual(
      [paid.after.validatedOn, paid.after.sentOn, paid.after.paidOn, paid.after.financeReference],
      ['2023-06-02', '2023-06-03', '2023-06-10', 'M-2023-10452'],
    );
  });

  test('the same key gives back the same payment; a key reused for another payment is refused', () => {
    const request = {
      idempotencyKey: 'k1',
      conventionRef: '2023-0042',
      lineKey: 'T1-O1',
      part: part('advance'),
      amount: ADVANCE,
      requestedOn: date('2023-06-01'),
    };
    const first = requestPayment([], request, context());
    const again = requestPayment([first.payment], { ...request, requestedOn: date('2023-06-05') }, context());
    assert.equal(again.created, false);
    assert.equal(again.payment, first.payment);
    assert.equal(again.transition, null);
    refuses(
      () => requestPayment([first.payment], { ...request, amount: eur('100') }, context()),
      'IDEMPOTENCY_KEY_REUSED',
      'k1',
    );
    refuses(
      () => requestPayment([], { ...request, idempotencyKey: ' ' }, context()),
      'IDEMPOTENCY_KEY_MISSING',
    );
  });

  test('a blocked request is recorded with its reasons but cannot be validated', () => {
    const blocked = requestPayment(
      [],
      {
        idempotencyKey: 'k1',
        conventionRef: '2023-0042',
        lineKey: 'T1-O1',
        part: part('advance'),
        amount: ADVANCE,
        requestedOn: date('2023-06-01'),
      },
      context({ bank: { iban: null, bic: null } }),
    );
    assert.equal(blocked.created, true);
    assert.deepEqual(
      blocked.blockers.map((reason) => reason.code),
      ['IBAN_MISSING', 'BIC_MISSING'],
    );
    const error = refuses(
      () =>
        validatePayment(blocked.payment, context({ bank: { iban: null, bic: null } }), {
          on: date('2023-06-02'),
        }),
      'PAYMENT_BLOCKED',
      "Versement bloqué : L'IBAN",
    );
    const reasons = error.details?.reasons;
    assert.ok(Array.isArray(reasons));
    assert.equal(reasons.length, 2);
  });

  test('sending checks again: bank details removed after validation block it', () => {
    const validated = validatePayment(payment('p1', 'requested', ADVANCE), context(), {
      on: date('2023-06-02'),
    }).after;
    refuses(
      () =>
        sendPayment(
          validated,
          context({ bank: { iban: null, bic: 'AGRIFRPP' }, account: account({ payments: [validated] }) }),
          { on: date('2023-06-03') },
        ),
      'PAYMENT_BLOCKED',
      "L'IBAN",
    );
  });

  test('no euro twice: two requests for one advance, the second is blocked once the first is validated', () => {
    const first = validatePayment(payment('p1', 'requested', ADVANCE), context(), {
      on: date('2023-06-02'),
    }).after;
    refuses(
      () =>
        validatePayment(
          payment('p2', 'requested', ADVANCE),
          context({ account: account({ payments: [first] }) }),
          { on: date('2023-06-02') },
        ),
      'PAYMENT_BLOCKED',
      'en cours de versement',
    );
  });

  test('cancelled with a reason until paid; paid and cancelled are final', () => {
    for (const state of ['requested', 'validated', 'sent'] as const) {
      const cancelled = cancelPayment(payment('p1', state, ADVANCE), {
        on: date('2023-06-04'),
        reason: 'rejet bancaire',
      });
      assert.equal(cancelled.after.state, 'cancelled');
      assert.equal(cancelled.after.cancelReason, 'rejet bancaire');
    }
    refuses(
      () => cancelPayment(payment('p1', 'requested', ADVANCE), { on: date('2023-06-04'), reason: '' }),
      'REASON_MISSING',
    );
    refuses(
      () => cancelPayment(payment('p1', 'paid', ADVANCE), { on: date('2023-06-04'), reason: 'x' }),
      'PAYMENT_TRANSITION_NOT_ALLOWED',
      'Payé',
      'état final',
    );
    refuses(
      () => validatePayment(payment('p1', 'cancelled', ADVANCE), context(), { on: date('2023-06-04') }),
      'PAYMENT_TRANSITION_NOT_ALLOWED',
    );
    refuses(
      () =>
        recordPaymentPaid(payment('p1', 'validated', ADVANCE), {
          on: date('2023-06-04'),
          financeReference: 'M',
        }),
      'PAYMENT_TRANSITION_NOT_ALLOWED',
      'possible : « Transmis au logiciel financier », « Annulé »',
    );
    refuses(
      () =>
        recordPaymentPaid(payment('p1', 'sent', ADVANCE), { on: date('2023-06-04'), financeReference: ' ' }),
      'FINANCE_REFERENCE_MISSING',
    );
    assert.deepEqual(allowedPaymentTransitions('paid'), []);
    for (const state of PAYMENT_STATES)
      for (const next of allowedPaymentTransitions(state)) assertPaymentTransition(state, next);
  });

  test('an instalment and a balance keep what they wait for', () => {
    const instalment = requestPayment(
      [],
      {
        idempotencyKey: 'k2',
        conventionRef: '2023-0042',
        lineKey: 'T1-O1',
        part: part('instalment-1'),
        amount: eur('9 040'),
        requestedOn: date('2023-06-01'),
      },
      context(),
    );
    assert.deepEqual(instalment.payment.dueAfter, { date: '2023-09-01' });
    assert.deepEqual(
      instalment.blockers.map((reason) => reason.code),
      ['NOT_YET_DUE'],
    );
    const balance = requestPayment(
      [],
      {
        idempotencyKey: 'k3',
        conventionRef: '2023-0042',
        lineKey: 'T1-O1',
        part: part('balance'),
        amount: eur('20 000'),
        requestedOn: date('2024-03-01'),
      },
      context({ account: account({ finalDue: eur('40 000') }) }, date('2024-03-01')),
    );
    assert.equal(balance.payment.scheduledAmount, null);
    assert.deepEqual(balance.blockers, []);
  });
});
