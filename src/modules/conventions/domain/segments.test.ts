import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { addDays, type Period } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { cents } from '../../../kernel/money.ts';
import {
  amountCarriedOut,
  createLine,
  hullPeriod,
  lineAmount,
  linePeriod,
  prorateOverPeriod,
  segmentPartAmount,
} from './segments.ts';
import { BUDGET_LINE, date, eur, period, SIVOM_SOLIDARITE, SOLIDARITE, YEAR_2023 } from './sivom.fixture.ts';

describe('prorata of an amount over its own period', () => {
  const table: [string, number, Period, Period, number][] = [
    ['a quarter of a year', 120_000, YEAR_2023, period('2023-01-01', '2023-03-31'), 30_000],
    ['the whole period', 120_000, YEAR_2023, YEAR_2023, 120_000],
    ['half of April (15 of 30 days)', 120_000, YEAR_2023, period('2023-04-01', '2023-04-15'), 5_000],
    [
      'three of nine months',
      2_040_000,
      period('2023-04-01', '2023-12-31'),
      period('2023-04-01', '2023-06-30'),
      680_000,
    ],
    [
      'one cent over three months, first month',
      1,
      period('2023-01-01', '2023-03-31'),
      period('2023-01-01', '2023-01-31'),
      0,
    ],
    [
      'one cent over three months, second month',
      1,
      period('2023-01-01', '2023-03-31'),
      period('2023-02-01', '2023-02-28'),
      1,
    ],
  ];
  for (const [name, amount, whole, part, expected] of table) {
    test(name, () => assert.equal(prorateOverPeriod(cents(amount), whole, part), expected));
  }

  test('a part outside the whole is refused', () => {
    assert.throws(
      () => prorateOverPeriod(cents(100), YEAR_2023, period('2022-12-31', '2023-01-31')),
      (error: unknown) => error instanceof DomainError && error.code === 'PERIOD_OUTSIDE',
    );
  });

  test('property: the parts of any split add up to the amount, each between 0 and the amount', () => {
    const base = date('2020-01-01');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 2000 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 2000 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 100_000_000 }),
        (startOffset, length, cuts, amount) => {
          const whole = { start: addDays(base, startOffset), end: addDays(base, startOffset + length) };
          const points = cuts.filter((cut) => cut <= length).sort((a, b) => a - b);
          const starts = [0, ...points];
          const parts = starts.map((offset, index) => ({
            start: addDays(whole.start, offset),
            end: addDays(whole.start, (starts[index + 1] ?? length + 1) - 1),
          }));
          const shares = parts.map((part) => prorateOverPeriod(cents(amount), whole, part));
          assert.equal(
            shares.reduce((sum, share) => sum + share, 0),
            amount,
          );
          for (const share of shares) assert.ok(share >= 0 && share <= amount);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('lines', () => {
  test('a voted line is one segment', () => {
    assert.equal(lineAmount(SIVOM_SOLIDARITE), eur('99 200'));
    assert.deepEqual(linePeriod(SIVOM_SOLIDARITE), YEAR_2023);
    assert.equal(SIVOM_SOLIDARITE.segments.length, 1);
  });

  test('invalid amounts and periods are refused', () => {
    const input = {
      key: 'X',
      label: 'X',
      budgetLine: BUDGET_LINE,
      rule: SOLIDARITE,
      quantity: 1,
      period: YEAR_2023,
      amount: eur('160'),
    };
    for (const [override, code] of [
      [{ amount: cents(-1) }, 'AMOUNT_INVALID'],
      [{ period: period('2023-12-31', '2023-01-01') }, 'PERIOD_END_BEFORE_START'],
    ] as const) {
      assert.throws(
        () => createLine({ ...input, ...override }),
        (error: unknown) => error instanceof DomainError && error.code === code,
      );
    }
  });

  test('the hull of lines covers them all', () => {
    const ccas = createLine({
      key: 'T1-O1',
      label: 'Référent',
      budgetLine: BUDGET_LINE,
      rule: SOLIDARITE,
      quantity: 450,
      period: period('2023-04-01', '2024-03-31'),
      amount: eur('72 000'),
    });
    assert.deepEqual(hullPeriod([SIVOM_SOLIDARITE, ccas]), period('2023-01-01', '2024-03-31'));
    assert.throws(
      () => hullPeriod([]),
      (error: unknown) => error instanceof DomainError,
    );
  });

  test('part of a segment: the rule’s own prorata when the amount is the rule’s', () => {
    // 620 places × 160 € for 3,5 months: the rule's cumulative rounding, 28 933,33 €.
    const segment = SIVOM_SOLIDARITE.segments[0];
    assert.ok(segment);
    assert.equal(
      segmentPartAmount(SIVOM_SOLIDARITE, segment, period('2023-01-01', '2023-04-15')),
      eur('28 933,33'),
    );
    assert.equal(amountCarriedOut(SIVOM_SOLIDARITE, date('2023-04-15')), eur('28 933,33'));
  });

  test('part of a segment retained apart from the scale: the amount prorated on the month scale', () => {
    const retained = createLine({
      key: 'X',
      label: 'X',
      budgetLine: BUDGET_LINE,
      rule: SOLIDARITE,
      quantity: 90,
      period: YEAR_2023,
      amount: eur('10 000'),
    });
    assert.equal(amountCarriedOut(retained, date('2023-06-30')), eur('5 000'));
    assert.equal(amountCarriedOut(retained, date('2023-12-31')), eur('10 000'));
    assert.equal(amountCarriedOut(retained, date('2022-12-31')), 0);
  });
});
