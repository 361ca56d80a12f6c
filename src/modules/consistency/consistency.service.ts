/** Gathers a call's data from the modules that own it and runs the consistency check. */
import { type Actor, systemActor } from '../../kernel/actor.ts';
import { cents } from '../../kernel/money.ts';
import type { Sql } from '../../platform/database.ts';
import { buildAllocationTable, isAllocationLine, listCallApplications } from '../applications/index.ts';
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
  const full = cached ?? (await computeReport(sql, tree));
  if (!cached) await upsertSnapshot(sql, tree.id, fingerprint, full);
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

async function computeReport(sql: Sql, tree: CallTree): Promise<CheckReport> {
  const everything = systemActor('contrôle de cohérence');
  const [applications, structures] = await Promise.all([
    listCallApplications(sql, tree.id, everything),
    listAllStructures(sql),
  ]);
  const table = buildAllocationTable(tree, applications);
  const lineIds = [...new Set(tree.themes.flatMap((theme) => theme.operations.map((op) => op.budgetLineId)))];
  const budget = await getCallBudget(sql, { callId: tree.id, budgetLineIds: lineIds });
  const lines = applications.filter((application) => isAllocationLine(application.state));
  const fundedIds = new Set(
    lines.filter((line) => line.state !== 'postponed').map((line) => line.structureId),
  );
  const findings = checkCall({
    callYear: tree.year,
    lines: lines.map((application) => ({
      id: application.id,
      reference: application.reference,
      themeNumber: application.themeNumber,
      operationNumber: application.operationNumber,
      structureId: application.structureId,
      structureName: application.structureName,
      label: application.label,
      territories: application.territories.map((territory) => territory.code),
      periodStart: application.periodStart,
      periodEnd: application.periodEnd,
      quantity: application.quantity,
      unit: application.unit,
      kind: application.kind,
      state: application.state,
      computedCents: application.computedCents,
      computationStatus: application.computation?.status ?? null,
      computationExplanation: application.computation?.explanation ?? null,
      retainedCents: application.retainedCents,
      deviationJustification: application.deviationJustification,
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
