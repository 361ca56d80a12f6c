/**
 * The response shapes of the applications module, shared by the API and the web client (type-only:
 * nothing here runs, so the browser bundle can import it).
 */
import type { PlainDate } from '../../kernel/dates.ts';
import type { Cents } from '../../kernel/money.ts';
import type { QuantityUnit } from '../funding/index.ts';
import type { AllocationLine, ThemeTotal } from './domain/allocations.ts';
import type { Computation } from './domain/funding.ts';
import type { ApplicationState } from './domain/states.ts';

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
  periodStart: PlainDate;
  periodEnd: PlainDate;
  quantity: number | null;
  quantityBefore: number | null;
  unit: QuantityUnit | null;
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
  effectiveFrom: PlainDate | null;
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

export interface AllocationTable {
  callCode: string;
  callTitle: string;
  lines: AllocationLine[];
  themes: ThemeTotal[];
  total: Cents;
}

export interface AllocationPage {
  callCode: string;
  callTitle: string;
  /** Lines matching the filter, all pages together. */
  totalLines: number;
  offset: number;
  limit: number;
  lines: AllocationLine[];
  /** Totals of every matching line, per operation and theme (not only this page). */
  themes: ThemeTotal[];
  total: Cents;
}
