/**
 * An operation's convention terms as typed (objectives, déroulement, profile, advance at signature,
 * review), their validation and the body of PUT /api/operations/:id/convention-terms. An empty field
 * means unknown: it is not sent, and the session's documents list it as missing.
 *
 * The server's schema (`conventionTermsBody`) is private to src/modules/calls/calls.routes.ts, which
 * the browser cannot import: the same rules are written here, with the server's messages, until it
 * is exported from a pure schemas module like the structures' one.
 */
import { z } from 'zod';
import { errorsFromIssues, type FieldErrors } from '../../shared/form.tsx';
import type { ConventionTerms } from './types.ts';

export interface ConventionTermsValues {
  objectives: string;
  procedure: string;
  professionalProfile: string;
  /** As typed: "50", "12,5", "30 %". */
  advancePercent: string;
  review: string;
}

export type ConventionTermsKey = keyof ConventionTermsValues;

export const CONVENTION_TERMS_ORDER: ConventionTermsKey[] = [
  'objectives',
  'procedure',
  'professionalProfile',
  'advancePercent',
  'review',
];

export const CONVENTION_TERMS_LABELS: Record<ConventionTermsKey, string> = {
  objectives: 'Objectifs de l’opération',
  procedure: 'Déroulement de l’action',
  professionalProfile: 'Profil du professionnel intervenant',
  advancePercent: 'Avance versée à la signature (%)',
  review: 'Bilan à transmettre',
};

/** Short names, in a list of what remains to complete. */
export const CONVENTION_TERMS_SHORT: Record<ConventionTermsKey, string> = {
  objectives: 'objectifs',
  procedure: 'déroulement',
  professionalProfile: 'profil du professionnel',
  advancePercent: 'avance',
  review: 'bilan',
};

/** The id of each field's control, for the labels and the error summary's links. */
export const CONVENTION_TERMS_TARGETS: Record<ConventionTermsKey, string> = {
  objectives: 'convention-objectifs',
  procedure: 'convention-deroulement',
  professionalProfile: 'convention-profil',
  advancePercent: 'convention-avance',
  review: 'convention-bilan',
};

export const TEXT_MAX = 4000;
const PERCENT = /^-?\d+(?:[.,]\d+)?$/;
const RANGE_MESSAGE = "l'avance est comprise entre 0 et 100 %";

/**
 * The advance typed, as a number: undefined when empty (unknown), NaN when it is not a number.
 * "12,5", "12.5", "30 %" and "30%" are read; spaces are ignored.
 */
export function parsePercent(text: string): number | undefined {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/%$/, '');
  if (compact === '') return undefined;
  if (!PERCENT.test(compact)) return Number.NaN;
  return Number(compact.replace(',', '.'));
}

/** 12.5 → "12,5"; undefined → "". */
export function formatPercentInput(value: number | undefined): string {
  return value === undefined ? '' : String(value).replace('.', ',');
}

/** 12.5 → "12,5 %". */
export function formatPercent(value: number): string {
  return `${formatPercentInput(value)}\u00a0%`;
}

const text = z
  .string()
  .trim()
  .max(TEXT_MAX, { message: `${TEXT_MAX.toLocaleString('fr-FR')} caractères au plus` });

const valuesSchema = z.object({
  objectives: text,
  procedure: text,
  professionalProfile: text,
  advancePercent: z.string().superRefine((value, context) => {
    const percent = parsePercent(value);
    if (percent === undefined) return;
    if (Number.isNaN(percent)) {
      context.addIssue({
        code: 'custom',
        message: 'pourcentage attendu : un nombre de 0 à 100, par exemple 30 ou 12,5',
      });
    } else if (percent < 0 || percent > 100) {
      context.addIssue({ code: 'custom', message: RANGE_MESSAGE });
    } else if (/[.,]\d{3,}/.test(value)) {
      context.addIssue({ code: 'custom', message: 'deux décimales au plus (par exemple 12,5 ou 33,33)' });
    }
  }),
  review: text,
});

export function validateConventionTerms(values: ConventionTermsValues): FieldErrors {
  const result = valuesSchema.safeParse(values);
  return result.success ? {} : errorsFromIssues(result.error.issues);
}

export function valuesFromTerms(terms: ConventionTerms): ConventionTermsValues {
  return {
    objectives: terms.objectives ?? '',
    procedure: terms.procedure ?? '',
    professionalProfile: terms.professionalProfile ?? '',
    advancePercent: formatPercentInput(terms.advancePercent),
    review: terms.review ?? '',
  };
}

/** The body of the PUT: the fields filled in, trimmed; the empty ones are left out (unknown). */
export function toConventionTermsBody(values: ConventionTermsValues): ConventionTerms {
  const body: ConventionTerms = {};
  for (const key of ['objectives', 'procedure', 'professionalProfile', 'review'] as const) {
    const value = values[key].trim();
    if (value !== '') body[key] = value;
  }
  const percent = parsePercent(values.advancePercent);
  if (percent !== undefined) body.advancePercent = percent;
  return body;
}

export function sameTerms(a: ConventionTerms, b: ConventionTerms): boolean {
  return CONVENTION_TERMS_ORDER.every((key) => a[key] === b[key]);
}

/** The terms the convention still lacks (short names), in the form's order. */
export function missingTerms(terms: ConventionTerms): string[] {
  return CONVENTION_TERMS_ORDER.filter((key) => terms[key] === undefined || terms[key] === '').map(
    (key) => CONVENTION_TERMS_SHORT[key],
  );
}

/** The form's address for an operation of a call. */
export function conventionTermsPath(callCode: string, operationId: number): string {
  return `/appels/${encodeURIComponent(callCode)}/operations/${operationId}/convention`;
}
