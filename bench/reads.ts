/**
 * The reads an agent triggers on a call, measured the way the HTTP routes run them: the allocation
 * table and its exports, the budget table, the consistency check. Each measure checks what it got
 * back and says it on its line, so that a fast figure cannot hide an empty result.
 */
import { type AllocationTable, getAllocationTable } from '../src/modules/applications/index.ts';
import { getCallBudget } from '../src/modules/budget/index.ts';
import { getCallTree } from '../src/modules/calls/index.ts';
import { type CheckReport, checkCallConsistency } from '../src/modules/consistency/index.ts';
import { allocationsToCsv, allocationsToXlsx, budgetToCsv } from '../src/modules/documents/exports.ts';
import type { Database } from '../src/platform/database.ts';
import { BENCH_ACTOR } from './actor.ts';
import { bytes, count, counted, euros, measure } from './report.ts';

/** CSV lines without the header; the export ends every record with CRLF. */
function csvRecords(csv: string): number {
  return csv.split('\r\n').filter((record) => record !== '').length - 1;
}

export async function measureAllocationsCsv(
  db: Database,
  callCode: string,
  runs: number,
): Promise<AllocationTable> {
  const { table } = await measure(
    `getAllocationTable + allocationsToCsv (${callCode})`,
    runs,
    async () => {
      const table = await getAllocationTable(db, callCode, BENCH_ACTOR);
      return { table, csv: allocationsToCsv(table) };
    },
    ({ table, csv }) =>
      `${count(table.lines.length)} lignes, ${count(csvRecords(csv))} enregistrements CSV, ${bytes(Buffer.byteLength(csv))}, total ${euros(table.total)}`,
  );
  return table;
}

export async function measureAllocationsXlsx(table: AllocationTable, runs: number): Promise<void> {
  await measure(
    `allocationsToXlsx, table déjà lue (${count(table.lines.length)} lignes)`,
    runs,
    () => allocationsToXlsx(table),
    (xlsx) => `${bytes(xlsx.length)} de XLSX`,
  );
}

export async function measureBudgetCsv(db: Database, callCode: string, runs: number): Promise<void> {
  // As the budget export route does: the call's tree gives the budget lines its operations use.
  const tree = await getCallTree(db, callCode);
  const budgetLineIds = [
    ...new Set(tree.themes.flatMap((theme) => theme.operations.map((operation) => operation.budgetLineId))),
  ];
  await measure(
    `getCallBudget + budgetToCsv (${callCode})`,
    runs,
    async () => budgetToCsv(await getCallBudget(db, { callId: tree.id, budgetLineIds })),
    (csv) => `${csvRecords(csv)} lignes budgétaires, ${bytes(Buffer.byteLength(csv))}`,
  );
}

export async function measureConsistency(db: Database, callCode: string, runs: number): Promise<CheckReport> {
  return measure(
    `checkCallConsistency (${callCode})`,
    runs,
    () => checkCallConsistency(db, callCode, BENCH_ACTOR),
    describeReport,
  );
}

export function describeReport(report: CheckReport): string {
  return `${counted(report.findings.length, 'constat')} : ${counted(report.errors, 'erreur')}, ${counted(report.warnings, 'avertissement')}`;
}

/** "BUDGET_OVER_COMMITTED 3, DUPLICATE_LINE 1": what the check found, most frequent first. */
export function findingsByCode(report: CheckReport): string {
  const byCode = new Map<string, number>();
  for (const finding of report.findings) byCode.set(finding.code, (byCode.get(finding.code) ?? 0) + 1);
  return [...byCode]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, total]) => `${code} ${count(total)}`)
    .join(', ');
}
