/**
 * Request and response shapes of the applications module, shared by the API and the web client.
 * Amounts travel as integer cents; dates as ISO plain dates.
 */
import { z } from 'zod';
import { isPlainDate } from '../../kernel/dates.ts';
import { APPLICATION_STATES } from './domain/states.ts';

export const plainDateSchema = z
  .string({ error: 'date attendue au format AAAA-MM-JJ' })
  .refine(isPlainDate, { message: 'date invalide (attendu AAAA-MM-JJ, par exemple 2023-04-01)' });

const centsField = (label: string) =>
  z
    .number({ error: `${label} : nombre entier de centimes attendu` })
    .int({ message: `${label} : nombre entier de centimes attendu` })
    .min(0, { message: `${label} ne peut pas être négatif` });

export const QUANTITY_UNITS = ['places', 'postes', 'participants', 'etp'] as const;
export const UNIT_LABELS: Record<(typeof QUANTITY_UNITS)[number], string> = {
  places: 'places',
  postes: 'postes',
  participants: 'participants',
  etp: 'ETP',
};

const applicationFields = {
  operationId: z.number({ error: "l'opération est obligatoire" }).int().positive(),
  structureId: z.number({ error: 'la structure est obligatoire' }).int().positive(),
  territories: z
    .array(z.string().min(1), { error: 'au moins un territoire est attendu' })
    .min(1, { message: 'au moins un territoire est attendu' }),
  label: z
    .string({ error: 'le libellé est obligatoire' })
    .trim()
    .min(1, { message: 'le libellé est obligatoire' })
    .max(500, { message: 'le libellé ne doit pas dépasser 500 caractères' }),
  periodStart: plainDateSchema,
  periodEnd: plainDateSchema,
  quantity: z
    .number({ error: 'la quantité doit être un nombre' })
    .min(0, { message: 'la quantité ne peut pas être négative' })
    .max(9_999_999, { message: 'la quantité ne peut pas dépasser 9 999 999' })
    .refine(
      (value) =>
        Number.isInteger(Math.round(value * 100)) && Math.abs(value * 100 - Math.round(value * 100)) < 1e-9,
      {
        message: 'la quantité a au plus deux décimales',
      },
    )
    .nullable(),
  unit: z.enum(QUANTITY_UNITS, { error: `unité attendue : ${QUANTITY_UNITS.join(', ')}` }).nullable(),
  siaeType: z.enum(['AI', 'EI', 'ACI'], { error: 'type de SIAE attendu : AI, EI ou ACI' }).nullable(),
  directCostsCents: centsField('les coûts directs').nullable(),
  externalServicesCents: centsField('les prestations externes').nullable(),
  requestedCents: centsField('le montant demandé').nullable(),
  retainedCents: z
    .number({ error: 'le montant retenu doit être un nombre entier de centimes' })
    .int({ message: 'le montant retenu doit être un nombre entier de centimes' })
    .nullable(),
  deviationJustification: z.string().trim().max(4000).nullable(),
  kind: z.enum(['convention', 'amendment'], { error: 'nature attendue : convention ou amendment (avenant)' }),
  amendsApplicationId: z.number().int().positive().nullable(),
  effectiveFrom: plainDateSchema.nullable(),
};

export const applicationInputSchema = z.object({
  ...applicationFields,
  quantity: applicationFields.quantity.default(null),
  unit: applicationFields.unit.default(null),
  siaeType: applicationFields.siaeType.default(null),
  directCostsCents: applicationFields.directCostsCents.default(null),
  externalServicesCents: applicationFields.externalServicesCents.default(null),
  requestedCents: applicationFields.requestedCents.default(null),
  retainedCents: applicationFields.retainedCents.default(null),
  deviationJustification: applicationFields.deviationJustification.default(null),
  kind: applicationFields.kind.default('convention'),
  amendsApplicationId: applicationFields.amendsApplicationId.default(null),
  effectiveFrom: applicationFields.effectiveFrom.default(null),
});
export type ApplicationInput = z.output<typeof applicationInputSchema>;

export const applicationPatchSchema = z
  .object(applicationFields)
  .partial()
  .extend({
    version: z.number({ error: 'la version lue est obligatoire (verrouillage optimiste)' }).int().positive(),
  });
export type ApplicationPatch = z.output<typeof applicationPatchSchema>;

export const transitionInputSchema = z.object({
  to: z.enum(APPLICATION_STATES, { error: `état attendu : ${APPLICATION_STATES.join(', ')}` }),
  motivation: z
    .string({ error: 'la motivation est obligatoire' })
    .trim()
    .min(3, { message: 'la motivation est obligatoire (3 caractères au moins)' })
    .max(4000),
  decidedOn: plainDateSchema.optional(),
  version: z.number().int().positive().optional(),
});
export type TransitionInput = z.output<typeof transitionInputSchema>;

export const applicationListQuerySchema = z.object({
  call: z.string().optional(),
  operationId: z.coerce.number().int().positive().optional(),
  structureId: z.coerce.number().int().positive().optional(),
  state: z.enum(APPLICATION_STATES).optional(),
  territory: z.string().optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const allocationPageQuerySchema = z.object({
  q: z.string().max(200).optional(),
  territory: z.string().max(64).optional(),
  operationId: z.coerce.number().int().positive().optional(),
  kind: z
    .enum(['convention', 'amendment'], { error: 'nature attendue : convention ou amendment' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The fields of an application as people name them (history, messages, forms). */
export const APPLICATION_FIELD_LABELS: Record<keyof ApplicationInput, string> = {
  operationId: 'Opération',
  structureId: 'Structure',
  label: 'Libellé',
  territories: 'Territoires',
  periodStart: 'Début de période',
  periodEnd: 'Fin de période',
  kind: 'Nature',
  amendsApplicationId: 'Convention modifiée',
  effectiveFrom: 'Date d’effet',
  quantity: 'Quantité',
  unit: 'Unité',
  siaeType: 'Type de SIAE',
  directCostsCents: 'Coûts directs',
  externalServicesCents: 'dont prestations externes',
  requestedCents: 'Montant demandé',
  retainedCents: 'Montant retenu',
  deviationJustification: 'Justification de l’écart',
};
