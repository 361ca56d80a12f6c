/**
 * Use cases of the applications module. Each write runs in one transaction: the application, its
 * decision history and its budget charge change together or not at all.
 */
import { type Actor, canSeeTerritories } from '../../kernel/actor.ts';
import type { Period, PlainDate } from '../../kernel/dates.ts';
import { makePeriod } from '../../kernel/dates.ts';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../kernel/errors.ts';
import { type Cents, cents, formatEuros } from '../../kernel/money.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import { chargeApplication, commitApplication, releaseApplication } from '../budget/index.ts';
import { getCall, getOperation, ruleInForce } from '../calls/index.ts';
import { resolveTerritories } from '../collectivite/index.ts';
import { getStructure } from '../structures/index.ts';
import {
  type ApplicationRow,
  type ApplicationWrite,
  countByState,
  type DecisionRow,
  insertApplication,
  insertDecision,
  moveToStructure,
  selectAllocationFacts,
  selectAllocationPage,
  selectApplication,
  selectApplications,
  selectDecisions,
  setState,
  updateApplicationIfVersion,
} from './applications.repository.ts';
import {
  APPLICATION_FIELD_LABELS,
  type ApplicationInput,
  type ApplicationPatch,
  type TransitionInput,
} from './applications.schemas.ts';
import type {
  AllocationPage,
  AllocationTable,
  Application,
  ApplicationDetail,
  Decision,
} from './applications.types.ts';
import {
  type AllocationLine,
  computeTotals,
  isAllocationLine,
  signedQuantity,
  type ThemeTotal,
} from './domain/allocations.ts';
import { type Computation, computeApplicationFunding, needsJustification } from './domain/funding.ts';
import {
  APPLICATION_STATES,
  type ApplicationState,
  assertTransition,
  chargesBudget,
  isEditable,
  STATE_LABELS,
} from './domain/states.ts';

export function toApplication(row: ApplicationRow): Application {
  return {
    id: row.id,
    reference: row.reference,
    callId: row.call_id,
    callCode: row.call_code,
    themeNumber: row.theme_number,
    operationId: row.operation_id,
    operationNumber: row.operation_number,
    operationTitle: row.operation_title,
    budgetLineId: row.budget_line_id,
    structureId: row.structure_id,
    structureName: row.structure_name,
    territories: row.territory_codes.map((code, index) => ({
      code,
      name: row.territory_names[index] ?? code,
    })),
    label: row.label,
    periodStart: row.period_start as PlainDate,
    periodEnd: row.period_end as PlainDate,
    quantity: row.quantity,
    quantityBefore: row.quantity_before,
    unit: row.unit,
    siaeType: row.siae_type,
    directCostsCents: row.direct_costs_cents,
    externalServicesCents: row.external_services_cents,
    requestedCents: row.requested_cents,
    computedCents: row.computed_cents,
    computation: row.computation as Computation | null,
    retainedCents: row.retained_cents,
    deviationJustification: row.deviation_justification,
    kind: row.kind,
    amendsApplicationId: row.amends_application_id,
    amendsReference: row.amends_reference,
    effectiveFrom: row.effective_from as PlainDate | null,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    version: row.version,
    updatedAt: row.updated_at,
  };
}

function toDecision(row: DecisionRow): Decision {
  return {
    id: row.id,
    from: row.from_state,
    to: row.to_state,
    author: row.author,
    motivation: row.motivation,
    decidedAt: row.decided_at,
  };
}

/**
 * An application the actor may see: one of another territory is "not found" for an instructeur,
 * exactly as one that does not exist (its existence is not disclosed).
 */
export async function getApplication(sql: Sql, id: number, actor: Actor): Promise<ApplicationDetail> {
  const row = await selectApplication(sql, id);
  if (!row || !canSeeTerritories(actor, row.territory_codes)) throw new NotFoundError('Demande', id);
  return { ...toApplication(row), decisions: (await selectDecisions(sql, id)).map(toDecision) };
}

async function selectVisible(tx: Sql, id: number, actor: Actor): Promise<ApplicationRow> {
  const row = await selectApplication(tx, id, { forUpdate: true });
  if (!row || !canSeeTerritories(actor, row.territory_codes)) throw new NotFoundError('Demande', id);
  return row;
}

