/** HTTP routes of the calls module. */
import type { z } from 'zod';
import { callCodeParams, defineRoute, idParams } from '../../platform/http.ts';
import { describeRule, FUNDING_RULE_LABELS } from '../funding/index.ts';
import type { ConventionTerms } from './calls.repository.ts';
import { conventionTermsBodySchema, type conventionTermsSchema } from './calls.schemas.ts';
import { getCallTree, listCalls, setConventionTerms } from './calls.service.ts';

/** The terms as stored: the empty texts and an empty list of instalments are left out (unknown). */
function storedTerms(body: z.output<typeof conventionTermsSchema>): ConventionTerms {
  const terms: ConventionTerms = {};
  for (const key of ['objectives', 'procedure', 'professionalProfile', 'review'] as const) {
    const value = body[key];
    if (value !== undefined && value !== '') terms[key] = value;
  }
  if (body.advancePercent !== undefined) terms.advancePercent = body.advancePercent;
  if (body.advanceAmountCents !== undefined) terms.advanceAmountCents = body.advanceAmountCents;
  if (body.instalments !== undefined && body.instalments.length > 0) {
    terms.instalments = body.instalments.map((instalment) =>
      instalment.dueOn === undefined
        ? { percent: instalment.percent }
        : { percent: instalment.percent, dueOn: instalment.dueOn },
    );
  }
  return terms;
}

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
  defineRoute({
    method: 'PUT',
    url: '/api/operations/:id/convention-terms',
    permission: 'calls:write',
    tag: 'calls',
    summary:
      "Les conditions de convention d'une opération : objectifs, déroulement, profil, avance (pourcentage ou montant), acomptes, bilan",
    params: idParams,
    body: conventionTermsBodySchema,
    handler: async ({ db, params, body, actor }) =>
      setConventionTerms(db, actor, params.id, storedTerms(body), body.version),
  }),
];
