/** GET /api/calls/:code/dashboard (src/modules/dashboard): a call's dashboard in one request. */
import type { ApplicationState } from '../applications/types.ts';
import type { BudgetSituation } from '../budget/types.ts';
import type { CheckReport } from '../consistency/types.ts';

/** How many applications of the call are in a state, as the user may see them (amounts in cents). */
export interface StateCount {
  state: ApplicationState;
  label: string;
  count: number;
  amount: number;
}

export interface CallDashboard {
  call: { code: string; title: string; year: number };
  budget: BudgetSituation[];
  /** Only the states that have applications. */
  states: StateCount[];
  check: CheckReport;
}