/** An instructeur works on their territories only: every territory of the application must be theirs. */
function assertTerritoriesAllowed(actor: Actor, territories: readonly string[]): void {
  if (actor.territories === 'all') return;
  const allowed = actor.territories;
  const outside = territories.filter((code) => !allowed.includes(code));
  if (outside.length > 0) {
    throw new ForbiddenError(
      `Vous ne pouvez pas instruire de demande sur ${outside.length > 1 ? 'les territoires' : 'le territoire'} ${outside.join(', ')} (vos territoires : ${allowed.join(', ') || 'aucun'}).`,
    );
  }
}

export async function listApplications(
  sql: Sql,
  filter: {
    callCode?: string | undefined;
    operationId?: number | undefined;
    structureId?: number | undefined;
    state?: string | undefined;
    territory?: string | undefined;
    q?: string | undefined;
    limit: number;
    offset: number;
  },
  actor: Actor,
): Promise<{ total: number; items: Application[] }> {
  const callId = filter.callCode ? (await getCall(sql, filter.callCode)).id : undefined;
  const { total, rows } = await selectApplications(sql, {
    callId,
    operationId: filter.operationId,
    structureId: filter.structureId,
    state: filter.state,
    territoryCode: filter.territory,
    territoryScope: actor.territories === 'all' ? undefined : actor.territories,
    search: filter.q,
    limit: filter.limit,
    offset: filter.offset,
  });
  return { total, items: rows.map(toApplication) };
}

/** Every application of a call, in the order of its annex table (theme, operation, line). */
export async function listCallApplications(sql: Sql, callId: number, actor: Actor): Promise<Application[]> {
  const { rows } = await selectApplications(sql, {
    callId,
    territoryScope: actor.territories === 'all' ? undefined : actor.territories,
    limit: 1_000_000,
    offset: 0,
  });
  return rows.map(toApplication);
}

interface Prepared {
  write: ApplicationWrite;
  territoryIds: number[];
  budgetLineId: number;
}

/**
 * Checks an application's input against the call's data and computes its amount with the
 * operation's rule: the one place where input becomes a row to write.
 */
