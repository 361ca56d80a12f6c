import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  addDays,
  compareDates,
  dateParts,
  daysInMonth,
  formatFrenchDate,
  formatFrenchLongDate,
  isLeapYear,
  isPlainDate,
  makePeriod,
  monthPosition,
  type PlainDate,
  parsePlainDate,
  periodDays,
  periodMonthsAndDays,
  plainDate,
} from './dates.ts';
import { DomainError } from './errors.ts';

function throwsDomainError(run: () => unknown, code: string, field?: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError);
    assert.equal(error.code, code);
    if (field !== undefined) assert.equal(error.field, field);
    return true;
  });
}

const d = (text: string): PlainDate => parsePlainDate(text);

const FIRST = plainDate(1900, 1, 1);
const LAST_OFFSET = periodDays({ start: FIRST, end: plainDate(2199, 12, 31) }) - 1;
/** Any date the module supports (1900-01-01 … 2199-12-31). */
const anyDate = fc.integer({ min: 0, max: LAST_OFFSET }).map((offset) => addDays(FIRST, offset));

describe('parsePlainDate', () => {
  const valid: readonly [string, string][] = [
    ['2023-04-01', '2023-04-01'],
    ['01/04/2023', '2023-04-01'],
    ['1/4/2023', '2023-04-01'],
    ['05/04/23', '2023-04-05'],
    ['31/12/99', '2099-12-31'],
    ['01/01/00', '2000-01-01'],
    ['29/02/2024', '2024-02-29'],
    ['2024-02-29', '2024-02-29'],
    ['29/02/2000', '2000-02-29'],
    [' 2023-04-01 ', '2023-04-01'],
    ['1900-01-01', '1900-01-01'],
    ['31/12/2199', '2199-12-31'],
  ];
  for (const [text, expected] of valid) {
    test(`« ${text} » → ${expected}`, () => {
      assert.equal(parsePlainDate(text), expected);
    });
  }

  const invalid: readonly string[] = [
    '29/02/2023',
    '31/04/2023',
    '2023-02-29',
    '29/02/1900',
    '2023-13-01',
    '2023-00-10',
    '00/01/2023',
    '32/01/2023',
    '2023-4-1',
    '01/04/023',
    '01/04/0023',
    '01-04-2023',
    '2023/04/01',
    '1899-12-31',
    '2200-01-01',
    'abc',
    '',
  ];
  for (const text of invalid) {
    test(`« ${text} » is rejected`, () => {
      throwsDomainError(() => parsePlainDate(text), 'DATE_INVALID', 'date');
    });
  }

  test('the error names the field and quotes the text', () => {
    throwsDomainError(() => parsePlainDate('31/04/2023', 'periodStart'), 'DATE_INVALID', 'periodStart');
    assert.throws(
      () => parsePlainDate('31/04/2023'),
      /Date invalide : « 31\/04\/2023 » \(attendu JJ\/MM\/AAAA ou AAAA-MM-JJ\)\./,
    );
  });

  test('property: ISO and French forms parse back to the date', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        assert.equal(parsePlainDate(date), date);
        assert.equal(parsePlainDate(formatFrenchDate(date)), date);
        assert.equal(isPlainDate(date), true);
      }),
    );
  });
});

describe('calendar', () => {
  test('leap years and month lengths', () => {
    const leap: readonly [number, boolean][] = [
      [2023, false],
      [2024, true],
      [1900, false],
      [2000, true],
      [2100, false],
    ];
    for (const [year, expected] of leap) assert.equal(isLeapYear(year), expected, String(year));
    const months: readonly [number, number, number][] = [
      [2023, 1, 31],
      [2023, 2, 28],
      [2024, 2, 29],
      [2023, 4, 30],
      [2023, 6, 30],
      [2023, 7, 31],
      [2023, 8, 31],
      [2023, 9, 30],
      [2023, 11, 30],
      [2023, 12, 31],
    ];
    for (const [year, month, days] of months)
      assert.equal(daysInMonth(year, month), days, `${month}/${year}`);
  });

  test('isPlainDate, plainDate, dateParts', () => {
    assert.equal(isPlainDate('2023-04-01'), true);
    assert.equal(isPlainDate('2023-02-29'), false);
    assert.equal(isPlainDate('01/04/2023'), false);
    assert.equal(isPlainDate('2023-4-01'), false);
    assert.equal(plainDate(2023, 4, 1), '2023-04-01');
    throwsDomainError(() => plainDate(2023, 2, 29), 'DATE_INVALID');
    assert.deepEqual(dateParts(d('2023-04-05')), { year: 2023, month: 4, day: 5 });
  });

  test('compareDates', () => {
    assert.equal(compareDates(d('2023-04-01'), d('2023-04-02')), -1);
    assert.equal(compareDates(d('2023-04-02'), d('2023-04-01')), 1);
    assert.equal(compareDates(d('2023-04-01'), d('2023-04-01')), 0);
    assert.equal(compareDates(d('2023-12-31'), d('2024-01-01')), -1);
  });
});

