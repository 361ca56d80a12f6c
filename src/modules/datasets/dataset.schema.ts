/**
 * The shape of a département's dataset (YAML files in datasets/<id>/), validated before anything
 * is written. Amounts are euros as decimal strings ("99200.00"), dates ISO, rates in percent.
 */
import { z } from 'zod';
import { isPlainDate, type PlainDate } from '../../kernel/dates.ts';
import { parseEuros } from '../../kernel/money.ts';
import {
  ADVANCE_EXCLUSIVE_MESSAGE,
  datasetRuleSchema,
  hasAtMostTwoDecimals,
  MAX_INSTALMENTS,
  OVER_HUNDRED_MESSAGE,
  percentBasisPoints,
} from '../calls/index.ts';

const euros = z.string().transform((text) => parseEuros(text));
/** YAML reads an unquoted 2023-04-01 as a Date: accept both, keep a plain date. */
const plainDate = z
  .union([z.string(), z.date()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .refine(isPlainDate, { message: 'date invalide (AAAA-MM-JJ)' })
  .transform((value) => value as PlainDate);

export const datasetManifestSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  source: z.string().optional(),
  calls: z.array(z.string()).min(1),
  /** Sessions of the Commission Permanente, files of sessions/ ("2023-06-12"). */
  sessions: z.array(z.string()).default([]),
});

export const collectiviteSchema = z.object({
  code: z.string(),
  name: z.string(),
  short_name: z.string(),
  settings: z.record(z.string(), z.unknown()).default({}),
});

export const territoriesSchema = z.array(
  z.object({
    code: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    aliases: z.array(z.string()).default([]),
    whole_departement: z.boolean().default(false),
  }),
);

export const budgetLinesSchema = z.array(
  z.object({
    code: z.string(),
    label: z.string(),
    imputation: z.string(),
    nature: z.string(),
    chapter: z.string(),
    function: z.string(),
    ae: euros,
    opening_commitments: z
      .array(z.object({ label: z.string(), amount: euros, decided_on: plainDate.optional() }))
      .default([]),
  }),
);

const statedSchema = z
  .object({
    amount: euros.optional(),
    structures: z.number().int().optional(),
    operations: z.number().int().optional(),
    quantity: z.number().optional(),
    unit: z.string().optional(),
  })
  .optional();

/** What an operation's convention annex needs beyond the call's texts (all optional here: what is
 * missing is listed when a convention is generated). */
export const conventionTermsSchema = z
  .object({
    objectives: z.string().min(1).optional(),
    procedure: z.string().min(1).optional(),
    professional_profile: z.string().min(1).optional(),
    /** Advance paid at signature, as a percentage of the amount (0–100, two decimals at most). */
    advance_percent: z
      .number()
      .min(0)
      .max(100)
      .refine(hasAtMostTwoDecimals, { message: 'deux décimales au plus' })
      .optional(),
    /** Or a fixed advance paid at signature, in euros ("12000.00"). */
    advance_amount: euros
      .refine((amount) => amount >= 0, { message: "le montant de l'avance est positif ou nul" })
      .optional(),
    /** Acomptes: a percentage of the amount each, after the signature or from `due_on`. */
    instalments: z
      .array(
        z.object({
          percent: z
            .number()
            .min(0)
            .max(100)
            .refine(hasAtMostTwoDecimals, { message: 'deux décimales au plus' }),
          due_on: plainDate.optional(),
        }),
      )
      .max(MAX_INSTALMENTS, { message: `${MAX_INSTALMENTS} acomptes au plus` })
      .optional(),
    /** The review report (bilan) to send, and when. */
    review: z.string().min(1).optional(),
  })
  .superRefine((terms, context) => {
    if ((terms.advance_percent ?? 0) > 0 && terms.advance_amount !== undefined) {
      context.addIssue({ code: 'custom', path: ['advance_amount'], message: ADVANCE_EXCLUSIVE_MESSAGE });
    }
    const total = [
      terms.advance_percent ?? 0,
      ...(terms.instalments ?? []).map((item) => item.percent),
    ].reduce((sum, value) => sum + percentBasisPoints(value), 0);
    if (total > 10_000)
      context.addIssue({ code: 'custom', path: ['instalments'], message: OVER_HUNDRED_MESSAGE });
  });