async function prepare(
  tx: Sql,
  actor: Actor,
  input: ApplicationInput,
  state: ApplicationState,
  reference: string | null,
  printed: Record<string, unknown> | null,
): Promise<Prepared> {
  const issues: { field: string; message: string }[] = [];
  let period: Period | undefined;
  try {
    period = makePeriod(input.periodStart as PlainDate, input.periodEnd as PlainDate);
  } catch (error) {
    if (error instanceof DomainError) issues.push({ field: 'periodEnd', message: error.message });
    else throw error;
  }
  if (
    input.externalServicesCents !== null &&
    input.directCostsCents !== null &&
    input.externalServicesCents > input.directCostsCents
  ) {
    issues.push({
      field: 'externalServicesCents',
      message: 'les prestations externes font partie des coûts directs et ne peuvent pas les dépasser',
    });
  }
  const operation = await getOperation(tx, input.operationId).catch((error: unknown) => {
    if (error instanceof NotFoundError)
      issues.push({ field: 'operationId', message: `opération inconnue : ${input.operationId}` });
    else throw error;
    return undefined;
  });
  const structure = await getStructure(tx, input.structureId).catch((error: unknown) => {
    if (error instanceof NotFoundError)
      issues.push({ field: 'structureId', message: `structure inconnue : ${input.structureId}` });
    else throw error;
    return undefined;
  });
  let amended: ApplicationRow | undefined;
  if (input.kind === 'amendment') {
    if (input.amendsApplicationId === null)
      issues.push({
        field: 'amendsApplicationId',
        message: "l'avenant doit désigner la convention qu'il modifie",
      });
    if (input.effectiveFrom === null)
      issues.push({ field: 'effectiveFrom', message: "la date d'effet de l'avenant est obligatoire" });
    if (input.amendsApplicationId !== null) {
      amended = await selectApplication(tx, input.amendsApplicationId);
      // A convention the actor may not see is, for them, one that does not exist.
      if (amended && !canSeeTerritories(actor, amended.territory_codes)) amended = undefined;
      if (!amended)
        issues.push({
          field: 'amendsApplicationId',
          message: `demande modifiée inconnue : ${input.amendsApplicationId}`,
        });
      else if (amended.structure_id !== input.structureId) {
        issues.push({
          field: 'amendsApplicationId',
          message: "l'avenant doit porter sur une convention de la même structure",
        });
      } else if (amended.state !== 'voted') {
        issues.push({
          field: 'amendsApplicationId',
          message: 'seule une convention votée peut être modifiée par avenant',
        });
      } else if (
        input.effectiveFrom !== null &&
        (input.effectiveFrom < amended.period_start || input.effectiveFrom > amended.period_end)
      ) {
        issues.push({
          field: 'effectiveFrom',
          message: 'la date d’effet doit tomber dans la période de la convention modifiée',
        });
      }
    }
  } else if (input.amendsApplicationId !== null) {
    issues.push({
      field: 'amendsApplicationId',
      message: 'seul un avenant modifie une convention existante',
    });
  }
  const territories = await resolveTerritories(tx, input.territories).catch((error: unknown) => {
    if (error instanceof ValidationError) issues.push(...error.issues);
    else throw error;
    return [];
  });
  if (issues.length > 0 || !operation || !structure || !period) throw new ValidationError(issues);

  const version = ruleInForce(operation, period.start);
  const computation = computeApplicationFunding(version?.rule, {
    kind: input.kind,
    quantity: input.quantity,
    unit: input.unit,
    period,
    siaeType: input.siaeType,
    directCosts: input.directCostsCents === null ? null : cents(input.directCostsCents),
    externalServices: input.externalServicesCents === null ? null : cents(input.externalServicesCents),
    effectiveFrom: input.effectiveFrom as PlainDate | null,
    amended: amended
      ? {
          quantity: amended.quantity,
          period: { start: amended.period_start as PlainDate, end: amended.period_end as PlainDate },
        }
      : null,
  });
  const retained = input.retainedCents === null ? null : cents(input.retainedCents);
  if (needsJustification(computation.amount, retained) && !input.deviationJustification) {
    throw new ValidationError([
      {
        field: 'deviationJustification',
        message: `le montant retenu (${formatEuros(retained ?? cents(0))}) diffère du montant calculé par la règle (${formatEuros(computation.amount ?? cents(0))}) : une justification est obligatoire`,
      },
    ]);
  }
  return {
    budgetLineId: operation.budgetLineId,
    territoryIds: territories.map((territory) => territory.id),
    write: {
      reference,
      sort_key: operation.themeNumber * 1000 + operation.number,
      call_id: operation.callId,
      operation_id: operation.id,
      structure_id: structure.id,
      label: input.label,
      period_start: period.start,
      period_end: period.end,
      quantity: input.quantity,
      quantity_before: amended ? amended.quantity : null,
      unit: input.unit,
      siae_type: input.siaeType,
      direct_costs_cents: input.directCostsCents,
      external_services_cents: input.externalServicesCents,
      requested_cents: input.requestedCents,
      computed_cents: computation.amount,
      computation: { ...computation, ruleId: version?.id ?? null },
      retained_cents: input.retainedCents,
      deviation_justification: input.deviationJustification,
      kind: input.kind,
      amends_application_id: input.amendsApplicationId,
      effective_from: input.effectiveFrom,
      state,
      printed,
    },
  };
}

function chargeLabel(reference: string, structureName: string): string {
  return `Demande ${reference} — ${structureName}`;
}

async function charge(tx: Sql, id: number, prepared: Prepared): Promise<void> {
  const row = await selectApplication(tx, id);
  if (!row) throw new NotFoundError('Demande', id);
  if (row.retained_cents === null) {
    throw new ValidationError([
      { field: 'retainedCents', message: 'le montant retenu est obligatoire pour proposer la demande' },
    ]);
  }
  await chargeApplication(tx, {
    applicationId: id,
    callId: prepared.write.call_id,
    budgetLineId: prepared.budgetLineId,
    amount: cents(row.retained_cents),
    label: chargeLabel(row.reference, row.structure_name),
  });
}

/**
 * Records an application. The dataset loader passes a state, reference and printed cells; the API
 * creates drafts.
 */
export async function createApplication(
  tx: Sql,
  input: ApplicationInput,
  options: {
    actor: Actor;
    state?: ApplicationState;
    reference?: string;
    printed?: Record<string, unknown> | null;
    motivation?: string;
    votedOn?: PlainDate;
  },
): Promise<number> {
  const state = options.state ?? 'draft';
  assertTerritoriesAllowed(options.actor, input.territories);
  const prepared = await prepare(
    tx,
    options.actor,
    input,
    state,
    options.reference ?? null,
    options.printed ?? null,
  );
  const id = await insertApplication(tx, prepared.write, prepared.territoryIds);
  await insertDecision(tx, {
    applicationId: id,
    from: null,
    to: state,
    author: options.actor.displayName,
    motivation: options.motivation ?? 'Création de la demande',
  });
  if (chargesBudget(state)) await charge(tx, id, prepared);
  if (state === 'voted') await commitApplication(tx, id, options.votedOn ?? prepared.write.period_start);
  await audit(tx, options.actor, 'create', id, null);
  return id;
}

