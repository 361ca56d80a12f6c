/**
 * The funding module's public surface: the rules engine (pure) that other modules call to compute
 * and explain the amount of a dossier or of an avenant.
 */
export {
  type AmendmentInput,
  type AmendmentPart,
  type AmendmentResult,
  computeAmendment,
  computeFunding,
  describeRule,
  FUNDING_RULE_LABELS,
  type FundingInput,
  type FundingResult,
  type FundingRule,
  type FundingRuleKind,
  formatRate,
  prorateAnnualAmount,
  type QuantityUnit,
  SIAE_TYPES,
  type SiaeType,
} from './domain/rules.ts';
