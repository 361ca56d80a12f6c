/**
 * The response shape of the structures module, shared by the API and the web client (type-only).
 */
import type { StructureCategory } from './structures.schemas.ts';

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
