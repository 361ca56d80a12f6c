/**
 * The fields of a record as people read them, to compare two versions of it (the history of
 * changes, the preview of a merge): each field's French label, the properties that tell whether it
 * changed, and its value written as the pages write it (amounts in euros, dates JJ/MM/AAAA).
 */
import { formatDate, formatEuros, formatQuantity } from './format.ts';

export type Row = Record<string, unknown>;

export function isRecord(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A field of a record: when it changed (its raw values differ) and how to write its value. */
export interface FieldView {
  label: string;
  /** The properties whose values tell whether the field changed. */
  keys: readonly string[];
  /** The value written for people; '' when empty. */
  show: (record: Row) => string;
}

export const text = (key: string) => (record: Row) => {
  const value = record[key];
  return value === null || value === undefined ? '' : String(value);
};
export const euros = (key: string) => (record: Row) => {
  const value = record[key];
  return typeof value === 'number' ? formatEuros(value) : '';
};
export const date = (key: string) => (record: Row) => {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? formatDate(value) : '';
};
export const list =
  (key: string, separator = ', ') =>
  (record: Row) => {
    const value = record[key];
    return Array.isArray(value) ? value.map(String).join(separator) : '';
  };
export const quantity = (key: string) => (record: Row) => {
  const value = record[key];
  return typeof value === 'number'
    ? formatQuantity(value, typeof record.unit === 'string' ? record.unit : null)
    : '';
};

export const field = (
  label: string,
  key: string,
  show: (key: string) => (record: Row) => string = text,
): FieldView => ({
  label,
  keys: [key],
  show: show(key),
});

export interface FieldChange {
  label: string;
  /** '' when the field was empty. */
  before: string;
  after: string;
}

/**
 * The fields that differ between the record before and after a change, in the order the record's
 * page shows them. Technical properties (version, time of the change) are not fields people edit.
 */
export function fieldChanges(fields: readonly FieldView[], before: unknown, after: unknown): FieldChange[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const changes: FieldChange[] = [];
  for (const view of fields) {
    const differs = view.keys.some(
      (key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null),
    );
    if (!differs) continue;
    const shownBefore = view.show(before);
    const shownAfter = view.show(after);
    if (shownBefore !== shownAfter)
      changes.push({ label: view.label, before: shownBefore, after: shownAfter });
  }
  return changes;
}
