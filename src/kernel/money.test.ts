import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from './errors.ts';
import {
  addCents,
  applyBasisPoints,
  type Cents,
  cents,
  formatEuros,
  formatEurosCompact,
  formatEurosDecimal,
  formatEurosNumber,
  minCents,
  parseEuros,
  roundHalfAwayFromZero,
  subtractCents,
  sumCents,
  ZERO,
} from './money.ts';

const NBSP = '\u00a0';
const TRILLION = 1_000_000_000_000;

function throwsCode(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof DomainError && error.code === code);
}

describe('cents', () => {
  test('accepts safe integers only', () => {
    assert.equal(cents(0), 0);
    assert.equal(cents(-5400000), -5400000);
    assert.equal(cents(Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
    for (const value of [0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1]) {
      throwsCode(() => cents(value), 'MONEY_NOT_INTEGER');
    }
  });

  test('arithmetic', () => {
    assert.equal(addCents(), ZERO);
    assert.equal(addCents(cents(100), cents(250), cents(-50)), 300);
    assert.equal(subtractCents(cents(100), cents(250)), -150);
    assert.equal(sumCents([cents(1), cents(2), cents(3)]), 6);
    assert.equal(sumCents(new Set<Cents>()), 0);
    assert.equal(minCents(cents(5), cents(-5)), -5);
    throwsCode(() => addCents(cents(Number.MAX_SAFE_INTEGER), cents(1)), 'MONEY_NOT_INTEGER');
  });
});

describe('parseEuros', () => {
  const valid: readonly [string, number][] = [
    ['54 000,00 €', 5400000],
    [`54${NBSP}000,00${NBSP}€`, 5400000],
    ['54\u202f000,00 €', 5400000],
    ['-54000', -5400000],
    ['-54 000,00 €', -5400000],
    ['99200.00', 9920000],
    ['1234,56', 123456],
    ['1 234.5', 123450],
    ['0,5', 50],
    ['0.05', 5],
    ['-0,05', -5],
    ['0', 0],
    ['-0', 0],
    ['-0,00', 0],
    ['007', 700],
    [' 12 ', 1200],
    ['90071992547409,91', Number.MAX_SAFE_INTEGER],
  ];
  for (const [text, expected] of valid) {
    test(`« ${text} » → ${expected}`, () => {
      // strict equality is Object.is: -0 is not accepted for 0
      assert.equal(parseEuros(text), expected);
    });
  }

  const invalid: readonly string[] = [
    '1.234',
    '1,234',
    '1.234,56',
    'abc',
    '',
    '€',
    '-',
    '+5',
    ',5',
    '5,',
    '12e3',
    '5 EUR',
    '--5',
    '5-',
  ];
  for (const text of invalid) {
    test(`« ${text} » is rejected`, () => {
      throwsCode(() => parseEuros(text), 'MONEY_UNPARSABLE');
    });
  }

  test('the message quotes the text', () => {
    assert.throws(
      () => parseEuros('1.234'),
      /Montant illisible : « 1\.234 » \(attendu par exemple 1234,56\)\./,
    );
  });

  test('amounts beyond the safe integers are refused', () => {
    throwsCode(() => parseEuros('90071992547409,92'), 'MONEY_NOT_INTEGER');
    throwsCode(() => parseEuros('99999999999999999999'), 'MONEY_NOT_INTEGER');
  });
});

describe('formatting', () => {
  const cases: readonly [number, string, string, string][] = [
    // cents, formatEuros, formatEurosDecimal, formatEurosCompact
    [123456, `1${NBSP}234,56${NBSP}€`, '1234.56', `1${NBSP}234,56${NBSP}€`],
    [-5400000, `-54${NBSP}000,00${NBSP}€`, '-54000.00', `-54${NBSP}000${NBSP}€`],
    [0, `0,00${NBSP}€`, '0.00', `0${NBSP}€`],
    [5, `0,05${NBSP}€`, '0.05', `0,05${NBSP}€`],
    [-5, `-0,05${NBSP}€`, '-0.05', `-0,05${NBSP}€`],
    [50, `0,50${NBSP}€`, '0.50', `0,50${NBSP}€`],
    [16000, `160,00${NBSP}€`, '160.00', `160${NBSP}€`],
    [976950, `9${NBSP}769,50${NBSP}€`, '9769.50', `9${NBSP}769,50${NBSP}€`],
    [100000000, `1${NBSP}000${NBSP}000,00${NBSP}€`, '1000000.00', `1${NBSP}000${NBSP}000${NBSP}€`],
    [-99999, `-999,99${NBSP}€`, '-999.99', `-999,99${NBSP}€`],
  ];
  for (const [amount, french, decimal, compact] of cases) {
    test(`${amount} cents`, () => {
      assert.equal(formatEuros(cents(amount)), french);
      assert.equal(formatEurosNumber(cents(amount)), french.slice(0, -2));
      assert.equal(formatEurosDecimal(cents(amount)), decimal);
      assert.equal(formatEurosCompact(cents(amount)), compact);
    });
  }

  const amount = fc.integer({ min: -TRILLION, max: TRILLION }).map(cents);

  test('property: formatEurosDecimal then parseEuros gives the amount back', () => {
    fc.assert(
      fc.property(amount, (value) => {
        assert.equal(parseEuros(formatEurosDecimal(value)), value);
      }),
    );
  });

  test('property: formatEuros then parseEuros gives the amount back', () => {
    fc.assert(
      fc.property(amount, (value) => {
        assert.equal(parseEuros(formatEuros(value)), value);
      }),
    );
  });

  test('property: the decimal form is signed, dotted, with exactly two decimals', () => {
    fc.assert(
      fc.property(amount, (value) => {
        assert.match(formatEurosDecimal(value), /^-?(0|[1-9]\d*)\.\d{2}$/);
      }),
    );
  });
});

describe('roundHalfAwayFromZero', () => {
  const cases: readonly [bigint, bigint, number][] = [
    [1n, 2n, 1],
    [-1n, 2n, -1],
    [1n, -2n, -1],
    [-1n, -2n, 1],
    [3n, 2n, 2],
    [-3n, 2n, -2],
    [5n, 3n, 2],
    [-5n, 3n, -2],
    [4n, 3n, 1],
    [-4n, 3n, -1],
    [1n, 3n, 0],
    [2n, 3n, 1],
    [0n, 7n, 0],
    [0n, -7n, 0],
    [2n, 4n, 1],
    [1666500n, 10_000n, 167],
    [1666499n, 10_000n, 167],
    [1664999n, 10_000n, 166],
    [-1665000n, 10_000n, -167],
  ];
  for (const [numerator, denominator, expected] of cases) {
    test(`${numerator}/${denominator} → ${expected}`, () => {
      assert.equal(roundHalfAwayFromZero(numerator, denominator), expected);
    });
  }

  test('division by zero', () => {
    throwsCode(() => roundHalfAwayFromZero(1n, 0n), 'MONEY_DIVISION_BY_ZERO');
  });

  test('a result beyond the safe integers is refused', () => {
    throwsCode(() => roundHalfAwayFromZero(BigInt(Number.MAX_SAFE_INTEGER) + 1n, 1n), 'MONEY_NOT_INTEGER');
  });

  const numerator = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
  const denominator = fc.bigInt({ min: -(10n ** 6n), max: 10n ** 6n }).filter((d) => d !== 0n);

  test('property: nearest cent, halves away from zero, odd symmetry', () => {
    fc.assert(
      fc.property(numerator, denominator, (n, d) => {
        const result = BigInt(roundHalfAwayFromZero(n, d));
        const absD = d < 0n ? -d : d;
        const error = result * d - n; // exact error, times the denominator
        const absError = error < 0n ? -error : error;
        assert.ok(2n * absError <= absD, 'within half a cent');
        if (2n * absError === absD) {
          // a tie goes away from zero: |result| > |exact value|
          const exactSign = n === 0n ? 0n : n < 0n === d < 0n ? 1n : -1n;
          assert.equal(result * exactSign > 0n, true);
        }
        assert.equal(roundHalfAwayFromZero(-n, d), -Number(result) || 0);
      }),
    );
  });
});

describe('applyBasisPoints', () => {
  const cases: readonly [number, number, number][] = [
    [10000, 2000, 2000],
    [12345, 2000, 2469],
    [333, 5000, 167],
    [-333, 5000, -167],
    [1, 4999, 0],
    [1, 5000, 1],
    [-1, 5000, -1],
    [5400000, 10000, 5400000],
    [5400000, 0, 0],
    [5400000, 7550, 4077000],
    [99999, 3333, 33330],
    [100, -2000, -20],
  ];
  for (const [amount, basisPoints, expected] of cases) {
    test(`${basisPoints} bp of ${amount} → ${expected}`, () => {
      assert.equal(applyBasisPoints(cents(amount), basisPoints), expected);
    });
  }

  const amount = fc.integer({ min: -TRILLION, max: TRILLION }).map(cents);

  test('property: 100 % is the identity, 0 % is zero, 50 % of an even amount is exact', () => {
    fc.assert(
      fc.property(amount, (value) => {
        assert.equal(applyBasisPoints(value, 10_000), value);
        assert.equal(applyBasisPoints(value, 0), 0);
        const even = cents(value - (value % 2));
        assert.equal(applyBasisPoints(even, 5_000), even / 2 || 0);
      }),
    );
  });

  test('property: the result is within half a cent of the exact rate', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 10_000 }), (value, basisPoints) => {
        const error =
          BigInt(applyBasisPoints(value, basisPoints)) * 10_000n - BigInt(value) * BigInt(basisPoints);
        assert.ok((error < 0n ? -error : error) <= 5_000n);
      }),
    );
  });
});
