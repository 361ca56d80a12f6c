/**
 * The dashboard of a call in one request: its budget envelopes, its applications by state and the
 * consistency check's findings, each read from the module that owns it, as the actor may see them.
 */
import { callCodeParams, defineRoute } from '../../platform/http.ts';
import { countApplicationsByState } from '../applications/index.ts';
import { getCallBudget } from '../budget/index.ts';
import { getCallTree } from '../calls/index.ts';
import { checkCallConsistency } from '../consistency/index.ts';

export const dashboardRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calls/:code/dashboard',
    cached: true,
    permission: 'calls:read',
    tag: 'dashboard',
    summary:
      "Tableau de bord d'un appel : enveloppes budgétaires, demandes par état, constats du contrôle de cohérence",
    params: callCodeParams,
    handler: async ({ db, params, actor }) => {
      const tree = await getCallTree(db, params.code);
      const lineIds = [
        ...new Set(tree.themes.flatMap((theme) => theme.operations.map((op) => op.budgetLineId))),
      ];
      const [budget, states, check] = await Promise.all([
        getCallBudget(db, { callId: tree.id, budgetLineIds: lineIds }),
        countApplicationsByState(db, tree.id, actor),
        checkCallConsistency(db, tree.code, actor),
      ]);
      return { call: { code: tree.code, title: tree.title, year: tree.year }, budget, states, check };
    },
  }),
];
