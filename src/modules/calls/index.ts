/** What other modules may use of the calls module. */
export type { StatedFigures } from './calls.repository.ts';
export {
  type ConventionTerms,
  type InstalmentTerms,
  insertCall,
  insertFundingRule,
  insertOperation,
  insertTheme,
  selectConventionTerms,
  updateConventionTerms,
} from './calls.repository.ts';
export {
  ADVANCE_EXCLUSIVE_MESSAGE,
  conventionTermsSchema,
  hasAtMostTwoDecimals,
  MAX_INSTALMENTS,
  OVER_HUNDRED_MESSAGE,
  percentBasisPoints,
} from './calls.schemas.ts';
export type { Call, CallTree, FundingRuleVersion, Operation, Theme } from './calls.service.ts';
export {
  getCall,
  getCallTree,
  getOperation,
  listCalls,
  ruleInForce,
  setConventionTerms,
} from './calls.service.ts';
export {
  datasetRuleSchema,
  ruleFromDataset,
  ruleFromStored,
  ruleToStoredParams,
} from './funding-rule-data.ts';
