/** What the structures module's routes send (src/modules/structures). */
import type { StructureCategory } from '../../../../src/modules/structures/structures.schemas.ts';

export interface Structure {
  id: number;
  legalName: string;
  shortName: string | null;
  displayName: string;
  aliases: string[];
  category: StructureCategory;
  categoryLabel: string;
  siaeTypes: ('AI' | 'EI' | 'ACI')[];
  legalForm: string | null;
  siret: string | null;
  rna: string | null;
  addressStreet: string | null;
  addressPostalCode: string | null;
  addressCity: string | null;
  representativeName: string | null;
  representativeTitle: string | null;
  email: string | null;
  phone: string | null;
  iban: string | null;
  bic: string | null;
  version: number;
  updatedAt: string;
}

export interface StructureList {
  total: number;
  items: Structure[];
}
