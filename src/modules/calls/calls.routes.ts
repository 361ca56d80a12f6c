/** HTTP routes of the calls module. */
import { z } from 'zod';
import { callCodeParams, defineRoute, idParams } from '../../platform/http.ts';
import { describeRule, FUNDING_RULE_LABELS } from '../funding/index.ts';
import { getCallTree, listCalls, setConventionTerms } from './calls.service.ts';

const optionalText = z.string().trim().max(4000).optional();

/** An empty text means unknown: it is left out, and the convention will say it is missing. */
const conventionTermsBody = z.object({
  objectives: optionalText,
  procedure: optionalText,
  professionalProfile: optionalText,
  advancePercent: z
    .number({ error: 'pourcentage attendu' })
    .min(0, { message: "l'avance est comprise entre 0 et 100 %" })
    .max(100, { message: "l'avance est comprise entre 0 et 100 %" })
    .optional(),
  review: optionalText,
});

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
    summary: "Les conditions de convention d'une opération : objectifs, déroulement, profil, avance, bilan",
    params: idParams,
    body: conventionTermsBody,
    handler: async ({ db, params, body, actor }) =>
      setConventionTerms(
        db,
        actor,
        params.id,
        Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined && value !== '')),
      ),
  }),
];
