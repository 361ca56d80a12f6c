/** The structure form's values as typed, their conversion to the API's input and their validation. */

import type { StructureCategory } from '../../../../src/modules/structures/structures.schemas.ts';
import { structureInputSchema } from '../../../../src/modules/structures/structures.schemas.ts';
import { errorsFromIssues, type FieldErrors } from '../../shared/form.tsx';
import type { Structure } from './types.ts';

export type SiaeType = 'AI' | 'EI' | 'ACI';

/** Keyed by the schema's field names; aliases one per line. */
export interface StructureValues {
  legalName: string;
  shortName: string;
  aliases: string;
  category: '' | StructureCategory;
  siaeTypes: SiaeType[];
  legalForm: string;
  siret: string;
  rna: string;
  addressStreet: string;
  addressPostalCode: string;
  addressCity: string;
  representativeName: string;
  representativeTitle: string;
  email: string;
  phone: string;
  iban: string;
  bic: string;
}

export const EMPTY_STRUCTURE: StructureValues = {
  legalName: '',
  shortName: '',
  aliases: '',
  category: '',
  siaeTypes: [],
  legalForm: '',
  siret: '',
  rna: '',
  addressStreet: '',
  addressPostalCode: '',
  addressCity: '',
  representativeName: '',
  representativeTitle: '',
  email: '',
  phone: '',
  iban: '',
  bic: '',
};

export function valuesFromStructure(structure: Structure): StructureValues {
  return {
    legalName: structure.legalName,
    shortName: structure.shortName ?? '',
    aliases: structure.aliases.join('\n'),
    category: structure.category,
    siaeTypes: [...structure.siaeTypes],
    legalForm: structure.legalForm ?? '',
    siret: structure.siret ?? '',
    rna: structure.rna ?? '',
    addressStreet: structure.addressStreet ?? '',
    addressPostalCode: structure.addressPostalCode ?? '',
    addressCity: structure.addressCity ?? '',
    representativeName: structure.representativeName ?? '',
    representativeTitle: structure.representativeTitle ?? '',
    email: structure.email ?? '',
    phone: structure.phone ?? '',
    iban: structure.iban ?? '',
    bic: structure.bic ?? '',
  };
}

export function toStructureInput(values: StructureValues): Record<string, unknown> {
  return {
    ...values,
    category: values.category === '' ? undefined : values.category,
    aliases: values.aliases
      .split('\n')
      .map((alias) => alias.trim())
      .filter((alias) => alias !== ''),
  };
}

export function validateStructure(values: StructureValues): FieldErrors {
  const result = structureInputSchema.safeParse(toStructureInput(values));
  return result.success ? {} : errorsFromIssues(result.error.issues);
}

/** The normalised value of each field (SIRET without spaces, IBAN in capitals…), or the typed one. */
function normalised(values: StructureValues): Record<string, unknown> {
  const result = structureInputSchema.safeParse(toStructureInput(values));
  return result.success ? result.data : toStructureInput(values);
}

export function changedStructureFields(
  values: StructureValues,
  original: StructureValues,
): Record<string, unknown> {
  const now = toStructureInput(values);
  const after = normalised(values);
  const before = normalised(original);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(now)) {
    if (JSON.stringify(after[key]) !== JSON.stringify(before[key])) changes[key] = now[key];
  }
  return changes;
}

export const STRUCTURE_LABELS: Record<keyof StructureValues, string> = {
  legalName: 'Raison sociale',
  shortName: 'Nom d’usage ou sigle',
  aliases: 'Autres noms',
  category: 'Catégorie',
  siaeTypes: 'Types de SIAE',
  legalForm: 'Forme juridique',
  siret: 'SIRET',
  rna: 'RNA',
  addressStreet: 'Adresse',
  addressPostalCode: 'Code postal',
  addressCity: 'Commune',
  representativeName: 'Représentant légal',
  representativeTitle: 'Qualité du représentant',
  email: 'Adresse électronique',
  phone: 'Téléphone',
  iban: 'IBAN',
  bic: 'BIC',
};

export const STRUCTURE_TARGETS: Record<keyof StructureValues, string> = {
  legalName: 'structure-raison-sociale',
  shortName: 'structure-sigle',
  aliases: 'structure-alias',
  category: 'structure-categorie',
  siaeTypes: 'structure-siae',
  legalForm: 'structure-forme',
  siret: 'structure-siret',
  rna: 'structure-rna',
  addressStreet: 'structure-adresse',
  addressPostalCode: 'structure-code-postal',
  addressCity: 'structure-commune',
  representativeName: 'structure-representant',
  representativeTitle: 'structure-qualite',
  email: 'structure-courriel',
  phone: 'structure-telephone',
  iban: 'structure-iban',
  bic: 'structure-bic',
};

export const STRUCTURE_FIELD_ORDER = Object.keys(STRUCTURE_LABELS) as (keyof StructureValues)[];
