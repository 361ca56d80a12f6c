/**
 * The application form's values as typed, their conversion to the API's input (amounts typed in
 * euros become cents) and their validation with the server's schema, plus the checks the server
 * makes beyond it (period order, external services within direct costs, avenant's fields, and the
 * justification a retained amount departing from the rule needs).
 */

import type { PlainDate } from '../../../../src/kernel/dates.ts';
import { type Cents, cents, formatEuros } from '../../../../src/kernel/money.ts';
import {
  APPLICATION_FIELD_LABELS,
  applicationInputSchema,
  type QUANTITY_UNITS,
} from '../../../../src/modules/applications/applications.schemas.ts';
import {
  type Computation,
  computeApplicationFunding,
  needsJustification,
} from '../../../../src/modules/applications/domain/funding.ts';
import { errorsFromIssues, type FieldErrors } from '../../shared/form.tsx';
import {
  eurosInputValue,
  formatDate,
  formatQuantity,
  parseDateInput,
  parseDecimalInput,
  parseEurosInput,
} from '../../shared/format.ts';
import { type Operation, ruleInForce } from '../calls/types.ts';
import type { Application } from './types.ts';

export type QuantityUnit = (typeof QUANTITY_UNITS)[number];
export type SiaeType = 'AI' | 'EI' | 'ACI';

/** What the form holds, as typed, keyed by the schema's field names (amounts in euros). */
export interface ApplicationValues {
  operationId: string;
  structureId: string;
  label: string;
  territories: string[];
  periodStart: string;
  periodEnd: string;
  kind: 'convention' | 'amendment';
  amendsApplicationId: string;
  effectiveFrom: string;
  quantity: string;
  unit: '' | QuantityUnit;
  siaeType: '' | SiaeType;
  directCostsCents: string;
  externalServicesCents: string;
  requestedCents: string;
  retainedCents: string;
  deviationJustification: string;
}

export const EMPTY_VALUES: ApplicationValues = {
  operationId: '',
  structureId: '',
  label: '',
  territories: [],
  periodStart: '',
  periodEnd: '',
  kind: 'convention',
  amendsApplicationId: '',
  effectiveFrom: '',
  quantity: '',
  unit: '',
  siaeType: '',
  directCostsCents: '',
  externalServicesCents: '',
  requestedCents: '',
  retainedCents: '',
  deviationJustification: '',
};

export function valuesFromApplication(application: Application): ApplicationValues {
  return {
    operationId: String(application.operationId),
    structureId: String(application.structureId),
    label: application.label,
    territories: application.territories.map((territory) => territory.code),
    periodStart: formatDate(application.periodStart),
    periodEnd: formatDate(application.periodEnd),
    kind: application.kind,
    amendsApplicationId:
      application.amendsApplicationId === null ? '' : String(application.amendsApplicationId),
    effectiveFrom: application.effectiveFrom ? formatDate(application.effectiveFrom) : '',
    quantity: application.quantity === null ? '' : String(application.quantity).replace('.', ','),
    unit: application.unit ?? '',
    siaeType: application.siaeType ?? '',
    directCostsCents: eurosInputValue(application.directCostsCents),
    externalServicesCents: eurosInputValue(application.externalServicesCents),
    requestedCents: eurosInputValue(application.requestedCents),
    retainedCents: eurosInputValue(application.retainedCents),
    deviationJustification: application.deviationJustification ?? '',
  };
}

