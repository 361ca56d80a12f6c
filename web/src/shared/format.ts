/**
 * French display of what the API sends: amounts in cents as "1 234,56 €", plain dates as
 * "12/06/2023". The kernel's own functions are reused so the screens, the exports and the documents
 * write amounts and dates the same way.
 */
import { formatFrenchDate, isPlainDate, type PlainDate, parsePlainDate } from '../../../src/kernel/dates.ts';
import {
  cents,
  formatEurosNumber,
  formatEuros as kernelFormatEuros,
  parseEuros,
} from '../../../src/kernel/money.ts';

export const NO_VALUE = '—';

/** 123456 → "1 234,56 €"; null → "—". */
export function formatEuros(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return NO_VALUE;
  return kernelFormatEuros(cents(amount));
}

/** An amount as typed in a form field: 123456 → "1 234,56"; null → "". */
export function eurosInputValue(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  return formatEurosNumber(cents(amount));
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** "1 234,56", "1234.5", "54 000 €" → cents; "" → null. */
export function parseEurosInput(text: string, label: string): Parsed<number | null> {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: parseEuros(text) };
  } catch {
    return { ok: false, message: `${label} : montant illisible (écrivez par exemple 1 234,56)` };
  }
}

/** "2,5", "2.5", "1 200" → number; "" → null. */
export function parseDecimalInput(text: string, label: string): Parsed<number | null> {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (compact === '') return { ok: true, value: null };
  if (!/^-?\d+(\.\d+)?$/.test(compact)) return { ok: false, message: `${label} doit être un nombre` };
  return { ok: true, value: Number(compact) };
}

/**
 * A date as typed: "12/06/2023", "12/6/23" or "2023-06-12" → "2023-06-12"; "" → null. Dates are
 * typed as text in the French order whatever the browser's language (a native date field shows the
 * browser's order).
 */
export function parseDateInput(text: string, label: string): Parsed<string | null> {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: parsePlainDate(text) };
  } catch {
    return { ok: false, message: `${label} : date invalide (attendu JJ/MM/AAAA, par exemple 01/04/2023)` };
  }
}

/** "2023-06-12" → "12/06/2023"; anything else is shown as it is. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return NO_VALUE;
  return isPlainDate(date) ? formatFrenchDate(date as PlainDate) : date;
}

export function formatPeriod(start: string, end: string): string {
  return `du ${formatDate(start)} au ${formatDate(end)}`;
}

const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'short',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

/** A timestamp from the database ("2023-06-12 09:30:00.123+00") → "12/06/2023 11:30". */
export function formatDateTime(timestamp: string | null | undefined): string {
  if (!timestamp) return NO_VALUE;
  const iso = timestamp.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? timestamp : dateTimeFormat.format(date).replace(' ', ' à ');
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return NO_VALUE;
  return numberFormat.format(value);
}

const UNIT_WORDS: Record<string, [string, string]> = {
  places: ['place', 'places'],
  postes: ['poste', 'postes'],
  participants: ['participant', 'participants'],
  etp: ['ETP', 'ETP'],
};

/** 90, "places" → "90 places"; 1 → "1 place"; −450 → "−450 places"; 2.5, "etp" → "2,5 ETP". */
export function formatQuantity(quantity: number | null | undefined, unit: string | null | undefined): string {
  if (quantity === null || quantity === undefined) return NO_VALUE;
  const words = unit ? UNIT_WORDS[unit] : undefined;
  const word = words ? (Math.abs(quantity) <= 1 ? words[0] : words[1]) : (unit ?? '');
  return `${numberFormat.format(quantity)}${word ? `\u00a0${word}` : ''}`;
}

/** A difference of amounts with its sign: "+600,00 €", "-54 000,00 €". */
export function formatEurosSigned(amount: number): string {
  return amount > 0 ? `+${formatEuros(amount)}` : formatEuros(amount);
}

/** A share as "12,5 %". */
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return NO_VALUE;
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format((part / whole) * 100)}\u00a0%`;
}

/** French plural for a count: plural(3, 'demande') → "3 demandes". */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${numberFormat.format(count)} ${Math.abs(count) <= 1 ? singular : pluralForm}`;
}
