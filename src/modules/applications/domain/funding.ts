/**
 * What the operation's rule gives for an application: a new convention is computed on its own
 * period; an amendment is the difference its change makes to the convention it amends, from its
 * effective date, prorata temporis.
 */
import type { Period, PlainDate } from '../../../kernel/dates.ts';
import type { Cents } from '../../../kernel/money.ts';
import {
  computeAmendment,
  computeFunding,
  type FundingRule,
  type QuantityUnit,
  type SiaeType,
} from '../../funding/index.ts';

export interface FundingFacts {
  kind: 'convention' | 'amendment';
  quantity: number | null;
  unit: QuantityUnit | null;
  period: Period;
  siaeType: SiaeType | null;
  directCosts: Cents | null;
  externalServices: Cents | null;
  effectiveFrom: PlainDate | null;
  /** For an amendment: the convention it amends. */
  amended: { quantity: number | null; period: Period } | null;
}

export interface Computation {
  status: 'computed' | 'not_computable' | 'decided_on_review';
  amount: Cents | null;
  explanation: string;
  /** For an amendment: the amounts before and after it. */
  amountBefore?: Cents;
  amountAfter?: Cents;
}

export function computeApplicationFunding(rule: FundingRule | undefined, facts: FundingFacts): Computation {
  if (!rule) {
    return {
      status: 'not_computable',
      amount: null,
      explanation: "Non calculable : l'opération n'a pas de règle de financement.",
    };
  }
  if (facts.kind === 'amendment') {
    if (
      !facts.amended ||
      facts.amended.quantity === null ||
      facts.quantity === null ||
      !facts.effectiveFrom
    ) {
      return {
        status: 'not_computable',
        amount: null,
        explanation: 'Non calculable : la convention modifiée, les quantités ou la date d’effet manquent.',
      };
    }
    const result = computeAmendment(rule, {
      before: { quantity: facts.amended.quantity, period: facts.amended.period },
      quantityAfter: facts.quantity,
      effectiveFrom: facts.effectiveFrom,
      siaeType: facts.siaeType,
      unit: facts.unit,
    });
    if (result.status !== 'computed') {
      return { status: 'not_computable', amount: null, explanation: result.explanation };
    }
    return {
      status: 'computed',
      amount: result.delta,
      explanation: result.explanation,
      amountBefore: result.amountBefore,
      amountAfter: result.amountAfter,
    };
  }
  const result = computeFunding(rule, {
    quantity: facts.quantity,
    unit: facts.unit,
    period: facts.period,
    siaeType: facts.siaeType,
    directCosts: facts.directCosts,
    externalServices: facts.externalServices,
  });
  return result.status === 'computed'
    ? { status: 'computed', amount: result.amount, explanation: result.explanation }
    : { status: result.status, amount: null, explanation: result.explanation };
}

/** A retained amount that departs from a computed one must say why. */
export function needsJustification(computed: Cents | null, retained: Cents | null): boolean {
  return computed !== null && retained !== null && computed !== retained;
}
