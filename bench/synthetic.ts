/**
 * Synthetic funding facts shaped like the lines of the 2023 call (délibération n°2023-259 du
 * 12 juin 2023, annexe 3): the call's own rules, its mix of rule kinds, quantities and costs of the
 * same order, and periods that start on any day so that the prorata works on partial months (the
 * real table is mostly whole calendar years, which would only exercise the easy path).
 * Deterministic: everything is drawn from the Prng given.
 */
import {
  addDays,
  dateParts,
  type Period,
  type PlainDate,
  periodDays,
  plainDate,
} from '../src/kernel/dates.ts';
import { type Cents, cents } from '../src/kernel/money.ts';
import {
  type AmendmentInput,
  type FundingInput,
  type FundingRule,
  type QuantityUnit,
  SIAE_TYPES,
  type SiaeType,
} from '../src/modules/funding/index.ts';
import type { Prng } from './prng.ts';

/** The rules of the call's operations, as its dataset states them (datasets/pas-de-calais-2023). */
const PLACES_RSA: FundingRule = { kind: 'per_place_per_year', annualRatePerPlace: cents(16_000) };
const PLACES_SOCIOPRO: FundingRule = { kind: 'per_place_per_year', annualRatePerPlace: cents(25_000) };
const POSTS_AI: FundingRule = {
  kind: 'per_post_per_month_capped',
  monthlyCapPerPost: cents(19_500),
  indirectRateBasisPoints: 2000,
};
const POSTS_EI: FundingRule = {
  kind: 'per_post_per_month_capped',
  monthlyCapPerPost: cents(25_000),
  indirectRateBasisPoints: 2000,
};
const ACTUAL_COSTS: FundingRule = { kind: 'cost_based', indirectRateBasisPoints: 2000 };
const PACTE_IAE: FundingRule = {
  kind: 'flat_per_post_by_type',
  amountsByType: { ACI: cents(450_000), EI: cents(300_000) },
};
const ON_REVIEW: FundingRule = { kind: 'fixed_on_review' };

/**
 * Weights are the numbers of lines of each operation in annexe 3 (136 lines): 4 + 4 per place,
 * 26 + 17 capped per post, 70 on actual costs, 10 flat per post, 5 decided on review.
 */
const CALL_RULE_MIX: readonly { weight: number; value: FundingRule }[] = [
  { weight: 4, value: PLACES_RSA },
  { weight: 4, value: PLACES_SOCIOPRO },
  { weight: 26, value: POSTS_AI },
  { weight: 17, value: POSTS_EI },
  { weight: 70, value: ACTUAL_COSTS },
  { weight: 10, value: PACTE_IAE },
  { weight: 5, value: ON_REVIEW },
];

/**
 * Only prorated and flat rules can be amended by the engine (the others go back to review and
 * return at once, which would measure nothing). The one real avenant, the SIVOM du Bruaysis, is
 * per place; the others are plausible.
 */
const AMENDABLE_RULE_MIX: readonly { weight: number; value: FundingRule }[] = [
  { weight: 3, value: PLACES_RSA },
  { weight: 3, value: PLACES_SOCIOPRO },
  { weight: 1, value: POSTS_AI },
  { weight: 1, value: POSTS_EI },
  { weight: 1, value: PACTE_IAE },
];

const YEAR_START = plainDate(2023, 1, 1);
const YEAR_END = plainDate(2023, 12, 31);

/** A period of the 2023 call: the calendar year, the rest of the year, twelve months, or any span. */
function syntheticPeriod(prng: Prng): Period {
  const shape = prng.next();
  if (shape < 0.3) return { start: YEAR_START, end: YEAR_END };
  const firstOfMonth = plainDate(2023, prng.int(1, 12), 1);
  if (shape < 0.5) return { start: firstOfMonth, end: YEAR_END };
  const anyDay = addDays(YEAR_START, prng.int(0, 364));
  if (shape < 0.8) {
    // Twelve months from any day of 2023 ("du 05/04/2023 au 04/04/2024"); 2024 has every 2023 date.
    const start = prng.chance(0.5) ? firstOfMonth : anyDay;
    const { month, day } = dateParts(start);
    return { start, end: addDays(plainDate(2024, month, day), -1) };
  }
  return { start: anyDay, end: addDays(anyDay, prng.int(0, 729)) };
}

