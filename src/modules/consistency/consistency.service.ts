/** Gathers a call's data from the modules that own it and runs the consistency check. */
import type { Actor } from '../../kernel/actor.ts';
import { cents } from '../../kernel/money.ts';
import type { Sql } from '../../platform/database.ts';
import { computeTotals, listAllocationFacts } from '../applications/index.ts';
import { getCallBudget } from '../budget/index.ts';
import { type CallTree, getCallTree } from '../calls/index.ts';
import { listAllStructures, type Structure } from '../structures/index.ts';
import {
  selectApplicationIdsInTerritories,
  selectDataFingerprint,
  selectSnapshot,
  upsertSnapshot,
} from './consistency.repository.ts';
import { type CheckedStructure, checkCall, type Finding } from './domain/findings.ts';

function toChecked(structure: Structure): CheckedStructure {
  return {
    id: structure.id,
    name: structure.displayName,
    aliases: [structure.legalName, ...structure.aliases].filter((name) => name !== structure.displayName),
    siret: structure.siret,
    hasAddress: structure.addressStreet !== null && structure.addressCity !== null,
    hasRepresentative: structure.representativeName !== null,
    hasBankDetails: structure.iban !== null && structure.bic !== null,
  };
}

export interface CheckReport {
  callCode: string;
  errors: number;
  warnings: number;
  findings: Finding[];
}

/**
 * The findings are about the whole call: they are computed over every application, whoever asks
 * (budget and operation totals need them all); findings naming an application the actor may not
 * see are left out.
 */
export async function checkCallConsistency(sql: Sql, callCode: string, actor: Actor): Promise<CheckReport> {
  const tree = await getCallTree(sql, callCode);
  // The report of the whole call is kept while the data it was computed from has not changed.
  const fingerprint = await selectDataFingerprint(sql);
  const cached = (await selectSnapshot(sql, tree.id, fingerprint)) as CheckReport | undefined;
  const full = cached ? sameShape(cached) : await computeReportOnce(sql, tree, fingerprint);
  if (actor.territories === 'all') return full;
  const visible = await selectApplicationIdsInTerritories(sql, tree.id, actor.territories);
  const shown = full.findings.filter(
    (finding) =>
      !finding.subject.startsWith('application:') || visible.has(Number(finding.subject.slice(12))),
  );
  return {
    callCode: full.callCode,
    errors: shown.filter((finding) => finding.severity === 'error').length,
    warnings: shown.filter((finding) => finding.severity === 'warning').length,
    findings: shown,
  };
}

/**
 * A report read back from its snapshot, with its keys in the order of a computed one (jsonb keeps
 * its own order): the same report is the same JSON text, whichever way it was obtained.
 */
function sameShape(report: CheckReport): CheckReport {
  return {
    callCode: report.callCode,
    errors: report.errors,
    warnings: report.warnings,
    findings: report.findings.map(({ severity, code, subject, message }) => ({
      severity,
      code,
      subject,
      message,
    })),
  };
}

/**
 * Reports being computed in this process, per database, call and fingerprint: the requests that
 * find no snapshot at the same time (the dashboard of each scope, the check) wait for one
 * computation instead of each making its own. Nothing is kept once it is done: the snapshot is.
 */
const computing = new WeakMap<Sql, Map<string, Promise<CheckReport>>>();

function computeReportOnce(sql: Sql, tree: CallTree, fingerprint: string): Promise<CheckReport> {
  let running = computing.get(sql);
  if (!running) {
    running = new Map();
    computing.set(sql, running);
  }
  const key = `${tree.id}:${fingerprint}`;
  const existing = running.get(key);
  if (existing) return existing;
  const done = running;
  const report = (async () => {
    const computed = await computeReport(sql, tree);
    await upsertSnapshot(sql, tree.id, fingerprint, computed);
    return computed;
  })().finally(() => done.delete(key));
  running.set(key, report);
  return report;
}

async function computeReport(sql: Sql, tree: CallTree): Promise<CheckReport> {
  const [lines, structures] = await Promise.all([listAllocationFacts(sql, tree.id), listAllStructures(sql)]);
  const table = computeTotals(lines);
  const lineIds = [...new Set(tree.themes.flatMap((theme) => theme.operations.map((op) => op.budgetLineId)))];
  const budget = await getCallBudget(sql, { callId: tree.id, budgetLineIds: lineIds });
  const fundedIds = new Set(
    lines.filter((line) => line.state !== 'postponed').map((line) => line.structureId),
  );
  const findings = checkCall({
    callYear: tree.year,
    lines: lines.map((line) => ({
      id: line.id,
      reference: line.reference,
      themeNumber: line.themeNumber,
      operationNumber: line.operationNumber,
      structureId: line.structureId,
      structureName: line.structureName,
      label: line.label,
      territories: line.territories,
      periodStart: line.periodStart,
      periodEnd: line.periodEnd,
      quantity: line.quantity,
      unit: line.unit,
      kind: line.kind,
      state: line.state,
      computedCents: line.computedCents,
      computationStatus: line.computationStatus,
      computationExplanation: line.computationExplanation,
      retainedCents: line.retainedCents,
      deviationJustification: line.deviationJustification,
    })),
    operations: tree.themes.flatMap((theme) =>
      theme.operations.map((operation) => ({
        themeNumber: theme.number,
        number: operation.number,
        title: operation.shortTitle,
        statedAmount: operation.stated.amount_cents ?? null,
        statedQuantity: operation.stated.quantity ?? null,
        statedUnit: operation.stated.unit ?? null,
        total:
          table.themes
            .find((total) => total.themeNumber === theme.number)
            ?.operations.find((total) => total.operationNumber === operation.number)?.amount ?? cents(0),
        hasRule: operation.rules.length > 0,
      })),
    ),
    themes: tree.themes.map((theme) => ({
      number: theme.number,
      statedAmount: theme.stated.amount_cents ?? null,
      total: table.themes.find((total) => total.themeNumber === theme.number)?.amount ?? cents(0),
    })),
    budgetLines: budget.map((row) => ({
      code: row.line.code,
      available: row.available,
      proposed: row.proposed,
      balance: row.balance,
    })),
    fundedStructures: structures.filter((structure) => fundedIds.has(structure.id)).map(toChecked),
    registry: structures.map(toChecked),
  });
  return {
    callCode: tree.code,
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
    findings,
  };
}