/** The API's input from the values, and the messages for what could not be read. */
export function toInput(values: ApplicationValues): { input: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const amount = (key: keyof ApplicationValues & string, label: string): number | null => {
    const parsed = parseEurosInput(String(values[key]), label);
    if (!parsed.ok) {
      errors[key] = parsed.message;
      return null;
    }
    return parsed.value;
  };
  const quantity = parseDecimalInput(values.quantity, 'la quantité');
  if (!quantity.ok) errors.quantity = quantity.message;
  const date = (key: 'periodStart' | 'periodEnd' | 'effectiveFrom', label: string): string | null => {
    const parsed = parseDateInput(values[key], label);
    if (!parsed.ok) {
      errors[key] = parsed.message;
      return null;
    }
    return parsed.value;
  };
  const isAmendment = values.kind === 'amendment';
  const periodStart = date('periodStart', 'la date de début');
  const periodEnd = date('periodEnd', 'la date de fin');
  const effectiveFrom = isAmendment ? date('effectiveFrom', "la date d'effet") : null;
  if (values.periodStart.trim() === '') errors.periodStart = 'la date de début est obligatoire';
  if (values.periodEnd.trim() === '') errors.periodEnd = 'la date de fin est obligatoire';
  const input = {
    operationId: values.operationId === '' ? undefined : Number(values.operationId),
    structureId: values.structureId === '' ? undefined : Number(values.structureId),
    territories: values.territories,
    label: values.label,
    periodStart: periodStart ?? undefined,
    periodEnd: periodEnd ?? undefined,
    quantity: quantity.ok ? quantity.value : null,
    unit: values.unit === '' ? null : values.unit,
    siaeType: values.siaeType === '' ? null : values.siaeType,
    directCostsCents: amount('directCostsCents', 'les coûts directs'),
    externalServicesCents: amount('externalServicesCents', 'les prestations externes'),
    requestedCents: amount('requestedCents', 'le montant demandé'),
    retainedCents: amount('retainedCents', 'le montant retenu'),
    deviationJustification:
      values.deviationJustification.trim() === '' ? null : values.deviationJustification,
    kind: values.kind,
    amendsApplicationId:
      isAmendment && values.amendsApplicationId !== '' ? Number(values.amendsApplicationId) : null,
    effectiveFrom: isAmendment ? effectiveFrom : null,
  };
  return { input, errors };
}

/** The convention an avenant changes, as the rule needs it. */
export interface AmendedConvention {
  id: number;
  quantity: number | null;
  periodStart: string;
  periodEnd: string;
}

/**
 * The amount the operation's rule gives, computed in the browser by the server's own engine, so
 * that the agent sees it (and whether a justification is needed) before sending. The server
 * computes it again when it saves.
 */
export function previewComputation(
  values: ApplicationValues,
  operation: Operation | undefined,
  amended: AmendedConvention | undefined,
): Computation | null {
  const { input, errors } = toInput(values);
  const startText = input.periodStart;
  const endText = input.periodEnd;
  if (!operation || typeof startText !== 'string' || typeof endText !== 'string' || endText < startText)
    return null;
  if (errors.quantity || errors.directCostsCents || errors.externalServicesCents) return null;
  const start = startText as PlainDate;
  const effectiveFrom = input.effectiveFrom;
  const version = ruleInForce(operation, start);
  const asCents = (value: unknown): Cents | null => (typeof value === 'number' ? cents(value) : null);
  try {
    return computeApplicationFunding(version?.rule, {
      kind: values.kind,
      quantity: typeof input.quantity === 'number' ? input.quantity : null,
      unit: values.unit === '' ? null : values.unit,
      period: { start, end: endText as PlainDate },
      siaeType: values.siaeType === '' ? null : values.siaeType,
      directCosts: asCents(input.directCostsCents),
      externalServices: asCents(input.externalServicesCents),
      effectiveFrom: typeof effectiveFrom === 'string' ? (effectiveFrom as PlainDate) : null,
      amended: amended
        ? {
            quantity: amended.quantity,
            period: { start: amended.periodStart as PlainDate, end: amended.periodEnd as PlainDate },
          }
        : null,
    });
  } catch {
    return null;
  }
}

