/**
 * Money is an integer number of euro cents. Every rounding of a fractional amount is named here and
 * nowhere else, so that a reader can tell from the call site how a cent was decided.
 */
import { DomainError } from './errors.ts';

declare const centsBrand: unique symbol;
/** An amount in euro cents (an integer, possibly negative for a reduction). */
export type Cents = number & { readonly [centsBrand]: true };

export function cents(value: number): Cents {
  if (!Number.isSafeInteger(value)) {
    throw new DomainError(
      'MONEY_NOT_INTEGER',
      `Montant invalide : ${value} n'est pas un nombre entier de centimes.`,
    );
  }
  return value as Cents;
}

export const ZERO = 0 as Cents;

export function addCents(...amounts: readonly Cents[]): Cents {
  let total = 0;
  for (const amount of amounts) total += amount;
  return cents(total);
}

export function subtractCents(a: Cents, b: Cents): Cents {
  return cents(a - b);
}

export function sumCents(amounts: Iterable<Cents>): Cents {
  let total = 0;
  for (const amount of amounts) total += amount;
  return cents(total);
}

export function minCents(a: Cents, b: Cents): Cents {
  return (a < b ? a : b) as Cents;
}

/**
 * Rounds the exact fraction numerator/denominator of cents to the nearest cent, halves away from
 * zero ("arrondi au centime le plus proche", the rule of public accounting for a single amount).
 */
export function roundHalfAwayFromZero(numerator: bigint, denominator: bigint): Cents {
  if (denominator === 0n)
    throw new DomainError('MONEY_DIVISION_BY_ZERO', 'Division par zéro dans un calcul de montant.');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const quotient = n / d;
  const remainder = n % d;
  const rounded = remainder * 2n >= d ? quotient + 1n : quotient;
  return cents(Number(negative ? -rounded : rounded));
}

/** Applies a rate given in basis points (20 % = 2000) to an amount, rounded half away from zero. */
export function applyBasisPoints(amount: Cents, basisPoints: number): Cents {
  return roundHalfAwayFromZero(BigInt(amount) * BigInt(basisPoints), 10_000n);
}

const DECIMAL_EUROS = /^(-)?(\d+)(?:[.,](\d{1,2}))?$/;

/**
 * Parses euros written with at most two decimals ("99200.00", "54 000,00", "-54000") into cents,
 * exactly: no binary floating point is involved.
 */
export function parseEuros(text: string): Cents {
  const compact = text.replace(/[\s\u00a0\u202f€]/g, '');
  const match = DECIMAL_EUROS.exec(compact);
  if (!match) {
    throw new DomainError(
      'MONEY_UNPARSABLE',
      `Montant illisible : « ${text} » (attendu par exemple 1234,56).`,
    );
  }
  const [, sign, whole = '0', fraction = ''] = match;
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return cents(sign && value !== 0 ? -value : value);
}

/** "1234.5" style for machine exports (CSV): signed, dot, always two decimals. */
export function formatEurosDecimal(amount: Cents): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const whole = Math.trunc(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

const NBSP = '\u00a0';

function groupThousands(whole: number): string {
  return String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

/** French display: "1 234,56 €" (no-break spaces), "-54 000,00 €" for a reduction. */
export function formatEuros(amount: Cents): string {
  return `${formatEurosNumber(amount)}${NBSP}€`;
}

/** French display without the currency sign: "1 234,56". */
export function formatEurosNumber(amount: Cents): string {
  const negative = amount < 0;
  const abs = Math.abs(amount);
  const whole = Math.trunc(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0');
  return `${negative ? '-' : ''}${groupThousands(whole)},${fraction}`;
}

/** French display of a rate per unit, without useless decimals: "160 €", "9 769,50 €". */
export function formatEurosCompact(amount: Cents): string {
  if (amount % 100 === 0)
    return `${groupThousands(Math.abs(amount) / 100).replace(/^/, amount < 0 ? '-' : '')}${NBSP}€`;
  return formatEuros(amount);
}
