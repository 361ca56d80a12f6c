/**
 * Dates without a time of day ("plain dates") are ISO strings YYYY-MM-DD, compared as strings and
 * computed on the proleptic Gregorian calendar with no time zone involved.
 */
import { DomainError } from './errors.ts';

declare const plainDateBrand: unique symbol;
export type PlainDate = string & { readonly [plainDateBrand]: true };

/** A period of whole days, both ends included, as conventions state them ("du 01/04/2023 au 31/12/2023"). */
export interface Period {
  readonly start: PlainDate;
  readonly end: PlainDate;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function make(year: number, month: number, day: number): PlainDate | undefined {
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as PlainDate;
}

/** Accepts 2023-04-01, 01/04/2023 and 01/04/23 (a two-digit year is 20xx). */
export function parsePlainDate(text: string, field = 'date'): PlainDate {
  const trimmed = text.trim();
  let result: PlainDate | undefined;
  const iso = ISO.exec(trimmed);
  if (iso) {
    result = make(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  } else {
    const fr = FRENCH.exec(trimmed);
    if (fr) {
      const rawYear = Number(fr[3]);
      result = make(fr[3]?.length === 2 ? 2000 + rawYear : rawYear, Number(fr[2]), Number(fr[1]));
    }
  }
  if (!result) {
    throw new DomainError('DATE_INVALID', `Date invalide : « ${text} » (attendu JJ/MM/AAAA ou AAAA-MM-JJ).`, {
      field,
    });
  }
  return result;
}

export function isPlainDate(text: string): text is PlainDate {
  const iso = ISO.exec(text);
  return iso !== null && make(Number(iso[1]), Number(iso[2]), Number(iso[3])) === text;
}

export function dateParts(date: PlainDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

export function plainDate(year: number, month: number, day: number): PlainDate {
  const result = make(year, month, day);
  if (!result) throw new DomainError('DATE_INVALID', `Date invalide : ${day}/${month}/${year}.`);
  return result;
}

export function addDays(date: PlainDate, days: number): PlainDate {
  const { year, month, day } = dateParts(date);
  const utc = new Date(Date.UTC(year, month - 1, day + days));
  return plainDate(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}

export function compareDates(a: PlainDate, b: PlainDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Number of days of a period, both ends included. */
export function periodDays(period: Period): number {
  const a = dateParts(period.start);
  const b = dateParts(period.end);
  return (
    Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000) + 1
  );
}

export function makePeriod(start: PlainDate, end: PlainDate): Period {
  if (end < start) {
    throw new DomainError(
      'PERIOD_END_BEFORE_START',
      `La fin de période (${formatFrenchDate(end)}) précède son début (${formatFrenchDate(start)}).`,
      { field: 'periodEnd' },
    );
  }
  return { start, end };
}

/** "12/06/2023". */
export function formatFrenchDate(date: PlainDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

const MONTH_NAMES = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** "1er avril 2023", "12 juin 2023". */
export function formatFrenchLongDate(date: PlainDate): string {
  const { year, month, day } = dateParts(date);
  return `${day === 1 ? '1er' : day} ${MONTH_NAMES[month - 1]} ${year}`;
}

/**
 * Position of the start of a day on a continuous month scale, as an exact fraction:
 * months since year 0 plus the elapsed part of the month in days. A period [start, end] covers
 * position(end + 1 day) − position(start) months; whole calendar months count exactly 1 each.
 */
export function monthPosition(date: PlainDate): { numerator: bigint; denominator: bigint } {
  const { year, month, day } = dateParts(date);
  const dim = BigInt(daysInMonth(year, month));
  const wholeMonths = BigInt(year * 12 + (month - 1));
  return { numerator: wholeMonths * dim + BigInt(day - 1), denominator: dim };
}

/**
 * The duration of a period as whole months plus remaining days, counted from the start day
 * ("du 05/04/2023 au 04/04/2024" is 12 months; "du 01/01 au 15/01" is 0 months and 15 days).
 */
export function periodMonthsAndDays(period: Period): { months: number; days: number } {
  const start = dateParts(period.start);
  const after = dateParts(addDays(period.end, 1));
  let months = (after.year - start.year) * 12 + (after.month - start.month);
  const anniversary = (m: number): PlainDate => {
    const y = start.year + Math.floor((start.month - 1 + m) / 12);
    const mo = ((start.month - 1 + m) % 12) + 1;
    // A day missing from the month (31 April, 30 February) falls on the first of the next month.
    return start.day <= daysInMonth(y, mo)
      ? plainDate(y, mo, start.day)
      : addDays(plainDate(y, mo, daysInMonth(y, mo)), 1);
  };
  const afterDate = addDays(period.end, 1);
  while (months > 0 && anniversary(months) > afterDate) months -= 1;
  const days = periodDays({ start: anniversary(months), end: afterDate }) - 1;
  return { months, days };
}
