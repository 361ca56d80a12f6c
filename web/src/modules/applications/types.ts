/** What the applications module's routes send (src/modules/applications). Amounts in cents. */
import type { AllocationLine, ThemeTotal } from '../../../../src/modules/applications/domain/allocations.ts';
import type { Computation } from '../../../../src/modules/applications/domain/funding.ts';
import type { ApplicationState } from '../../../../src/modules/applications/domain/states.ts';

export type { AllocationLine, ApplicationState, Computation, ThemeTotal };

export interface Application {
  id: number;
  reference: string;
  callId: number;
  callCode: string;
  themeNumber: number;
  operationId: number;
  operationNumber: number;
  operationTitle: string;
  budgetLineId: number;
  structureId: number;
  structureName: string;
  territories: { code: string; name: string }[];
  label: string;
  periodStart: string;
  periodEnd: string;
  quantity: number | null;
  quantityBefore: number | null;
  unit: 'places' | 'postes' | 'participants' | 'etp' | null;
  siaeType: 'AI' | 'EI' | 'ACI' | null;
  directCostsCents: number | null;
  externalServicesCents: number | null;
  requestedCents: number | null;
  computedCents: number | null;
  computation: Computation | null;
  retainedCents: number | null;
  deviationJustification: string | null;
  kind: 'convention' | 'amendment';
  amendsApplicationId: number | null;
  amendsReference: string | null;
  effectiveFrom: string | null;
  state: ApplicationState;
  stateLabel: string;
  version: number;
  updatedAt: string;
}

export interface Decision {
  id: number;
  from: ApplicationState | null;
  to: ApplicationState;
  author: string;
  motivation: string;
  decidedAt: string;
}

export interface ApplicationDetail extends Application {
  decisions: Decision[];
}

export interface ApplicationList {
  total: number;
  items: Application[];
}

/**
 * GET /api/calls/:code/allocations/page: one page of the allocation table for a filter, and the
 * totals of every line the filter keeps (all pages), per operation and theme.
 */
export interface AllocationPage {
  callCode: string;
  callTitle: string;
  /** Lines the filter keeps, on every page. */
  totalLines: number;
  offset: number;
  limit: number;
  lines: AllocationLine[];
  /** Only the themes and operations that have lines kept by the filter. */
  themes: ThemeTotal[];
  total: number;
}
