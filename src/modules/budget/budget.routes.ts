/** HTTP routes of the budget module. */
import { callCodeParams, defineRoute } from '../../platform/http.ts';
import { getCallTree } from '../calls/index.ts';
import { getCallBudget, listBudgetLines } from './budget.service.ts';

export const budgetRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/budget-lines',
    permission: 'budget:read',
    tag: 'budget',
    summary: 'Les lignes budgétaires (opérations budgétaires et leur AE)',
    handler: async ({ db }) => listBudgetLines(db),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calls/:code/budget',
    permission: 'budget:read',
    tag: 'budget',
    summary: "Situation budgétaire d'un appel : AE, engagé avant, disponible, proposé, solde, par ligne",
    params: callCodeParams,
    handler: async ({ db, params }) => {
      const tree = await getCallTree(db, params.code);
      const lineIds = [
        ...new Set(tree.themes.flatMap((theme) => theme.operations.map((op) => op.budgetLineId))),
      ];
      return getCallBudget(db, { callId: tree.id, budgetLineIds: lineIds });
    },
  }),
];