/** Every message about the values, keyed by field. */
export function validateApplication(values: ApplicationValues, computation: Computation | null): FieldErrors {
  const { input, errors: conversion } = toInput(values);
  const result = applicationInputSchema.safeParse(input);
  const errors: FieldErrors = {
    ...(result.success ? {} : errorsFromIssues(result.error.issues)),
    ...conversion,
  };
  const start = input.periodStart;
  const end = input.periodEnd;
  if (typeof start === 'string' && typeof end === 'string' && end < start)
    errors.periodEnd ??= `la fin de période (${formatDate(end)}) précède son début (${formatDate(start)})`;
  const direct = input.directCostsCents;
  const external = input.externalServicesCents;
  if (typeof direct === 'number' && typeof external === 'number' && external > direct)
    errors.externalServicesCents ??=
      'les prestations externes font partie des coûts directs et ne peuvent pas les dépasser';
  if (values.kind === 'amendment') {
    if (values.amendsApplicationId === '')
      errors.amendsApplicationId ??= "l'avenant doit désigner la convention qu'il modifie";
    if (values.effectiveFrom === '') errors.effectiveFrom ??= "la date d'effet de l'avenant est obligatoire";
  }
  const retained = typeof input.retainedCents === 'number' ? cents(input.retainedCents) : null;
  const computed = computation?.amount ?? null;
  if (needsJustification(computed, retained) && values.deviationJustification.trim() === '') {
    errors.deviationJustification ??= `le montant retenu (${formatEuros(retained ?? cents(0))}) diffère du montant calculé par la règle (${formatEuros(computed ?? cents(0))}) : une justification est obligatoire`;
  }
  return errors;
}

/** The fields that differ from the record read, for a PATCH that changes only them. */
export function changedFields(
  values: ApplicationValues,
  original: ApplicationValues,
): Record<string, unknown> {
  const { input } = toInput(values);
  const { input: before } = toInput(original);
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(input)) {
    if (JSON.stringify(input[key]) !== JSON.stringify(before[key])) changes[key] = input[key];
  }
  return changes;
}

/** A field's value written for people, to compare two versions of an application. */
export function describeValue(
  key: keyof ApplicationValues,
  values: ApplicationValues,
  names: {
    operation: (id: string) => string;
    structure: (id: string) => string;
    territory: (code: string) => string;
  },
): string {
  switch (key) {
    case 'operationId':
      return names.operation(values.operationId);
    case 'structureId':
      return names.structure(values.structureId);
    case 'territories':
      return values.territories.map(names.territory).join(', ') || '—';
    case 'periodStart':
    case 'periodEnd':
    case 'effectiveFrom': {
      const parsed = parseDateInput(values[key], '');
      return parsed.ok && parsed.value ? formatDate(parsed.value) : values[key] || '—';
    }
    case 'kind':
      return values.kind === 'amendment' ? 'Avenant' : 'Convention';
    case 'quantity': {
      const parsed = parseDecimalInput(values.quantity, '');
      return parsed.ok ? formatQuantity(parsed.value, values.unit || null) : values.quantity;
    }
    case 'directCostsCents':
    case 'externalServicesCents':
    case 'requestedCents':
    case 'retainedCents': {
      const parsed = parseEurosInput(values[key], '');
      return parsed.ok && parsed.value !== null ? formatEuros(cents(parsed.value)) : values[key] || '—';
    }
    default: {
      const value = values[key];
      return (Array.isArray(value) ? value.join(', ') : value) || '—';
    }
  }
}

/** The server's names of the fields, so that forms and the history say the same. */
export const FIELD_LABELS: Record<keyof ApplicationValues, string> = APPLICATION_FIELD_LABELS;

export const FIELD_TARGETS: Record<keyof ApplicationValues, string> = {
  operationId: 'demande-operation',
  structureId: 'demande-structure',
  label: 'demande-libelle',
  territories: 'demande-territoires',
  periodStart: 'demande-debut',
  periodEnd: 'demande-fin',
  kind: 'demande-nature',
  amendsApplicationId: 'demande-convention-modifiee',
  effectiveFrom: 'demande-date-effet',
  quantity: 'demande-quantite',
  unit: 'demande-unite',
  siaeType: 'demande-siae',
  directCostsCents: 'demande-couts-directs',
  externalServicesCents: 'demande-prestations',
  requestedCents: 'demande-montant-demande',
  retainedCents: 'demande-montant-retenu',
  deviationJustification: 'demande-justification',
};

export const FIELD_ORDER = Object.keys(FIELD_LABELS) as (keyof ApplicationValues)[];
