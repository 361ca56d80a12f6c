/**
 * The allocation table of a call (annexe 3 of the deliberation): one line per application
 * proposed, voted or postponed, with the signed amount it adds to its operation (an amendment that
 * takes money back is negative) and its totals per operation and per theme. Pure functions.
 */
import { type Cents, cents, sumCents } from '../../../kernel/money.ts';
import type { ApplicationState } from './states.ts';

export interface AllocationLine {
  applicationId: number;
  reference: string;
  themeNumber: number;
  operationNumber: number;
  operationTitle: string;
  territories: string[];
  structure: string;
  label: string;
  /** Signed: an amendment shows the change of quantity it makes (−450 places). */
  quantity: number | null;
  unit: string | null;
  periodStart: string;
  periodEnd: string;
  amount: Cents;
  kind: 'convention' | 'amendment';
  state: ApplicationState;
}

export interface OperationTotal {
  themeNumber: number;
  operationNumber: number;
  operationTitle: string;
  lines: number;
  amount: Cents;
}

export interface ThemeTotal {
  themeNumber: number;
  amount: Cents;
  operations: OperationTotal[];
}

/** Proposed, voted and postponed applications are lines of the table; the others are not (yet). */
export function isAllocationLine(state: ApplicationState): boolean {
  return state === 'proposed' || state === 'voted' || state === 'postponed';
}

export function signedQuantity(
  kind: 'convention' | 'amendment',
  quantity: number | null,
  quantityBefore: number | null,
): number | null {
  if (quantity === null) return null;
  if (kind === 'amendment')
    return quantityBefore === null ? null : Math.round((quantity - quantityBefore) * 100) / 100;
  return quantity;
}

/** The totals per operation and theme: of the lines, only their operation and amount are read. */
export function computeTotals(
  lines: readonly Pick<AllocationLine, 'themeNumber' | 'operationNumber' | 'operationTitle' | 'amount'>[],
): { themes: ThemeTotal[]; total: Cents } {
  const themes = new Map<number, ThemeTotal>();
  for (const line of lines) {
    let theme = themes.get(line.themeNumber);
    if (!theme) {
      theme = { themeNumber: line.themeNumber, amount: cents(0), operations: [] };
      themes.set(line.themeNumber, theme);
    }
    let operation = theme.operations.find((op) => op.operationNumber === line.operationNumber);
    if (!operation) {
      operation = {
        themeNumber: line.themeNumber,
        operationNumber: line.operationNumber,
        operationTitle: line.operationTitle,
        lines: 0,
        amount: cents(0),
      };
      theme.operations.push(operation);
    }
    operation.lines += 1;
    operation.amount = cents(operation.amount + line.amount);
    theme.amount = cents(theme.amount + line.amount);
  }
  const sorted = [...themes.values()].sort((a, b) => a.themeNumber - b.themeNumber);
  for (const theme of sorted) theme.operations.sort((a, b) => a.operationNumber - b.operationNumber);
  return { themes: sorted, total: sumCents(sorted.map((theme) => theme.amount)) };
}
