/** HTTP routes of the calls module. */
import { callCodeParams, defineRoute } from '../../platform/http.ts';
import { describeRule, FUNDING_RULE_LABELS } from '../funding/index.ts';
import { getCallTree, listCalls } from './calls.service.ts';

export const callRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/calls',
    permission: 'calls:read',
    tag: 'calls',
    summary: 'Les appels à projets',
    handler: async ({ db }) => listCalls(db),
  }),
  defineRoute({
    method: 'GET',
    url: '/api/calls/:code',
    permission: 'calls:read',
    tag: 'calls',
    summary:
      'Un appel : thématiques, opérations et règles de financement (avec leur description en français)',
    params: callCodeParams,
    handler: async ({ db, params }) => {
      const tree = await getCallTree(db, params.code);
      return {
        ...tree,
        themes: tree.themes.map((theme) => ({
          ...theme,
          operations: theme.operations.map((operation) => ({
            ...operation,
            rules: operation.rules.map((version) => ({
              ...version,
              label: FUNDING_RULE_LABELS[version.rule.kind],
              description: describeRule(version.rule),
            })),
          })),
        })),
      };
    },
  }),
];