/** The audit row of a change, written in the change's transaction with the record before and after. */
async function audit(
  tx: Sql,
  actor: Actor,
  action: string,
  id: number,
  before: Application | null,
): Promise<void> {
  const after = await selectApplication(tx, id);
  await recordAudit(tx, {
    actor,
    action,
    entity: 'application',
    entityId: id,
    before,
    after: after ? toApplication(after) : null,
  });
}

export async function createApplicationInTransaction(
  db: Database,
  input: ApplicationInput,
  actor: Actor,
): Promise<ApplicationDetail> {
  const id = await db.transaction((tx) => createApplication(tx, input, { actor }));
  return getApplication(db, id, actor);
}

function inputFromRow(row: ApplicationRow): ApplicationInput {
  return {
    operationId: row.operation_id,
    structureId: row.structure_id,
    territories: row.territory_codes,
    label: row.label,
    periodStart: row.period_start as PlainDate,
    periodEnd: row.period_end as PlainDate,
    quantity: row.quantity,
    unit: row.unit as ApplicationInput['unit'],
    siaeType: row.siae_type,
    directCostsCents: row.direct_costs_cents,
    externalServicesCents: row.external_services_cents,
    requestedCents: row.requested_cents,
    retainedCents: row.retained_cents,
    deviationJustification: row.deviation_justification,
    kind: row.kind,
    amendsApplicationId: row.amends_application_id,
    effectiveFrom: row.effective_from as PlainDate | null,
  };
}

/**
 * Saves a change made from the version the user read. If somebody saved in between, nothing is
 * written and the conflict carries the other change, for the user to see and redo theirs.
 */
export async function updateApplication(
  db: Database,
  id: number,
  patch: ApplicationPatch,
  actor: Actor,
): Promise<ApplicationDetail> {
  await db.transaction(async (tx) => {
    const current = await selectVisible(tx, id, actor);
    if (current.version !== patch.version) {
      throw new ConflictError(
        `La demande ${current.reference} a été modifiée par quelqu'un d'autre depuis votre lecture (version ${patch.version}, version actuelle ${current.version}). Rechargez-la et refaites votre modification.`,
        {
          current: { ...toApplication(current), decisions: (await selectDecisions(tx, id)).map(toDecision) },
        },
      );
    }
    if (!isEditable(current.state)) {
      throw new DomainError(
        'APPLICATION_LOCKED',
        `La demande ${current.reference} est « ${STATE_LABELS[current.state]} » : elle ne peut plus être modifiée (un avenant est nécessaire).`,
      );
    }
    const { version, ...changes } = patch;
    const merged: ApplicationInput = { ...inputFromRow(current), ...stripUndefined(changes) };
    assertTerritoriesAllowed(actor, merged.territories);
    const prepared = await prepare(tx, actor, merged, current.state, current.reference, current.printed);
    const saved = await updateApplicationIfVersion(tx, id, version, prepared.write, prepared.territoryIds);
    if (!saved)
      throw new ConflictError(`La demande ${current.reference} vient d'être modifiée par quelqu'un d'autre.`);
    if (chargesBudget(current.state)) await charge(tx, id, prepared);
    const changed = Object.keys(stripUndefined(changes)).filter(
      (key) =>
        JSON.stringify(merged[key as keyof ApplicationInput]) !==
        JSON.stringify(inputFromRow(current)[key as keyof ApplicationInput]),
    );
    await insertDecision(tx, {
      applicationId: id,
      from: current.state,
      to: current.state,
      author: actor.displayName,
      motivation: `Modification : ${
        changed.length > 0
          ? changed.map((key) => APPLICATION_FIELD_LABELS[key as keyof ApplicationInput] ?? key).join(', ')
          : 'aucun champ changé'
      }`,
    });
    await audit(tx, actor, 'update', id, toApplication(current));
  });
  return getApplication(db, id, actor);
}

function stripUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** Moves an application to another state, with the motivation appended to its history. */
export async function transitionApplication(
  db: Database,
  id: number,
  transition: TransitionInput,
  actor: Actor,
): Promise<ApplicationDetail> {
  await db.transaction(async (tx) => {
    const current = await selectVisible(tx, id, actor);
    if (transition.version !== undefined && transition.version !== current.version) {
      throw new ConflictError(
        `La demande ${current.reference} a changé depuis votre lecture (version ${transition.version}, version actuelle ${current.version}).`,
        { current: toApplication(current) },
      );
    }
    assertTransition(current.state, transition.to);
    if (transition.to === 'proposed') {
      const prepared = await prepare(
        tx,
        actor,
        inputFromRow(current),
        transition.to,
        current.reference,
        current.printed,
      );
      await charge(tx, id, prepared);
    } else if (transition.to === 'voted') {
      await commitApplication(tx, id, transition.decidedOn ?? new Date().toISOString().slice(0, 10));
    } else if (current.state === 'proposed') {
      await releaseApplication(tx, id);
    }
    await setState(tx, id, transition.to);
    await insertDecision(tx, {
      applicationId: id,
      from: current.state,
      to: transition.to,
      author: actor.displayName,
      motivation: transition.motivation,
    });
    await audit(tx, actor, `transition:${transition.to}`, id, toApplication(current));
  });
  return getApplication(db, id, actor);
}

/**
 * The signed amount an allocation line adds to its operation's total. A postponed application is
 * listed at 0,00 € ("report d'opération"): its charge to the budget was released.
 */
export function lineAmount(application: Application): Cents {
  return application.state === 'postponed' ? cents(0) : cents(application.retainedCents ?? 0);
}

/** The annexe 3 view of a call: its allocation lines in table order, with totals. */
export async function getAllocationTable(sql: Sql, callCode: string, actor: Actor): Promise<AllocationTable> {
  const call = await getCall(sql, callCode);
  return buildAllocationTable(call, await listCallApplications(sql, call.id, actor));
}

/** The allocation table of applications already read (they must all belong to the call). */
export function buildAllocationTable(
  call: { code: string; title: string },
  applications: readonly Application[],
): AllocationTable {
  const lines = applications
    .filter((application) => isAllocationLine(application.state))
    .map(
      (application): AllocationLine => ({
        applicationId: application.id,
        reference: application.reference,
        themeNumber: application.themeNumber,
        operationNumber: application.operationNumber,
        operationTitle: application.operationTitle,
        territories: application.territories.map((territory) => territory.name),
        structure: application.structureName,
        label: application.label,
        quantity: signedQuantity(application.kind, application.quantity, application.quantityBefore),
        unit: application.unit,
        periodStart: application.periodStart,
        periodEnd: application.periodEnd,
        amount: lineAmount(application),
        kind: application.kind,
        state: application.state,
      }),
    );
  const { themes, total } = computeTotals(lines);
  return { callCode: call.code, callTitle: call.title, lines, themes, total };
}

/** A page of the annexe 3 view, with the totals of the whole filtered table, for large calls. */
export async function getAllocationPage(
  sql: Sql,
  callCode: string,
  query: {
    q?: string | undefined;
    territory?: string | undefined;
    operationId?: number | undefined;
    kind?: 'convention' | 'amendment' | undefined;
    limit: number;
    offset: number;
  },
  actor: Actor,
): Promise<AllocationPage> {
  const call = await getCall(sql, callCode);
  const { totals, lines, territories } = await selectAllocationPage(
    sql,
    {
      callId: call.id,
      territoryScope: actor.territories === 'all' ? undefined : actor.territories,
      search: query.q,
      territoryCode: query.territory,
      operationId: query.operationId,
      kind: query.kind,
    },
    query.limit,
    query.offset,
  );
  const namesById = new Map<number, string[]>();
  for (const row of territories)
    namesById.set(row.application_id, [...(namesById.get(row.application_id) ?? []), row.name]);
  const themes: ThemeTotal[] = [];
  for (const row of totals) {
    let theme = themes.find((candidate) => candidate.themeNumber === row.theme_number);
    if (!theme) {
      theme = { themeNumber: row.theme_number, amount: cents(0), operations: [] };
      themes.push(theme);
    }
    theme.operations.push({
      themeNumber: row.theme_number,
      operationNumber: row.operation_number,
      operationTitle: row.operation_title,
      lines: row.lines,
      amount: cents(row.amount),
    });
    theme.amount = cents(theme.amount + row.amount);
  }
  return {
    callCode: call.code,
    callTitle: call.title,
    totalLines: totals.reduce((sum, row) => sum + row.lines, 0),
    offset: query.offset,
    limit: query.limit,
    lines: lines.map((row) => ({
      applicationId: row.id,
      reference: row.reference,
      themeNumber: row.theme_number,
      operationNumber: row.operation_number,
      operationTitle: row.operation_title,
      territories: namesById.get(row.id) ?? [],
      structure: row.structure_name,
      label: row.label,
      quantity: signedQuantity(row.kind, row.quantity, row.quantity_before),
      unit: row.unit,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      amount: row.state === 'postponed' ? cents(0) : cents(row.retained_cents ?? 0),
      kind: row.kind,
      state: row.state,
    })),
    themes,
    total: cents(themes.reduce((sum, theme) => sum + theme.amount, 0)),
  };
}