describe('addDays and periodDays', () => {
  const additions: readonly [string, number, string][] = [
    ['2023-01-31', 1, '2023-02-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-29', 1, '2024-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2023-03-01', -1, '2023-02-28'],
    ['2100-02-28', 1, '2100-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['2023-12-31', 1, '2024-01-01'],
    ['2024-01-01', -1, '2023-12-31'],
    ['2023-01-01', 365, '2024-01-01'],
    ['2024-01-01', 366, '2025-01-01'],
    ['2023-04-01', 0, '2023-04-01'],
    ['2023-04-05', -400, '2022-03-01'],
  ];
  for (const [date, days, expected] of additions) {
    test(`${date} + ${days} → ${expected}`, () => {
      assert.equal(addDays(d(date), days), expected);
    });
  }

  test('leaving the supported years is refused', () => {
    throwsDomainError(() => addDays(d('2199-12-31'), 1), 'DATE_INVALID');
    throwsDomainError(() => addDays(d('1900-01-01'), -1), 'DATE_INVALID');
  });

  const periods: readonly [string, string, number][] = [
    ['2023-01-01', '2023-12-31', 365],
    ['2024-01-01', '2024-12-31', 366],
    ['2023-04-01', '2023-04-01', 1],
    ['2023-04-01', '2023-12-31', 275],
    ['2024-02-01', '2024-02-29', 29],
    ['2023-03-25', '2023-03-27', 3], // across the change to summer time: no effect
    ['2023-10-28', '2023-10-30', 3],
  ];
  for (const [start, end, days] of periods) {
    test(`${start} … ${end} is ${days} days`, () => {
      assert.equal(periodDays({ start: d(start), end: d(end) }), days);
    });
  }

  const offsets = fc.tuple(
    fc.integer({ min: 0, max: LAST_OFFSET }),
    fc.integer({ min: 0, max: LAST_OFFSET }),
  );

  test('property: addDays(addDays(d, n), -n) = d', () => {
    fc.assert(
      fc.property(offsets, ([a, b]) => {
        const date = addDays(FIRST, a);
        const n = b - a;
        assert.equal(addDays(addDays(date, n), -n), date);
      }),
    );
  });

  test('property: a period from d to d + n has n + 1 days, and dates compare like their offsets', () => {
    fc.assert(
      fc.property(offsets, ([a, b]) => {
        const start = addDays(FIRST, Math.min(a, b));
        const end = addDays(FIRST, Math.max(a, b));
        assert.equal(periodDays({ start, end }), Math.abs(b - a) + 1);
        assert.equal(compareDates(addDays(FIRST, a), addDays(FIRST, b)), Math.sign(a - b));
      }),
    );
  });

  test('property: adding days one at a time visits valid consecutive dates', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: LAST_OFFSET - 1 }), (offset) => {
        const date = addDays(FIRST, offset);
        const next = addDays(date, 1);
        assert.equal(isPlainDate(next), true);
        const { year, month, day } = dateParts(date);
        const expected =
          day < daysInMonth(year, month)
            ? plainDate(year, month, day + 1)
            : month < 12
              ? plainDate(year, month + 1, 1)
              : plainDate(year + 1, 1, 1);
        assert.equal(next, expected);
      }),
    );
  });
});

describe('makePeriod', () => {
  test('accepts a start no later than the end', () => {
    assert.deepEqual(makePeriod(d('2023-04-01'), d('2023-12-31')), {
      start: '2023-04-01',
      end: '2023-12-31',
    });
    assert.deepEqual(makePeriod(d('2023-04-01'), d('2023-04-01')), {
      start: '2023-04-01',
      end: '2023-04-01',
    });
  });

  test('refuses an end before the start', () => {
    throwsDomainError(
      () => makePeriod(d('2023-12-31'), d('2023-04-01')),
      'PERIOD_END_BEFORE_START',
      'periodEnd',
    );
    assert.throws(
      () => makePeriod(d('2023-04-02'), d('2023-04-01')),
      /La fin de période \(01\/04\/2023\) précède son début \(02\/04\/2023\)\./,
    );
  });
});