/** Hundredths drawn in [min, max] and read back as a number with at most two decimals (2,5 ETP). */
function decimalQuantity(prng: Prng, min: number, max: number): number {
  return prng.int(min * 100, max * 100) / 100;
}

/** Cents drawn in [min, max] euros. */
function eurosBetween(prng: Prng, min: number, max: number): Cents {
  return cents(prng.int(min * 100, max * 100));
}

/** External services are part of the direct costs: none, or up to 40 % of them. */
function externalServicesOf(prng: Prng, directCosts: Cents): Cents | null {
  if (prng.chance(0.5)) return prng.chance(0.5) ? null : cents(0);
  return cents(Math.floor(directCosts * prng.next() * 0.4));
}

/** The facts of one dossier for `rule`, always computable: the benchmark measures the happy path. */
export function syntheticFacts(prng: Prng, rule: FundingRule): FundingInput {
  const period = syntheticPeriod(prng);
  switch (rule.kind) {
    case 'per_place_per_year':
      return { quantity: prng.int(5, 600), unit: 'places', period };
    case 'per_post_per_month_capped': {
      const unit = prng.pick<QuantityUnit>(['postes', 'participants', 'etp']);
      const quantity = unit === 'etp' ? decimalQuantity(prng, 0.5, 40) : prng.int(1, 60);
      if (prng.chance(0.5)) return { quantity, unit, period };
      // Actual costs around the yearly ceiling, so that either the ceiling or the costs bind.
      const yearlyCeiling = rule.monthlyCapPerPost * 12 * quantity;
      const directCosts = cents(Math.round(yearlyCeiling * (0.4 + prng.next())));
      return { quantity, unit, period, directCosts, externalServices: externalServicesOf(prng, directCosts) };
    }
    case 'cost_based': {
      const participants = prng.chance(0.5) ? prng.int(5, 300) : null;
      const directCosts = eurosBetween(prng, 3_000, 400_000);
      return {
        quantity: participants,
        unit: participants === null ? null : 'participants',
        period,
        directCosts,
        externalServices: externalServicesOf(prng, directCosts),
      };
    }
    case 'flat_per_post_by_type': {
      const priced = SIAE_TYPES.filter((type) => rule.amountsByType[type] !== undefined);
      return { quantity: prng.int(1, 40), unit: 'postes', period, siaeType: prng.pick<SiaeType>(priced) };
    }
    case 'fixed_on_review':
      return { quantity: null, period };
  }
}

export interface FundingCase {
  rule: FundingRule;
  input: FundingInput;
}

export function syntheticFundingCases(prng: Prng, total: number): FundingCase[] {
  return Array.from({ length: total }, () => {
    const rule = prng.weighted(CALL_RULE_MIX);
    return { rule, input: syntheticFacts(prng, rule) };
  });
}

export interface AmendmentCase {
  rule: FundingRule;
  input: AmendmentInput;
}

function dayWithin(prng: Prng, period: Period): PlainDate {
  return addDays(period.start, prng.int(0, periodDays(period) - 1));
}

/** A convention's facts and a change of quantity from a day within its period, up or down. */
export function syntheticAmendmentCases(prng: Prng, total: number): AmendmentCase[] {
  return Array.from({ length: total }, () => {
    const rule = prng.weighted(AMENDABLE_RULE_MIX);
    const facts = syntheticFacts(prng, rule);
    const before = facts.quantity ?? 1;
    const quantityAfter = Math.round(before * (0.2 + prng.next() * 1.5) * 100) / 100;
    return {
      rule,
      input: {
        before: { quantity: before, period: facts.period },
        quantityAfter: facts.unit === 'etp' ? quantityAfter : Math.round(quantityAfter),
        effectiveFrom: dayWithin(prng, facts.period),
        siaeType: facts.siaeType ?? null,
        unit: facts.unit ?? null,
      },
    };
  });
}
