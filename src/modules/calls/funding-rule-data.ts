/**
 * Funding rules are data: a kind plus parameters, stored as JSON in cents and basis points. This
 * file turns the stored form into the engine's FundingRule (validating it), and the dataset's
 * human form ("160.00", "20" %) into the stored form.
 */
import { z } from 'zod';
import { DomainError } from '../../kernel/errors.ts';
import { type Cents, cents, parseEuros } from '../../kernel/money.ts';
import type { FundingRule, FundingRuleKind } from '../funding/index.ts';

const centsSchema = z.number().int();
const basisPointsSchema = z.number().int().min(0).max(100_000);

const storedRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('per_place_per_year'), annualRatePerPlace: centsSchema.min(0) }),
  z.object({
    kind: z.literal('per_post_per_month_capped'),
    monthlyCapPerPost: centsSchema.min(0),
    indirectRateBasisPoints: basisPointsSchema,
  }),
  z.object({
    kind: z.literal('cost_based'),
    indirectRateBasisPoints: basisPointsSchema,
    cap: centsSchema.min(0).nullable().optional(),
  }),
  z.object({
    kind: z.literal('flat_per_post_by_type'),
    amountsByType: z.object({
      AI: centsSchema.min(0).optional(),
      EI: centsSchema.min(0).optional(),
      ACI: centsSchema.min(0).optional(),
    }),
  }),
  z.object({ kind: z.literal('fixed_on_review') }),
]);

export const FUNDING_RULE_KINDS: readonly FundingRuleKind[] = [
  'per_place_per_year',
  'per_post_per_month_capped',
  'cost_based',
  'flat_per_post_by_type',
  'fixed_on_review',
];

/** The stored parameters of a rule (everything but its kind). */
export function ruleToStoredParams(rule: FundingRule): Record<string, unknown> {
  const { kind: _kind, ...params } = rule;
  return params;
}

export function ruleFromStored(kind: string, params: Record<string, unknown>): FundingRule {
  const parsed = storedRuleSchema.safeParse({ ...params, kind });
  if (!parsed.success) {
    throw new DomainError(
      'FUNDING_RULE_INVALID',
      `Règle de financement invalide (${kind}) : ${parsed.error.message}`,
    );
  }
  const data = parsed.data;
  switch (data.kind) {
    case 'per_place_per_year':
      return { kind: data.kind, annualRatePerPlace: cents(data.annualRatePerPlace) };
    case 'per_post_per_month_capped':
      return {
        kind: data.kind,
        monthlyCapPerPost: cents(data.monthlyCapPerPost),
        indirectRateBasisPoints: data.indirectRateBasisPoints,
      };
    case 'cost_based':
      return {
        kind: data.kind,
        indirectRateBasisPoints: data.indirectRateBasisPoints,
        cap: data.cap === undefined || data.cap === null ? null : cents(data.cap),
      };
    case 'flat_per_post_by_type': {
      const amountsByType: Partial<Record<'AI' | 'EI' | 'ACI', Cents>> = {};
      for (const type of ['AI', 'EI', 'ACI'] as const) {
        const amount = data.amountsByType[type];
        if (amount !== undefined) amountsByType[type] = cents(amount);
      }
      return { kind: data.kind, amountsByType };
    }
    case 'fixed_on_review':
      return { kind: data.kind };
  }
}

/**
 * "20" or "12,5" (percent) → basis points. A percent with at most two decimals is a whole number of
 * hundredths, exactly as euros are of cents, hence the shared exact parser.
 */
export function percentToBasisPoints(text: string): number {
  return parseEuros(text);
}

const euros = z.string().transform((text) => parseEuros(text));
const percent = z.union([z.string(), z.number()]).transform((value) => percentToBasisPoints(String(value)));

/** The dataset's form of a rule: euros as decimal strings, rates in percent. */
export const datasetRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('per_place_per_year'), annual_rate_per_place: euros }),
  z.object({
    kind: z.literal('per_post_per_month_capped'),
    monthly_cap_per_post: euros,
    indirect_rate_percent: percent,
  }),
  z.object({ kind: z.literal('cost_based'), indirect_rate_percent: percent, cap: euros.optional() }),
  z.object({
    kind: z.literal('flat_per_post_by_type'),
    amounts_by_type: z.object({ AI: euros.optional(), EI: euros.optional(), ACI: euros.optional() }),
  }),
  z.object({ kind: z.literal('fixed_on_review') }),
]);

export function ruleFromDataset(data: z.output<typeof datasetRuleSchema>): FundingRule {
  switch (data.kind) {
    case 'per_place_per_year':
      return { kind: data.kind, annualRatePerPlace: data.annual_rate_per_place };
    case 'per_post_per_month_capped':
      return {
        kind: data.kind,
        monthlyCapPerPost: data.monthly_cap_per_post,
        indirectRateBasisPoints: data.indirect_rate_percent,
      };
    case 'cost_based':
      return { kind: data.kind, indirectRateBasisPoints: data.indirect_rate_percent, cap: data.cap ?? null };
    case 'flat_per_post_by_type': {
      const amountsByType: Partial<Record<'AI' | 'EI' | 'ACI', Cents>> = {};
      for (const type of ['AI', 'EI', 'ACI'] as const) {
        const amount = data.amounts_by_type[type];
        if (amount !== undefined) amountsByType[type] = amount;
      }
      return { kind: data.kind, amountsByType };
    }
    case 'fixed_on_review':
      return { kind: data.kind };
  }
}
