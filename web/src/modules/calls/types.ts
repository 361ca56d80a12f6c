/** What the calls module's routes send (src/modules/calls). */
import type { ConventionTerms } from '../../../../src/modules/calls/calls.repository.ts';
import type { FundingRule } from '../../../../src/modules/funding/index.ts';

export type { ConventionTerms };

export interface CallSummary {
  id: number;
  code: string;
  title: string;
  year: number;
  phase: number;
  isPartial: boolean;
}

/** Figures the report states, kept to compare with the database's. */
export interface Stated {
  unit?: string;
  quantity?: number;
  structures?: number;
  operations?: number;
  amount_cents?: number;
}

export interface RuleVersion {
  id: number;
  rule: FundingRule;
  effectiveFrom: string;
  effectiveTo: string | null;
  legalReference: string | null;
  /** French name of the kind of rule. */
  label: string;
  /** French description with its parameters ("160 € par place et par an…"). */
  description: string;
}

export interface Operation {
  id: number;
  callId: number;
  themeNumber: number;
  number: number;
  title: string;
  shortTitle: string | null;
  budgetLineId: number;
  targetPublic: string | null;
  description: string | null;
  reviewPreviousYear: string | null;
  proposal: string | null;
  stated: Stated;
  /** What its convention annex needs beyond the texts (objectives, advance…); absent keys unknown. */
  conventionTerms: ConventionTerms;
  /** Sent back with a change of the terms (409 when someone saved meanwhile). */
  conventionTermsVersion: number;
  rules: RuleVersion[];
}

export interface Theme {
  id: number;
  number: number;
  title: string;
  intro: string | null;
  stated: Stated;
  operations: Operation[];
}

export interface CallTree extends CallSummary {
  themes: Theme[];
}

/**
 * The rule version in force on a date, as the server chooses it (calls.service.ts `ruleInForce`): a
 * period starting before the first version takes the earliest one.
 */
export function ruleInForce(operation: Operation, on: string): RuleVersion | undefined {
  let found: RuleVersion | undefined;
  for (const version of operation.rules) {
    if (version.effectiveFrom <= on && (version.effectiveTo === null || version.effectiveTo >= on))
      found = version;
  }
  return found ?? operation.rules[0];
}

/** "1.4" for operation 4 of theme 1. */
export function operationNumber(operation: { themeNumber: number; number: number }): string {
  return `${operation.themeNumber}.${operation.number}`;
}