export const callSchema = z.object({
  code: z.string(),
  title: z.string(),
  year: z.number().int(),
  phase: z.number().int().optional(),
  partial: z.boolean().default(false),
  themes: z.array(
    z.object({
      number: z.number().int().positive(),
      title: z.string(),
      intro: z.string().optional(),
      stated: statedSchema,
      operations: z.array(
        z.object({
          number: z.number().int().positive(),
          title: z.string(),
          short_title: z.string().optional(),
          budget_line: z.string(),
          target_public: z.string().optional(),
          description: z.string().optional(),
          review_2022: z.string().optional(),
          proposal: z.string().optional(),
          stated: statedSchema,
          convention: conventionTermsSchema.optional(),
          rules: z
            .array(
              z.intersection(
                datasetRuleSchema,
                z.object({
                  effective_from: plainDate,
                  effective_to: plainDate.optional(),
                  legal_reference: z.string().min(1),
                }),
              ),
            )
            .min(1),
        }),
      ),
    }),
  ),
});
export type DatasetCall = z.output<typeof callSchema>;

export const structuresSchema = z.array(
  z.object({
    key: z.string().regex(/^[a-z0-9-]+$/),
    legal_name: z.string().min(1),
    short_name: z.string().nullable().optional(),
    aliases: z.array(z.string()).default([]),
    category: z.string(),
    siae_types: z.array(z.enum(['AI', 'EI', 'ACI'])).default([]),
    legal_form: z.string().nullable().optional(),
    siret: z.string().nullable().optional(),
    rna: z.string().nullable().optional(),
    address: z
      .object({
        street: z.string().optional(),
        postal_code: z.string().optional(),
        city: z.string().optional(),
      })
      .optional(),
    representative: z.object({ name: z.string(), title: z.string().optional() }).optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    iban: z.string().nullable().optional(),
    bic: z.string().nullable().optional(),
  }),
);
export type DatasetStructure = z.output<typeof structuresSchema>[number];

export const applicationsSchema = z.array(
  z.object({
    ref: z.string().min(1),
    theme: z.number().int(),
    operation: z.number().int(),
    structure: z.string(),
    territories: z.array(z.string()).min(1),
    label: z.string().min(1),
    period: z.object({ start: plainDate, end: plainDate }),
    quantity: z.number().nullable().optional(),
    quantity_before: z.number().nullable().optional(),
    unit: z.enum(['places', 'postes', 'participants', 'etp']).nullable().optional(),
    requested: euros.optional(),
    retained: euros,
    direct_costs: euros.optional(),
    external_services: euros.optional(),
    kind: z.enum(['convention', 'amendment']),
    amends: z.string().optional(),
    effective_from: plainDate.optional(),
    siae_type: z.enum(['AI', 'EI', 'ACI']).optional(),
    state: z.enum(['proposed', 'voted', 'postponed', 'under_review', 'rejected']),
    voted_on: plainDate.optional(),
    justification: z.string().optional(),
    printed: z.record(z.string(), z.unknown()).optional(),
  }),
);
export type DatasetApplication = z.output<typeof applicationsSchema>[number];

export const electedMembersSchema = z.object({
  groups_source: z.string().optional(),
  groups: z.array(z.string().min(1)).min(1),
  members: z.array(
    z.object({
      key: z.string().regex(/^[a-z0-9-]+$/),
      civility: z.enum(['M.', 'Mme']),
      name: z.string().min(1),
      group: z.string().min(1),
      voting: z.boolean().default(true),
    }),
  ),
  board_seats: z
    .array(z.object({ member: z.string(), structure: z.string(), role: z.string().min(1) }))
    .default([]),
});

export const sessionSchema = z.object({
  body: z.string().min(1),
  date: plainDate,
  president: z.string(),
  secretary: z.string().optional(),
  sent_to_legality_control_on: plainDate.optional(),
  published_on: plainDate.optional(),
  proxy_holders_source: z.string().optional(),
  attendance: z.object({
    present: z.array(z.string()).default([]),
    excused: z.array(z.object({ member: z.string(), proxy: z.string().optional() })).default([]),
    absent: z.array(z.string()).default([]),
  }),
  reports: z.array(
    z.object({
      number: z.string().min(1),
      deliberation: z.string().optional(),
      call: z.string(),
      title: z.string().min(1),
      territories: z.string().default(''),
      cantons: z.string().default(''),
      epci: z.string().default(''),
      context: z.string().default(''),
      visas: z.array(z.string()).default([]),
      opinions: z
        .array(
          z.object({
            commission: z.string(),
            visa: z.string().optional(),
            opinion: z.string(),
            date: plainDate,
          }),
        )
        .default([]),
      conflicts: z.array(z.string()).default([]),
      /** Votes by member key; `others` is the vote of every other member with a vote not conflicted. */
      votes: z
        .object({
          others: z.enum(['for', 'against', 'abstention']).optional(),
          members: z
            .record(z.string(), z.enum(['for', 'against', 'abstention', 'not_taking_part']))
            .default({}),
        })
        .optional(),
    }),
  ),
});
export type DatasetSession = z.output<typeof sessionSchema>;
