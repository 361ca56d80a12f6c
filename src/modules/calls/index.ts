/** What other modules may use of the calls module. */
export type { StatedFigures } from './calls.repository.ts';
export {
  type ConventionTerms,
  insertCall,
  insertFundingRule,
  insertOperation,
  insertTheme,
  selectConventionTerms,
  updateConventionTerms,
} from './calls.repository.ts';
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
