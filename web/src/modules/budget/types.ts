/** What the budget module's routes send (src/modules/budget). Amounts in cents. */
export interface BudgetLine {
  id: number;
  code: string;
  label: string;
  nature: string;
  chapter: string;
  functionCode: string;
  imputation: string;
  ae: number;
}

/** A line's envelope for a call: AE − committed before = available; available − proposed = balance. */
export interface BudgetSituation {
  line: BudgetLine;
  ae: number;
  committedBefore: number;
  proposed: number;
  available: number;
  balance: number;
}
