/**
 * Convention lines as the domain sees them (segments.ts): the stored line with its operation's
 * funding rule in force at the start of its period, so that amendments and terminations are
 * computed with the rule the committee applied.
 */
import type { PlainDate } from '../../kernel/dates.ts';
import { DomainError } from '../../kernel/errors.ts';
import { type Cents, cents } from '../../kernel/money.ts';
import type { Sql } from '../../platform/database.ts';
import { getOperation, type Operation, ruleInForce } from '../calls/index.ts';
import type { QuantityUnit, SiaeType } from '../funding/index.ts';
import type { LineRecordRow } from './conventions.repository.ts';
import type { AmountSegment, ConventionLine } from './domain/segments.ts';

/** A segment as stored in convention_lines.segments. */
export interface StoredSegment {
  start: string;
  end: string;
  quantity: number | null;
  amount: number;
}

export function segmentsOf(row: { segments: unknown }): AmountSegment[] {
  const stored = (row.segments ?? []) as StoredSegment[];
  return stored.map((segment) => ({
    period: { start: segment.start as PlainDate, end: segment.end as PlainDate },
    quantity: segment.quantity === null || segment.quantity === undefined ? null : Number(segment.quantity),
    amount: cents(Number(segment.amount)),
  }));
}

export function storedSegments(segments: readonly AmountSegment[]): StoredSegment[] {
  return segments.map((segment) => ({
    start: segment.period.start,
    end: segment.period.end,
    quantity: segment.quantity,
    amount: segment.amount,
  }));
}

/** Reads each operation once. */
export class OperationCache {
  readonly #sql: Sql;
  readonly #operations = new Map<number, Promise<Operation>>();
  constructor(sql: Sql) {
    this.#sql = sql;
  }
  get(id: number): Promise<Operation> {
    let operation = this.#operations.get(id);
    if (!operation) {
      operation = getOperation(this.#sql, id);
      this.#operations.set(id, operation);
    }
    return operation;
  }
}

export async function domainLine(row: LineRecordRow, operations: OperationCache): Promise<ConventionLine> {
  const segments = segmentsOf(row);
  const first = segments[0];
  if (first === undefined) {
    throw new DomainError('LINE_WITHOUT_SEGMENT', `La ligne de convention ${row.id} est vide.`);
  }
  const operation = await operations.get(Number(row.operation_id));
  const version = ruleInForce(operation, first.period.start);
  if (version === undefined) {
    throw new DomainError(
      'OPERATION_WITHOUT_RULE',
      `L'opération « ${operation.title} » n'a pas de règle de financement.`,
    );
  }
  return {
    key: String(row.id),
    label: row.label,
    budgetLine: row.budget_line_code,
    rule: version.rule,
    unit: row.unit as QuantityUnit | null,
    siaeType: row.siae_type as SiaeType | null,
    segments,
  };
}

export function lineAmountCents(row: { amount_cents: number }): Cents {
  return cents(Number(row.amount_cents));
}