/** An allocation line as the consistency check reads it (listAllocationFacts). */
export interface AllocationFact {
  id: number;
  reference: string;
  themeNumber: number;
  operationNumber: number;
  operationTitle: string;
  structureId: number;
  structureName: string;
  territories: string[];
  label: string;
  periodStart: PlainDate;
  periodEnd: PlainDate;
  quantity: number | null;
  unit: string | null;
  kind: 'convention' | 'amendment';
  state: ApplicationState;
  computedCents: number | null;
  computationStatus: string | null;
  computationExplanation: string | null;
  retainedCents: number | null;
  deviationJustification: string | null;
  /** What the line adds to its operation's total (a postponed line: 0). */
  amount: Cents;
}

/**
 * Every allocation line of a call (whoever asks: the check is about the whole call), in annex
 * order, with the territory codes: the lean read the consistency check of a large call needs.
 */
export async function listAllocationFacts(sql: Sql, callId: number): Promise<AllocationFact[]> {
  return (await selectAllocationFacts(sql, callId)).map((row) => ({
    id: row.id,
    reference: row.reference,
    themeNumber: row.theme_number,
    operationNumber: row.operation_number,
    operationTitle: row.operation_title,
    structureId: row.structure_id,
    structureName: row.structure_name,
    territories: row.territory_codes,
    label: row.label,
    periodStart: row.period_start as PlainDate,
    periodEnd: row.period_end as PlainDate,
    quantity: row.quantity,
    unit: row.unit,
    kind: row.kind,
    state: row.state,
    computedCents: row.computed_cents,
    computationStatus: row.computation_status,
    computationExplanation: row.computation_explanation,
    retainedCents: row.retained_cents,
    deviationJustification: row.deviation_justification,
    amount: row.state === 'postponed' ? cents(0) : cents(row.retained_cents ?? 0),
  }));
}

/** How many applications of a call are in each state (and their retained amounts), as the actor sees them. */
export async function countApplicationsByState(
  sql: Sql,
  callId: number,
  actor: Actor,
): Promise<{ state: ApplicationState; label: string; count: number; amount: Cents }[]> {
  const rows = await countByState(sql, callId, actor.territories === 'all' ? undefined : actor.territories);
  return rows
    .map((row) => ({
      state: row.state,
      label: STATE_LABELS[row.state],
      count: row.count,
      amount: cents(row.amount),
    }))
    .sort((a, b) => APPLICATION_STATES.indexOf(a.state) - APPLICATION_STATES.indexOf(b.state));
}

/**
 * Two records of one structure were merged: its applications now point to the record kept, each
 * change recorded in its history and the audit trail.
 */
export async function reassignApplicationsToStructure(
  tx: Sql,
  change: { fromId: number; toId: number; toName: string },
  actor: Actor,
): Promise<number> {
  const before = new Map<number, Application>();
  const { rows } = await selectApplications(tx, { structureId: change.fromId, limit: 1_000_000, offset: 0 });
  for (const row of rows) before.set(row.id, toApplication(row));
  const moved = await moveToStructure(tx, change.fromId, change.toId);
  for (const id of moved) {
    const previous = before.get(id) ?? null;
    await insertDecision(tx, {
      applicationId: id,
      from: previous?.state ?? null,
      to: previous?.state ?? 'draft',
      author: actor.displayName,
      motivation: `Structure fusionnée dans « ${change.toName} » (n°${change.toId})`,
    });
    await audit(tx, actor, 'structure_merged', id, previous);
  }
  return moved.length;
}

export type { AllocationPage, AllocationTable, Application, ApplicationDetail, Decision };
