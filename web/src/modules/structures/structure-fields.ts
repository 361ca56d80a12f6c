/** A structure's fields as its page names and writes them, to compare two versions of it. */
import { type FieldView, field, list, text } from '../../shared/record-fields.ts';
import { formatIban, formatSiret } from './identifiers.ts';
import { STRUCTURE_LABELS } from './structure-form.ts';

const S = STRUCTURE_LABELS;

export const STRUCTURE_FIELDS: readonly FieldView[] = [
  field(S.legalName, 'legalName'),
  field(S.shortName, 'shortName'),
  field(S.aliases, 'aliases', (key) => list(key, ' · ')),
  { label: S.category, keys: ['category'], show: text('categoryLabel') },
  field(S.siaeTypes, 'siaeTypes', (key) => list(key)),
  field(S.legalForm, 'legalForm'),
  {
    label: S.siret,
    keys: ['siret'],
    show: (record) => (typeof record.siret === 'string' ? formatSiret(record.siret) : ''),
  },
  field(S.rna, 'rna'),
  field(S.addressStreet, 'addressStreet'),
  field(S.addressPostalCode, 'addressPostalCode'),
  field(S.addressCity, 'addressCity'),
  field(S.representativeName, 'representativeName'),
  field(S.representativeTitle, 'representativeTitle'),
  field(S.email, 'email'),
  field(S.phone, 'phone'),
  {
    label: S.iban,
    keys: ['iban'],
    show: (record) => (typeof record.iban === 'string' ? formatIban(record.iban) : ''),
  },
  field(S.bic, 'bic'),
];
