/** Request and response shapes of the structures module, shared by the API and the web client. */
import { z } from 'zod';
import {
  type IdentifierResult,
  validateBic,
  validateIban,
  validateRna,
  validateSiret,
} from '../../kernel/identifiers.ts';

export const STRUCTURE_CATEGORIES = [
  'ccas_cias',
  'association',
  'ai',
  'ei',
  'aci',
  'plie',
  'epci',
  'syndicat',
  'commune',
  'public_body',
  'company',
  'geiq',
  'other',
] as const;
export type StructureCategory = (typeof STRUCTURE_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<StructureCategory, string> = {
  ccas_cias: 'CCAS / CIAS',
  association: 'Association',
  ai: 'Association intermédiaire (AI)',
  ei: "Entreprise d'insertion (EI)",
  aci: "Atelier et chantier d'insertion (ACI)",
  plie: 'PLIE',
  epci: 'EPCI',
  syndicat: 'Syndicat intercommunal',
  commune: 'Commune',
  public_body: 'Établissement public',
  company: 'Entreprise',
  geiq: 'GEIQ',
  other: 'Autre',
};

/** An optional identifier: empty means unknown; anything else must be valid, and is normalised. */
function identifier<T extends string>(validate: (input: string) => IdentifierResult<T>) {
  return z
    .string()
    .trim()
    .nullable()
    .transform((value, context) => {
      if (value === null || value === '') return null;
      const result = validate(value);
      if (!result.ok) {
        context.addIssue({ code: 'custom', message: result.message });
        return z.NEVER;
      }
      return result.value as string;
    });
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `${max} caractères au plus` })
    .nullable()
    .transform((value) => (value === '' ? null : value));

const structureFields = {
  legalName: z
    .string({ error: 'la raison sociale est obligatoire' })
    .trim()
    .min(2, { message: 'la raison sociale est obligatoire (2 caractères au moins)' })
    .max(300),
  shortName: optionalText(120),
  aliases: z.array(z.string().trim().min(1).max(300)).max(50),
  category: z.enum(STRUCTURE_CATEGORIES, {
    error: `catégorie attendue : ${STRUCTURE_CATEGORIES.join(', ')}`,
  }),
  siaeTypes: z.array(z.enum(['AI', 'EI', 'ACI'])).max(3),
  legalForm: optionalText(120),
  siret: identifier(validateSiret),
  rna: identifier(validateRna),
  addressStreet: optionalText(300),
  addressPostalCode: z
    .string()
    .trim()
    .nullable()
    .refine((value) => value === null || value === '' || /^\d{5}$/.test(value), {
      message: 'le code postal comporte 5 chiffres',
    })
    .transform((value) => (value === '' ? null : value)),
  addressCity: optionalText(120),
  representativeName: optionalText(200),
  representativeTitle: optionalText(200),
  email: z
    .string()
    .trim()
    .nullable()
    .refine((value) => value === null || value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), {
      message: 'adresse électronique invalide',
    })
    .transform((value) => (value === '' ? null : value)),
  phone: optionalText(40),
  iban: identifier(validateIban),
  bic: identifier(validateBic),
};

export const structureInputSchema = z.object({
  ...structureFields,
  shortName: structureFields.shortName.default(null),
  aliases: structureFields.aliases.default([]),
  siaeTypes: structureFields.siaeTypes.default([]),
  legalForm: structureFields.legalForm.default(null),
  siret: structureFields.siret.default(null),
  rna: structureFields.rna.default(null),
  addressStreet: structureFields.addressStreet.default(null),
  addressPostalCode: structureFields.addressPostalCode.default(null),
  addressCity: structureFields.addressCity.default(null),
  representativeName: structureFields.representativeName.default(null),
  representativeTitle: structureFields.representativeTitle.default(null),
  email: structureFields.email.default(null),
  phone: structureFields.phone.default(null),
  iban: structureFields.iban.default(null),
  bic: structureFields.bic.default(null),
});
export type StructureInput = z.output<typeof structureInputSchema>;

export const structurePatchSchema = z
  .object(structureFields)
  .partial()
  .extend({
    version: z.number({ error: 'la version lue est obligatoire (verrouillage optimiste)' }).int().positive(),
  });
export type StructurePatch = z.output<typeof structurePatchSchema>;

/** The bank details alone: kept up to date by the finance side (RIB received for a payment). */
export const bankDetailsSchema = z.object({
  iban: structureFields.iban,
  bic: structureFields.bic,
  version: z.number({ error: 'la version lue est obligatoire (verrouillage optimiste)' }).int().positive(),
});

export const structureListQuerySchema = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
