/** An application's fields as its page names and writes them, to compare two versions of it. */
import {
  APPLICATION_FIELD_LABELS,
  UNIT_LABELS,
} from '../../../../src/modules/applications/applications.schemas.ts';
import { date, euros, type FieldView, field, isRecord, quantity, text } from '../../shared/record-fields.ts';
import { STATE_LABELS } from './states.ts';
import type { ApplicationState } from './types.ts';

const L = APPLICATION_FIELD_LABELS;

export const APPLICATION_FIELDS: readonly FieldView[] = [
  {
    label: 'État',
    keys: ['state'],
    show: (record) =>
      typeof record.state === 'string'
        ? (STATE_LABELS[record.state as ApplicationState] ?? record.state)
        : '',
  },
  { label: L.structureId, keys: ['structureId'], show: text('structureName') },
  {
    label: L.operationId,
    keys: ['operationId'],
    show: (record) =>
      record.operationId === null || record.operationId === undefined
        ? ''
        : `${String(record.themeNumber)}.${String(record.operationNumber)} ${String(record.operationTitle ?? '')}`.trim(),
  },
  field(L.label, 'label'),
  {
    label: L.territories,
    keys: ['territories'],
    show: (record) =>
      Array.isArray(record.territories)
        ? record.territories
            .map((territory: unknown) =>
              isRecord(territory) ? String(territory.name ?? territory.code) : String(territory),
            )
            .join(', ')
        : '',
  },
  field(L.periodStart, 'periodStart', date),
  field(L.periodEnd, 'periodEnd', date),
  {
    label: L.kind,
    keys: ['kind'],
    show: (record) =>
      record.kind === 'amendment' ? 'Avenant' : record.kind === 'convention' ? 'Convention' : '',
  },
  {
    label: L.amendsApplicationId,
    keys: ['amendsApplicationId'],
    show: (record) =>
      record.amendsApplicationId === null || record.amendsApplicationId === undefined
        ? ''
        : String(record.amendsReference ?? `n°${String(record.amendsApplicationId)}`),
  },
  field(L.effectiveFrom, 'effectiveFrom', date),
  { label: L.quantity, keys: ['quantity', 'unit'], show: quantity('quantity') },
  { label: 'Quantité avant l’avenant', keys: ['quantityBefore', 'unit'], show: quantity('quantityBefore') },
  {
    label: L.unit,
    keys: ['unit'],
    show: (record) =>
      typeof record.unit === 'string'
        ? ((UNIT_LABELS as Record<string, string | undefined>)[record.unit] ?? record.unit)
        : '',
  },
  field(L.siaeType, 'siaeType'),
  field(L.directCostsCents, 'directCostsCents', euros),
  field(L.externalServicesCents, 'externalServicesCents', euros),
  field(L.requestedCents, 'requestedCents', euros),
  field('Montant calculé', 'computedCents', euros),
  field(L.retainedCents, 'retainedCents', euros),
  field(L.deviationJustification, 'deviationJustification'),
];
