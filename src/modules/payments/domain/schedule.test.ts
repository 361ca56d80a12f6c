import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../../../kernel/errors.ts';
import { type Cents, cents } from '../../../kernel/money.ts';
import { date, eur, plain } from '../../conventions/domain/sivom.fixture.ts';
import {
  type ConventionPaymentTerms,
  computeSchedule,
  dueForAchievement,
  isDue,
  type PaymentTerms,
  paymentTermsFromConvention,
  percentToBasisPoints,
  settleBalance,
} from './schedule.ts';

function refuses(run: () => unknown, code: string, ...fragments: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError, 'DomainError attendue');
    assert.equal(error.code, code, error.message);
    for (const fragment of fragments) assert.ok(plain(error.message).includes(fragment), error.message);
    return true;
  });
}

const amounts = (maximum: Cents, terms: PaymentTerms): number[] =>
  computeSchedule(maximum, terms).parts.map((part) => part.amount);

describe('schedules', () => {
  test('an advance of 30 % at signature, the balance after the bilan', () => {
    const schedule = computeSchedule(eur('45 200'), {
      advance: { kind: 'percent', percent: 30 },
      balance: 'prorated_to_objectives',
    });
    assert.deepEqual(
      schedule.parts.map((part) => [part.key, part.kind, part.dueAfter, part.amount]),
      [
        ['advance', 'advance', 'signature', eur('13 560')],
        ['balance', 'balance', 'bilan', eur('31 640')],
      ],
    );
    assert.equal(
      plain(schedule.parts[0]?.explanation ?? ''),
      'Avance à la signature : 30 % × 45 200,00 € = 13 560,00 €',
    );
    assert.equal(
      plain(schedule.parts[1]?.explanation ?? ''),
      'Solde après le bilan, au prorata des objectifs réalisés : au plus 45 200,00 € − 13 560,00 € = 31 640,00 €',
    );
  });

  const table: [string, Cents, PaymentTerms, number[]][] = [
    [
      'no advance',
      eur('1 000'),
      { advance: { kind: 'none' }, balance: 'prorated_to_objectives' },
      [eur('1 000')],
    ],
    [
      'a fixed advance',
      eur('54 000'),
      { advance: { kind: 'amount', amount: eur('10 000') }, balance: 'prorated_to_objectives' },
      [eur('10 000'), eur('44 000')],
    ],
    [
      'a fixed advance and an instalment of 20 %',
      eur('54 000'),
      {
        advance: { kind: 'amount', amount: eur('10 000') },
        instalments: [{ percent: 20, dueAfter: { date: date('2023-09-01') } }],
        balance: 'prorated_to_objectives',
      },
      [eur('10 000'), eur('10 800'), eur('33 200')],
    ],
    [
      'thirds of 100,01 €: cumulative rounding',
      cents(10_001),
      {
        advance: { kind: 'percent', percent: 33.33 },
        instalments: [{ percent: 33.33 }, { percent: 33.33 }],
        balance: 'prorated_to_objectives',
      },
      [3333, 3334, 3333, 1],
    ],
    [
      'everything in advance and instalments',
      cents(999),
      {
        advance: { kind: 'percent', percent: 50 },
        instalments: [{ percent: 50 }],
        balance: 'prorated_to_objectives',
      },
      [500, 499, 0],
    ],
    [
      'a maximum of zero',
      cents(0),
      { advance: { kind: 'percent', percent: 30 }, balance: 'prorated_to_objectives' },
      [0, 0],
    ],
  ];
  for (const [name, maximum, terms, expected] of table) {
    test(name, () => {
      assert.deepEqual(amounts(maximum, terms), expected);
      assert.equal(
        expected.reduce((sum, amount) => sum + amount, 0),
        maximum,
      );
    });
  }

  test('instalments: keys, labels and what they wait for', () => {
    const schedule = computeSchedule(eur('54 000'), {
      advance: { kind: 'none' },
      instalments: [{ percent: 20 }, { percent: 30, dueAfter: 'bilan' }],
      balance: 'prorated_to_objectives',
    });
    assert.deepEqual(
      schedule.parts.map((part) => [part.key, part.label, part.dueAfter]),
      [
        ['instalment-1', 'Acompte n°1', 'signature'],
        ['instalment-2', 'Acompte n°2', 'bilan'],
        ['balance', 'Solde', 'bilan'],
      ],
    );
    assert.match(
      plain(schedule.parts[1]?.explanation ?? ''),
      /après le bilan : 30 % × 54 000,00 € \(arrondi cumulé : 50 %\)/,
    );
  });

  test('refused: percentages beyond 100 %, or with three decimals; advances beyond the maximum', () => {
    refuses(
      () =>
        computeSchedule(eur('1 000'), {
          advance: { kind: 'percent', percent: 101 },
          balance: 'prorated_to_objectives',
        }),
      'PERCENT_INVALID',
      '101',
    );
    refuses(
      () =>
        computeSchedule(eur('1 000'), {
          advance: { kind: 'percent', percent: 33.333 },
          balance: 'prorated_to_objectives',
        }),
      'PERCENT_INVALID',
    );
    refuses(
      () =>
        computeSchedule(eur('1 000'), {
          advance: { kind: 'percent', percent: 60 },
          instalments: [{ percent: 50 }],
          balance: 'prorated_to_objectives',
        }),
      'SCHEDULE_EXCEEDS_MAXIMUM',
      '100 %',
    );
    refuses(
      () =>
        computeSchedule(eur('1 000'), {
          advance: { kind: 'amount', amount: eur('1 000,01') },
          balance: 'prorated_to_objectives',
        }),
      'SCHEDULE_EXCEEDS_MAXIMUM',
      '1 000,01',
    );
    refuses(
      () =>
        computeSchedule(eur('1 000'), {
          advance: { kind: 'amount', amount: eur('900') },
          instalments: [{ percent: 20 }],
          balance: 'prorated_to_objectives',
        }),
      'SCHEDULE_EXCEEDS_MAXIMUM',
    );
    refuses(
      () => computeSchedule(cents(-1), { advance: { kind: 'none' }, balance: 'prorated_to_objectives' }),
      'AMOUNT_INVALID',
    );
    refuses(
      () =>
        computeSchedule(eur('1'), {
          advance: { kind: 'amount', amount: cents(-1) },
          balance: 'prorated_to_objectives',
        }),
      'AMOUNT_INVALID',
    );
  });

  test('percentages are read exactly', () => {
    assert.equal(percentToBasisPoints(30), 3000);
    assert.equal(percentToBasisPoints(12.5), 1250);
    assert.equal(percentToBasisPoints(0.07), 7);
    refuses(() => percentToBasisPoints(Number.NaN), 'PERCENT_INVALID');
    refuses(() => percentToBasisPoints(-1), 'PERCENT_INVALID');
  });

  test('property: the parts add up to the maximum, none negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.oneof(
          fc.constant({ kind: 'none' as const }),
          fc.integer({ min: 0, max: 5000 }).map((bp) => ({ kind: 'percent' as const, percent: bp / 100 })),
          fc.integer({ min: 0, max: 4000 }).map((bp) => ({ kind: 'amount' as const, share: bp })),
        ),
        // at most 4 × 12,5 % of acomptes after at most 50 % of advance: never beyond 100 %
        fc.array(fc.integer({ min: 0, max: 1250 }), { maxLength: 4 }),
        (maximum, advance, instalments) => {
          const terms: PaymentTerms = {
            advance:
              advance.kind === 'amount'
                ? { kind: 'amount', amount: cents(Math.floor((maximum * advance.share) / 10_000)) }
                : advance,
            instalments: instalments.map((bp) => ({ percent: bp / 100 })),
            balance: 'prorated_to_objectives',
          };
          const parts = amounts(cents(maximum), terms);
          assert.equal(
            parts.reduce((sum, amount) => sum + amount, 0),
            maximum,
          );
          for (const amount of parts) assert.ok(amount >= 0);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("the payment terms of an operation's convention terms", () => {
  const table: [string, ConventionPaymentTerms, PaymentTerms][] = [
    ['nothing known', {}, { advance: { kind: 'none' }, balance: 'prorated_to_objectives' }],
    [
      'an advance of 50 %',
      { advancePercent: 50 },
      { advance: { kind: 'percent', percent: 50 }, balance: 'prorated_to_objectives' },
    ],
    [
      'an advance of 0 %: none',
      { advancePercent: 0 },
      { advance: { kind: 'none' }, balance: 'prorated_to_objectives' },
    ],
    [
      'a fixed advance of 12 000 €',
      { advanceAmountCents: 1_200_000 },
      { advance: { kind: 'amount', amount: eur('12 000') }, balance: 'prorated_to_objectives' },
    ],
    [
      'a fixed advance of 0 €: none',
      { advanceAmountCents: 0 },
      { advance: { kind: 'none' }, balance: 'prorated_to_objectives' },
    ],
    [
      'a percentage of 0 and a fixed amount: the amount',
      { advancePercent: 0, advanceAmountCents: 500_000 },
      { advance: { kind: 'amount', amount: eur('5 000') }, balance: 'prorated_to_objectives' },
    ],
    [
      'a percentage above zero wins over an amount',
      { advancePercent: 12.5, advanceAmountCents: 500_000 },
      { advance: { kind: 'percent', percent: 12.5 }, balance: 'prorated_to_objectives' },
    ],
    [
      'instalments after the signature or from their date',
      { advanceAmountCents: 1_000_000, instalments: [{ percent: 20 }, { percent: 30, dueOn: '2023-09-01' }] },
      {
        advance: { kind: 'amount', amount: eur('10 000') },
        instalments: [
          { percent: 20, dueAfter: 'signature' },
          { percent: 30, dueAfter: { date: date('2023-09-01') } },
        ],
        balance: 'prorated_to_objectives',
      },
    ],
    [
      'an empty list of instalments: none',
      { advancePercent: 30, instalments: [] },
      { advance: { kind: 'percent', percent: 30 }, balance: 'prorated_to_objectives' },
    ],
  ];
  for (const [name, terms, expected] of table) {
    test(name, () => assert.deepEqual(paymentTermsFromConvention(terms), expected));
  }

  test('the schedule of a fixed advance and an instalment adds up to the maximum', () => {
    const terms = paymentTermsFromConvention({
      advanceAmountCents: 1_000_000,
      instalments: [{ percent: 20, dueOn: '2023-09-01' }],
    });
    assert.deepEqual(amounts(eur('54 000'), terms), [eur('10 000'), eur('10 800'), eur('33 200')]);
  });
});

describe('what a part waits for', () => {
  const facts = { isSigned: true, bilanReceived: false, today: date('2023-09-01') };
  const table: [Parameters<typeof isDue>[0], Partial<typeof facts>, boolean][] = [
    ['signature', {}, true],
    ['signature', { isSigned: false }, false],
    ['bilan', {}, false],
    ['bilan', { bilanReceived: true }, true],
    [{ date: date('2023-09-01') }, {}, true],
    [{ date: date('2023-09-02') }, {}, false],
    [{ date: date('2023-09-01') }, { isSigned: false }, false],
  ];
  for (const [dueAfter, override, expected] of table) {
    test(`${JSON.stringify(dueAfter)} ${JSON.stringify(override)} → ${expected}`, () => {
      assert.equal(isDue(dueAfter, { ...facts, ...override }), expected);
    });
  }
});

describe('the balance after the bilan', () => {
  const table: [string, Cents, number, number, Cents][] = [
    ['objectives reached', eur('45 200'), 170, 170, eur('45 200')],
    ['three quarters', eur('99 200'), 150, 200, eur('74 400')],
    ['beyond the objectives: capped', eur('99 200'), 250, 200, eur('99 200')],
    ['nothing achieved', eur('99 200'), 0, 200, cents(0)],
    ['a third, rounded half away from zero', cents(100), 1, 3, cents(33)],
    ['two thirds, rounded half away from zero', cents(100), 2, 3, cents(67)],
    ['decimal objectives (ETP)', eur('10 000'), 2.5, 4, eur('6 250')],
  ];
  for (const [name, maximum, achieved, target, expected] of table) {
    test(name, () => assert.equal(dueForAchievement(maximum, { achieved, target }).due, expected));
  }

  test('explanations', () => {
    assert.equal(
      plain(dueForAchievement(eur('99 200'), { achieved: 150, target: 200 }).explanation),
      'Objectifs réalisés : 150 sur 200 (75 %) ; dû 99 200,00 € × 150 / 200 = 74 400,00 €',
    );
    assert.equal(
      plain(dueForAchievement(eur('99 200'), { achieved: 250, target: 200 }).explanation),
      'Objectifs réalisés : 250 sur 200 (125 %) ; dû plafonné au montant maximal de 99 200,00 €',
    );
  });

  test('invalid objectives are refused', () => {
    refuses(
      () => dueForAchievement(eur('1'), { achieved: 1, target: 0 }),
      'ACHIEVEMENT_INVALID',
      'supérieur à zéro',
    );
    refuses(() => dueForAchievement(eur('1'), { achieved: -1, target: 2 }), 'ACHIEVEMENT_INVALID');
    refuses(() => dueForAchievement(eur('1'), { achieved: 1.001, target: 2 }), 'ACHIEVEMENT_INVALID');
  });

  test('a balance to pay, or a recovery when the advance exceeds what is due', () => {
    const pay = settleBalance({
      maximum: eur('99 200'),
      achievement: { achieved: 150, target: 200 },
      netPaid: eur('29 760'),
      inFlight: cents(0),
    });
    assert.deepEqual([pay.due, pay.balance, pay.recovery], [eur('74 400'), eur('44 640'), 0]);
    assert.match(plain(pay.explanation), /déjà versé 29 760,00 € ; solde à verser 44 640,00 €$/);
    const recover = settleBalance({
      maximum: eur('99 200'),
      achievement: { achieved: 40, target: 200 },
      netPaid: eur('29 760'),
      inFlight: cents(0),
    });
    assert.deepEqual([recover.due, recover.balance, recover.recovery], [eur('19 840'), 0, eur('9 920')]);
    assert.match(plain(recover.explanation), /trop-perçu de 9 920,00 € à recouvrer par titre de recettes$/);
  });

  test('refused while payments are on their way', () => {
    refuses(
      () =>
        settleBalance({
          maximum: eur('1 000'),
          achievement: { achieved: 1, target: 1 },
          netPaid: cents(0),
          inFlight: eur('300'),
        }),
      'PAYMENTS_IN_FLIGHT',
      '300,00',
    );
  });

  test('property: due never above the maximum; balance − recovery = due − net paid', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        (maximum, achieved, target, netPaid) => {
          const result = settleBalance({
            maximum: cents(maximum),
            achievement: { achieved: achieved / 100, target: target / 100 },
            netPaid: cents(netPaid),
            inFlight: cents(0),
          });
          assert.ok(result.due >= 0 && result.due <= maximum);
          assert.ok(result.balance >= 0 && result.recovery >= 0);
          assert.ok(result.balance === 0 || result.recovery === 0);
          assert.equal(result.balance - result.recovery, result.due - netPaid);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
