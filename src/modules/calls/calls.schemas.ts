/**
 * Request shapes of the calls module, shared by the API and the web client (zod only, no I/O): an
 * operation's convention terms as PUT /api/operations/:id/convention-terms receives them. An empty
 * text means unknown: it is left out, and the convention will say it is missing.
 *
 * The advance at signature is either a percentage of the amount (`advancePercent`) or a fixed
 * amount in cents (`advanceAmountCents`), never both; the instalments (acomptes) are percentages of
 * the amount, due after the signature or from their date. The advance's and the instalments'
 * percentages add up to 100 % at most: the balance, after the bilan, is what is left.
 */
import { z } from 'zod';
import { isPlainDate } from '../../kernel/dates.ts';

export const CONVENTION_TEXT_MAX = 4000;
export const MAX_INSTALMENTS = 12;

export const ADVANCE_RANGE_MESSAGE = "l'avance est comprise entre 0 et 100 %";
export const INSTALMENT_RANGE_MESSAGE = "l'acompte est compris entre 0 et 100 %";
export const DECIMALS_MESSAGE = 'deux décimales au plus (par exemple 12,5 ou 33,33)';
export const ADVANCE_EXCLUSIVE_MESSAGE = "l'avance est soit un pourcentage, soit un montant";
export const OVER_HUNDRED_MESSAGE = 'les avances et acomptes dépassent 100 %';

/** Whether a percentage has at most two decimals, as the payment schedule reads it. */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Number.isFinite(value) && Number(value.toFixed(2)) === value;
}

/** A percentage with at most two decimals as basis points, exactly (12.5 → 1250, 33.33 → 3333). */
export function percentBasisPoints(value: number): number {
  return Math.round(value * 100);
}

const optionalText = z
  .string()
  .trim()
  .max(CONVENTION_TEXT_MAX, {
    message: `${CONVENTION_TEXT_MAX.toLocaleString('fr-FR')} caractères au plus`,
  })
  .optional();

const percent = (rangeMessage: string) =>
  z
    .number({ error: 'pourcentage attendu' })
    .min(0, { message: rangeMessage })
    .max(100, { message: rangeMessage })
    .refine(hasAtMostTwoDecimals, { message: DECIMALS_MESSAGE });

export const instalmentTermSchema = z.object({
  percent: percent(INSTALMENT_RANGE_MESSAGE),
  /** AAAA-MM-JJ; absent: due after the signature. */
  dueOn: z
    .string({ error: 'date attendue (AAAA-MM-JJ)' })
    .refine(isPlainDate, { message: 'date invalide (AAAA-MM-JJ)' })
    .optional(),
});

export const conventionTermsSchema = z
  .object({
    objectives: optionalText,
    procedure: optionalText,
    professionalProfile: optionalText,
    /** Advance paid at signature, percentage of the amount (0–100, two decimals at most). */
    advancePercent: percent(ADVANCE_RANGE_MESSAGE).optional(),
    /** Or a fixed advance, in cents. */
    advanceAmountCents: z
      .number({ error: 'montant en centimes attendu' })
      .int({ message: 'montant en centimes entiers attendu' })
      .min(0, { message: "le montant de l'avance est positif ou nul" })
      .optional(),
    /** Acomptes, percentages of the amount, after the signature or from their date. */
    instalments: z
      .array(instalmentTermSchema)
      .max(MAX_INSTALMENTS, { message: `${MAX_INSTALMENTS} acomptes au plus` })
      .optional(),
    review: optionalText,
  })
  .superRefine((terms, context) => {
    if ((terms.advancePercent ?? 0) > 0 && terms.advanceAmountCents !== undefined) {
      context.addIssue({ code: 'custom', path: ['advanceAmountCents'], message: ADVANCE_EXCLUSIVE_MESSAGE });
    }
    const percents = [terms.advancePercent ?? 0, ...(terms.instalments ?? []).map((item) => item.percent)];
    const total = percents.reduce((sum, value) => sum + percentBasisPoints(value), 0);
    if (total > 10_000) {
      context.addIssue({
        code: 'custom',
        path: (terms.instalments ?? []).length > 0 ? ['instalments'] : ['advancePercent'],
        message: OVER_HUNDRED_MESSAGE,
      });
    }
  });

export type ConventionTermsInput = z.input<typeof conventionTermsSchema>;

/** The body of PUT /api/operations/:id/convention-terms: the terms and the version read with them. */
export const conventionTermsBodySchema = z.intersection(
  conventionTermsSchema,
  z.object({
    version: z.number({ error: 'la version lue est obligatoire (verrouillage optimiste)' }).int().positive(),
  }),
);
