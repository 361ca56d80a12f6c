/** What other modules may use of the budget module. */
export type { BudgetLine, BudgetLineSituation } from './budget.service.ts';
export {
  chargeAmendment,
  chargeApplication,
  commitAmendment,
  commitApplication,
  committedForApplications,
  getCallBudget,
  insertBudgetLine,
  insertCommitment,
  listBudgetLines,
  releaseAmendment,
  releaseApplication,
} from './budget.service.ts';
export { assertChargeFits, computeEnvelope, type Envelope } from './domain/envelope.ts';
