/**
 * A convention line: one operation of one convention (the SIVOM du Bruaysis has two, référent
 * solidarité and accompagnement socioprofessionnel), charged to one budget line, with its amount in
 * force spread over consecutive segments of its period. A line starts as one segment; each voted
 * amendment splits the last segment at its effective date, so that the amount of any part of the
 * period (what was carried out before a termination) can be told afterwards.
 *
 * The amount of part of a segment is the funding rule's own prorata (`computeFunding`, cumulative
 * rounding on the month scale) when the segment's amount is what the rule gives for it; otherwise
 * (an amount retained apart from the scale, or set by an amendment) it is the segment's amount
 * prorated on the same month scale. Either way the parts of a segment add up to it to the cent.
 */
import {
  addDays,
  compareDates,
  formatFrenchDate,
  monthPosition,
  type Period,
  type PlainDate,
} from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  type Cents,
  cents,
  roundHalfAwayFromZero,
  subtractCents,
  sumCents,
  ZERO,
} from '../../../kernel/money.ts';
import { computeFunding, type FundingRule, type QuantityUnit, type SiaeType } from '../../funding/index.ts';

export interface AmountSegment {
  period: Period;
  /** The quantity (places, postes…) over the segment; null for a rule without quantity. */
  quantity: number | null;
  amount: Cents;
}

export interface ConventionLine {
  /** Identifies the line inside its convention (the operation's code, e.g. "T1-O1"). */
  key: string;
  label: string;
  /** The imputation budgétaire the line is committed on. */
  budgetLine: string;
  rule: FundingRule;
  unit?: QuantityUnit | null;
  siaeType?: SiaeType | null;
  /** Consecutive, non-empty, in order; their amounts sum to the amount in force. */
  segments: readonly AmountSegment[];
}

export interface NewLine {
  key: string;
  label: string;
  budgetLine: string;
  rule: FundingRule;
  unit?: QuantityUnit | null;
  siaeType?: SiaeType | null;
  quantity: number | null;
  period: Period;
  /** The amount voted (retained) for the line. */
  amount: Cents;
}

/** A line as voted: one segment covering its period. */
export function createLine(input: NewLine): ConventionLine {
  if (input.period.end < input.period.start) {
    throw new DomainError(
      'PERIOD_END_BEFORE_START',
      `La fin de période (${formatFrenchDate(input.period.end)}) précède son début (${formatFrenchDate(input.period.start)}).`,
      { field: 'period' },
    );
  }
  if (!Number.isSafeInteger(input.amount) || input.amount < 0) {
    throw new DomainError('AMOUNT_INVALID', `Montant voté invalide (${input.amount} centimes).`, {
      field: 'amount',
    });
  }
  const { quantity, period, amount, ...line } = input;
  return { ...line, segments: [{ period, quantity, amount }] };
}

/** The amount in force of a line. */
export function lineAmount(line: ConventionLine): Cents {
  return sumCents(line.segments.map((segment) => segment.amount));
}

export function linePeriod(line: ConventionLine): Period {
  return { start: firstSegment(line).period.start, end: lastSegment(line).period.end };
}

/** The span of all lines: a convention's period follows its lines when an amendment moves an end. */
export function hullPeriod(lines: readonly ConventionLine[]): Period {
  const periods = lines.map(linePeriod);
  const first = periods[0];
  if (first === undefined)
    throw new DomainError('CONVENTION_WITHOUT_LINE', 'La convention ne compte aucune ligne.');
  return periods.reduce(
    (hull, period) => ({
      start: compareDates(period.start, hull.start) < 0 ? period.start : hull.start,
      end: compareDates(period.end, hull.end) > 0 ? period.end : hull.end,
    }),
    first,
  );
}

function firstSegment(line: ConventionLine): AmountSegment {
  const segment = line.segments[0];
  if (segment === undefined) throw new DomainError('LINE_WITHOUT_SEGMENT', `La ligne ${line.key} est vide.`);
  return segment;
}

