/** What other modules may use of the budget module. */
export type { BudgetLine, BudgetLineSituation } from './budget.service.ts';
export {
  chargeApplication,
  commitApplication,
  getCallBudget,
  insertBudgetLine,
  insertCommitment,
  listBudgetLines,
  releaseApplication,
} from './budget.service.ts';
export { assertChargeFits, computeEnvelope, type Envelope } from './domain/envelope.ts';