describe('periodMonthsAndDays', () => {
  const cases: readonly [string, string, number, number][] = [
    ['2023-01-01', '2023-12-31', 12, 0],
    ['2023-04-05', '2024-04-04', 12, 0],
    ['2023-01-01', '2023-01-15', 0, 15],
    ['2023-01-31', '2023-02-27', 0, 28],
    ['2023-04-01', '2023-12-31', 9, 0],
    ['2023-04-01', '2023-04-01', 0, 1],
    ['2023-04-01', '2023-04-30', 1, 0],
    ['2023-04-15', '2023-05-14', 1, 0],
    ['2023-04-15', '2023-05-20', 1, 6],
    ['2023-02-01', '2023-02-28', 1, 0],
    ['2024-02-01', '2024-02-29', 1, 0],
    ['2024-02-01', '2024-02-28', 0, 28],
    ['2023-01-31', '2023-02-28', 1, 0],
    ['2023-03-31', '2023-04-30', 1, 0],
    ['2023-03-31', '2023-04-29', 0, 30],
    ['2023-01-30', '2023-02-28', 1, 0],
    ['2023-01-29', '2023-02-27', 0, 30],
    ['2023-01-31', '2023-03-30', 2, 0],
    ['2024-02-29', '2025-02-28', 12, 0],
    ['2023-01-01', '2025-12-31', 36, 0],
    ['2023-09-01', '2024-08-31', 12, 0],
  ];
  for (const [start, end, months, days] of cases) {
    test(`${start} … ${end} → ${months} months ${days} days`, () => {
      assert.deepEqual(periodMonthsAndDays({ start: d(start), end: d(end) }), { months, days });
    });
  }

  const startOffset = fc.integer({ min: 0, max: LAST_OFFSET - 5 * 366 });

  test('property: from a day ≤ 28, up to the eve of the same day n months later, is n months', () => {
    fc.assert(
      fc.property(startOffset, fc.integer({ min: 0, max: 48 }), (offset, n) => {
        const start = addDays(FIRST, offset);
        const { year, month, day } = dateParts(start);
        fc.pre(day <= 28);
        const index = month - 1 + n;
        const anniversary = plainDate(year + Math.floor(index / 12), (index % 12) + 1, day);
        fc.pre(n > 0);
        assert.deepEqual(periodMonthsAndDays({ start, end: addDays(anniversary, -1) }), {
          months: n,
          days: 0,
        });
      }),
    );
  });

  test('property: the days left over are fewer than a month and grow with the end', () => {
    fc.assert(
      fc.property(startOffset, fc.integer({ min: 0, max: 4 * 366 }), (offset, length) => {
        const start = addDays(FIRST, offset);
        const end = addDays(start, length);
        const result = periodMonthsAndDays({ start, end });
        assert.ok(result.months >= 0 && result.days >= 0 && result.days <= 30);
        assert.ok(result.months * 28 + result.days <= length + 1);
        const next = periodMonthsAndDays({ start, end: addDays(end, 1) });
        assert.ok(
          next.months > result.months || (next.months === result.months && next.days === result.days + 1),
          `${start} … ${end}: ${JSON.stringify(result)} then ${JSON.stringify(next)}`,
        );
      }),
    );
  });
});

describe('monthPosition', () => {
  test('the first of a month is a whole number of months', () => {
    const { numerator, denominator } = monthPosition(d('2023-04-01'));
    assert.equal(numerator % denominator, 0n);
    assert.equal(numerator / denominator, BigInt(2023 * 12 + 3));
  });

  test('the 16th of a 30-day month is half-way through it', () => {
    assert.deepEqual(monthPosition(d('2023-04-16')), {
      numerator: BigInt(2023 * 12 + 3) * 30n + 15n,
      denominator: 30n,
    });
  });

  test('property: the first of any month is an integer number of months', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const { numerator, denominator } = monthPosition(plainDate(year, month, 1));
        assert.equal(numerator % denominator, 0n);
        assert.equal(numerator / denominator, BigInt(year * 12 + month - 1));
      }),
    );
  });

  test('property: whole calendar months span an integer number of months; positions increase', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 299 * 12 }), fc.integer({ min: 1, max: 36 }), (first, count) => {
        const startMonth = 1900 * 12 + first;
        const endMonth = Math.min(startMonth + count, 2199 * 12 + 11);
        const at = (m: number) => plainDate(Math.floor(m / 12), (m % 12) + 1, 1);
        const a = monthPosition(at(startMonth));
        const b = monthPosition(at(endMonth));
        assert.equal(
          b.numerator / b.denominator - a.numerator / a.denominator,
          BigInt(endMonth - startMonth),
        );
        const inside = monthPosition(addDays(at(endMonth), -1));
        assert.ok(inside.numerator * b.denominator < b.numerator * inside.denominator);
      }),
    );
  });
});

describe('French formatting', () => {
  const cases: readonly [string, string, string][] = [
    ['2023-04-01', '01/04/2023', '1er avril 2023'],
    ['2023-06-12', '12/06/2023', '12 juin 2023'],
    ['2023-02-02', '02/02/2023', '2 février 2023'],
    ['2023-08-15', '15/08/2023', '15 août 2023'],
    ['2023-12-31', '31/12/2023', '31 décembre 2023'],
    ['2024-01-01', '01/01/2024', '1er janvier 2024'],
    ['2024-03-21', '21/03/2024', '21 mars 2024'],
  ];
  for (const [date, short, long] of cases) {
    test(`${date} → ${short}, ${long}`, () => {
      assert.equal(formatFrenchDate(d(date)), short);
      assert.equal(formatFrenchLongDate(d(date)), long);
    });
  }

  test('property: the long form names a French month and has no leading zero', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        assert.match(
          formatFrenchLongDate(date),
          /^(1er|[1-9]|[12]\d|3[01]) (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$/,
        );
      }),
    );
  });
});