/** The segment an amendment may change: the latest one. */
export function lastSegment(line: ConventionLine): AmountSegment {
  const segment = line.segments[line.segments.length - 1];
  if (segment === undefined) throw new DomainError('LINE_WITHOUT_SEGMENT', `La ligne ${line.key} est vide.`);
  return segment;
}

/** Whether the rule spreads its amount over time (the per-place and per-post rules). */
export function isProratedRule(rule: FundingRule): boolean {
  return rule.kind === 'per_place_per_year' || rule.kind === 'per_post_per_month_capped';
}

// ---------------------------------------------------------------------------------------------
// Prorata of an amount over its own period
// ---------------------------------------------------------------------------------------------

interface Fraction {
  numerator: bigint;
  denominator: bigint;
}

/** Months elapsed from the start of `from` to the start of `to`, exactly, on the kernel's month scale. */
function monthsBetween(from: PlainDate, to: PlainDate): Fraction {
  const a = monthPosition(from);
  const b = monthPosition(to);
  return {
    numerator: b.numerator * a.denominator - a.numerator * b.denominator,
    denominator: a.denominator * b.denominator,
  };
}

/**
 * The amount of `whole` reached at the start of day `at` (at ∈ [start, end + 1]): amount × months
 * elapsed / months of the whole period, rounded half away from zero. Parts are differences of this
 * function (cumulative rounding), so any split adds up to the amount.
 */
function cumulativeShare(amount: Cents, whole: Period, at: PlainDate): Cents {
  const total = monthsBetween(whole.start, addDays(whole.end, 1));
  const elapsed = monthsBetween(whole.start, at);
  return roundHalfAwayFromZero(
    BigInt(amount) * elapsed.numerator * total.denominator,
    elapsed.denominator * total.numerator,
  );
}

/**
 * The share of `amount` (for the period `whole`) that falls in `part`, prorata temporis on the
 * continuous month scale with cumulative rounding: a day weighs 1/28 to 1/31 of its month, whole
 * months weigh one month each, and the parts of any split add up to the amount to the cent.
 */
export function prorateOverPeriod(amount: Cents, whole: Period, part: Period): Cents {
  if (part.start < whole.start || part.end > whole.end || part.end < part.start) {
    throw new DomainError(
      'PERIOD_OUTSIDE',
      `La période du ${formatFrenchDate(part.start)} au ${formatFrenchDate(part.end)} sort de la période du ${formatFrenchDate(whole.start)} au ${formatFrenchDate(whole.end)}.`,
    );
  }
  return subtractCents(
    cumulativeShare(amount, whole, addDays(part.end, 1)),
    cumulativeShare(amount, whole, part.start),
  );
}

/** What the rule gives for a segment's quantity over a period, or null when it cannot say. */
export function ruleAmount(line: ConventionLine, quantity: number | null, period: Period): Cents | null {
  if (quantity === null) return null;
  const result = computeFunding(line.rule, {
    quantity,
    period,
    unit: line.unit ?? null,
    siaeType: line.siaeType ?? null,
  });
  return result.status === 'computed' ? result.amount : null;
}

/**
 * The amount of `part` of a segment of the line (see the module comment for which prorata applies).
 */
export function segmentPartAmount(line: ConventionLine, segment: AmountSegment, part: Period): Cents {
  if (part.start === segment.period.start && part.end === segment.period.end) return segment.amount;
  if (isProratedRule(line.rule) && ruleAmount(line, segment.quantity, segment.period) === segment.amount) {
    const byRule = ruleAmount(line, segment.quantity, part);
    if (byRule !== null) return byRule;
  }
  return prorateOverPeriod(segment.amount, segment.period, part);
}

/**
 * The amount of the line for the operation carried out up to and including `lastDay` (a
 * termination's last day in force): whole segments before it, the part of the segment it falls in.
 */
export function amountCarriedOut(line: ConventionLine, lastDay: PlainDate): Cents {
  let total = ZERO;
  for (const segment of line.segments) {
    if (segment.period.end <= lastDay) total = cents(total + segment.amount);
    else if (segment.period.start <= lastDay) {
      total = cents(total + segmentPartAmount(line, segment, { start: segment.period.start, end: lastDay }));
    }
  }
  return total;
}
