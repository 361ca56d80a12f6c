/**
 * The only SQL of the applications module. Its read models join, read-only, the names of the
 * structure, operation, theme and territories an application points to (see docs/ARCHITECTURE.md).
 */
import type { Sql } from '../../platform/database.ts';
import type { QuantityUnit } from '../funding/index.ts';
import type { ApplicationState } from './domain/states.ts';

export interface ApplicationRow {
  id: number;
  reference: string;
  call_id: number;
  call_code: string;
  operation_id: number;
  operation_number: number;
  operation_title: string;
  theme_number: number;
  budget_line_id: number;
  structure_id: number;
  structure_name: string;
  territory_codes: string[];
  territory_names: string[];
  label: string;
  period_start: string;
  period_end: string;
  quantity: number | null;
  quantity_before: number | null;
  /** The database's check constraints guarantee these value sets. */
  unit: QuantityUnit | null;
  siae_type: 'AI' | 'EI' | 'ACI' | null;
  direct_costs_cents: number | null;
  external_services_cents: number | null;
  requested_cents: number | null;
  computed_cents: number | null;
  computation: Record<string, unknown> | null;
  retained_cents: number | null;
  deviation_justification: string | null;
  kind: 'convention' | 'amendment';
  amends_application_id: number | null;
  amends_reference: string | null;
  effective_from: string | null;
  state: ApplicationState;
  printed: Record<string, unknown> | null;
  version: number;
  updated_at: string;
}

export interface ApplicationWrite {
  reference: string | null;
  /** theme number × 1000 + operation number: the annex order, served by an index. */
  sort_key: number;
  call_id: number;
  operation_id: number;
  structure_id: number;
  label: string;
  period_start: string;
  period_end: string;
  quantity: number | null;
  quantity_before: number | null;
  unit: string | null;
  siae_type: string | null;
  direct_costs_cents: number | null;
  external_services_cents: number | null;
  requested_cents: number | null;
  computed_cents: number | null;
  computation: Record<string, unknown> | null;
  retained_cents: number | null;
  deviation_justification: string | null;
  kind: 'convention' | 'amendment';
  amends_application_id: number | null;
  effective_from: string | null;
  state: ApplicationState;
  printed: Record<string, unknown> | null;
}

const SELECT = `
  select a.id, a.reference, a.call_id, c.code as call_code, a.operation_id, o.number as operation_number,
         o.short_title as operation_title, t.number as theme_number, o.budget_line_id, a.structure_id,
         coalesce(s.short_name, s.legal_name) as structure_name,
         array(select tr.code from application_territories at2 join territories tr on tr.id = at2.territory_id
                where at2.application_id = a.id order by tr.sort_order) as territory_codes,
         array(select tr.name from application_territories at2 join territories tr on tr.id = at2.territory_id
                where at2.application_id = a.id order by tr.sort_order) as territory_names,
         a.label, a.period_start, a.period_end, a.quantity, a.quantity_before, a.unit, a.siae_type,
         a.direct_costs_cents, a.external_services_cents, a.requested_cents, a.computed_cents, a.computation,
         a.retained_cents, a.deviation_justification, a.kind, a.amends_application_id,
         amended.reference as amends_reference, a.effective_from, a.state, a.printed, a.version,
         a.updated_at::text as updated_at
    from applications a
    join calls c on c.id = a.call_id
    join operations o on o.id = a.operation_id
    join themes t on t.id = o.theme_id
    join structures s on s.id = a.structure_id
    left join applications amended on amended.id = a.amends_application_id`;

const COLUMNS = [
  'reference',
  'sort_key',
  'call_id',
  'operation_id',
  'structure_id',
  'label',
  'period_start',
  'period_end',
  'quantity',
  'quantity_before',
  'unit',
  'siae_type',
  'direct_costs_cents',
  'external_services_cents',
  'requested_cents',
  'computed_cents',
  'computation',
  'retained_cents',
  'deviation_justification',
  'kind',
  'amends_application_id',
  'effective_from',
  'state',
  'printed',
] as const;

function values(write: ApplicationWrite): unknown[] {
  return COLUMNS.map((column) => {
    const value = write[column];
    return column === 'computation' || column === 'printed'
      ? value === null
        ? null
        : JSON.stringify(value)
      : value;
  });
}

export async function insertApplication(sql: Sql, write: ApplicationWrite, territoryIds: readonly number[]) {
  const placeholders = COLUMNS.map((_, index) => `$${index + 1}`).join(', ');
  const [row] = await sql.query<{ id: number }>(
    `insert into applications (${COLUMNS.join(', ')}) values (${placeholders}) returning id`,
    values({ ...write, reference: write.reference ?? `pending-${crypto.randomUUID()}` }),
  );
  const id = (row as { id: number }).id;
  if (write.reference === null) {
    await sql.query(
      `update applications set reference = c.code || '-' || lpad(nextval('application_number_seq')::text, 4, '0')
         from calls c where c.id = applications.call_id and applications.id = $1`,
      [id],
    );
  }
  await replaceTerritories(sql, id, territoryIds);
  return id;
}

async function replaceTerritories(sql: Sql, applicationId: number, territoryIds: readonly number[]) {
  await sql.query('delete from application_territories where application_id = $1', [applicationId]);
  if (territoryIds.length > 0) {
    await sql.query(
      `insert into application_territories (application_id, territory_id)
       select $1, unnest($2::bigint[])`,
      [applicationId, territoryIds],
    );
  }
}

/** Writes only when the version read is still current; returns false when somebody saved first. */
export async function updateApplicationIfVersion(
  sql: Sql,
  id: number,
  expectedVersion: number,
  write: ApplicationWrite,
  territoryIds: readonly number[],
): Promise<boolean> {
  // The reference never changes once given.
  const updatable = COLUMNS.filter((column) => column !== 'reference');
  const assignments = updatable.map((column, index) => `${column} = $${index + 1}`).join(', ');
  const rows = await sql.query<{ id: number }>(
    `update applications set ${assignments}, version = version + 1, updated_at = now()
      where id = $${updatable.length + 1} and version = $${updatable.length + 2} returning id`,
    [...values(write).slice(1), id, expectedVersion],
  );
  if (rows.length === 0) return false;
  await replaceTerritories(sql, id, territoryIds);
  return true;
}

export async function selectApplication(sql: Sql, id: number, options?: { forUpdate?: boolean }) {
  if (options?.forUpdate) await sql.query('select id from applications where id = $1 for update', [id]);
  const rows = await sql.query<ApplicationRow>(`${SELECT} where a.id = $1`, [id]);
  return rows[0];
}

export async function selectApplicationByReference(sql: Sql, reference: string) {
  const rows = await sql.query<ApplicationRow>(`${SELECT} where a.reference = $1`, [reference]);
  return rows[0];
}

/** "%text%" for ILIKE, the text's own %, _ and backslash taken literally. */
function likePattern(text: string): string {
  return `%${text.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}

/**
 * An application matches a search by its label, its reference, or the names (legal, short, aliases)
 * of its structure. The structures are searched first, once (a few thousand rows), rather than
 * their names being joined and tested for every application.
 */
function searchCondition(placeholder: string): string {
  return `(a.label ilike ${placeholder} or a.reference ilike ${placeholder} or a.structure_id in (
    select sx.id from structures sx
     where sx.legal_name ilike ${placeholder} or coalesce(sx.short_name, '') ilike ${placeholder}
        or exists (select 1 from unnest(sx.aliases) alias where alias ilike ${placeholder})))`;
}

export interface ApplicationFilter {
  callId?: number | undefined;
  operationId?: number | undefined;
  structureId?: number | undefined;
  state?: string | undefined;
  territoryCode?: string | undefined;
  /** Only applications with at least one of these territories (an instructeur's). */
  territoryScope?: readonly string[] | undefined;
  search?: string | undefined;
  limit: number;
  offset: number;
}

export async function selectApplications(sql: Sql, filter: ApplicationFilter) {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filter.callId !== undefined) add((p) => `a.call_id = ${p}`, filter.callId);
  if (filter.operationId !== undefined) add((p) => `a.operation_id = ${p}`, filter.operationId);
  if (filter.structureId !== undefined) add((p) => `a.structure_id = ${p}`, filter.structureId);
  if (filter.state !== undefined) add((p) => `a.state = ${p}`, filter.state);
  if (filter.territoryCode !== undefined) {
    add(
      (p) => `exists (select 1 from application_territories x join territories tx on tx.id = x.territory_id
                       where x.application_id = a.id and tx.code = ${p})`,
      filter.territoryCode,
    );
  }
  if (filter.territoryScope !== undefined) {
    add(
      (p) => `exists (select 1 from application_territories y join territories ty on ty.id = y.territory_id
                       where y.application_id = a.id and ty.code = any(${p}::text[]))`,
      filter.territoryScope,
    );
  }
  if (filter.search !== undefined && filter.search.trim() !== '') {
    add((p) => searchCondition(p), likePattern(filter.search));
  }
  const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
  const [count] = await sql.query<{ total: number }>(
    `select count(*)::bigint as total from applications a ${where}`,
    params,
  );
  const rows = await sql.query<ApplicationRow>(
    `${SELECT} ${where} order by a.sort_key, a.id limit ${filter.limit} offset ${filter.offset}`,
    params,
  );
  return { total: count?.total ?? 0, rows };
}

export interface DecisionRow {
  id: number;
  from_state: ApplicationState | null;
  to_state: ApplicationState;
  author: string;
  motivation: string;
  decided_at: string;
}

export async function insertDecision(
  sql: Sql,
  decision: { applicationId: number; from: string | null; to: string; author: string; motivation: string },
): Promise<void> {
  await sql.query(
    `insert into application_decisions (application_id, from_state, to_state, author, motivation)
     values ($1, $2, $3, $4, $5)`,
    [decision.applicationId, decision.from, decision.to, decision.author, decision.motivation],
  );
}

export function selectDecisions(sql: Sql, applicationId: number): Promise<DecisionRow[]> {
  return sql.query<DecisionRow>(
    `select id, from_state, to_state, author, motivation, decided_at::text as decided_at
       from application_decisions where application_id = $1 order by id`,
    [applicationId],
  );
}

export async function setState(sql: Sql, id: number, state: ApplicationState): Promise<void> {
  await sql.query(
    'update applications set state = $2, version = version + 1, updated_at = now() where id = $1',
    [id, state],
  );
}

export interface AllocationFilter {
  callId: number;
  territoryScope: readonly string[] | undefined;
  search: string | undefined;
  territoryCode: string | undefined;
  operationId: number | undefined;
  kind: 'convention' | 'amendment' | undefined;
}

/** The conditions of the allocation table (annexe 3 lines: proposed, voted, postponed) for a filter. */
function allocationConditions(filter: AllocationFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [filter.callId];
  const conditions = ['a.call_id = $1', "a.state in ('proposed', 'voted', 'postponed')"];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    conditions.push(condition(`$${params.length}`));
  };
  if (filter.territoryScope !== undefined) {
    add(
      (p) => `exists (select 1 from application_territories y join territories ty on ty.id = y.territory_id
                       where y.application_id = a.id and ty.code = any(${p}::text[]))`,
      filter.territoryScope,
    );
  }
  if (filter.territoryCode !== undefined) {
    add(
      (p) => `exists (select 1 from application_territories x join territories tx on tx.id = x.territory_id
                       where x.application_id = a.id and tx.code = ${p})`,
      filter.territoryCode,
    );
  }
  if (filter.operationId !== undefined) add((p) => `a.operation_id = ${p}`, filter.operationId);
  if (filter.kind !== undefined) add((p) => `a.kind = ${p}`, filter.kind);
  if (filter.search !== undefined && filter.search.trim() !== '') {
    add((p) => searchCondition(p), likePattern(filter.search));
  }
  return { where: `where ${conditions.join(' and ')}`, params };
}

export interface AllocationTotalRow {
  theme_number: number;
  operation_number: number;
  operation_title: string;
  lines: number;
  amount: number;
}

export interface AllocationLineRow {
  id: number;
  reference: string;
  theme_number: number;
  operation_number: number;
  operation_title: string;
  structure_name: string;
  label: string;
  quantity: number | null;
  quantity_before: number | null;
  unit: string | null;
  period_start: string;
  period_end: string;
  retained_cents: number | null;
  kind: 'convention' | 'amendment';
  state: ApplicationState;
}

/**
 * One page of the allocation table and the totals per operation of every line matching the
 * filter, computed by the database (a postponed line counts 0).
 */
export async function selectAllocationPage(
  sql: Sql,
  filter: AllocationFilter,
  limit: number,
  offset: number,
) {
  const { where, params } = allocationConditions(filter);
  const from = `from applications a join operations o on o.id = a.operation_id join themes t on t.id = o.theme_id`;
  // Grouped by operation first, named after: the names are joined to a score of rows, not to every line.
  const totals = await sql.query<AllocationTotalRow>(
    `select t.number as theme_number, o.number as operation_number, o.short_title as operation_title,
            g.lines, g.amount
       from (select a.operation_id, count(*)::integer as lines,
                    coalesce(sum(case when a.state = 'postponed' then 0 else coalesce(a.retained_cents, 0) end), 0)::bigint
                      as amount
               from applications a ${where} group by a.operation_id) g
       join operations o on o.id = g.operation_id join themes t on t.id = o.theme_id
      order by t.number, o.number`,
    params,
  );
  const lines = await sql.query<AllocationLineRow>(
    `select a.id, a.reference, t.number as theme_number, o.number as operation_number, o.short_title as operation_title,
            coalesce(s.short_name, s.legal_name) as structure_name, a.label, a.quantity, a.quantity_before, a.unit,
            a.period_start, a.period_end, a.retained_cents, a.kind, a.state
       ${from} join structures s on s.id = a.structure_id ${where}
      order by a.sort_key, a.id limit ${limit} offset ${offset}`,
    params,
  );
  const territories = lines.length
    ? await sql.query<{ application_id: number; name: string }>(
        `select x.application_id, tr.name from application_territories x join territories tr on tr.id = x.territory_id
          where x.application_id = any($1::bigint[]) order by tr.sort_order`,
        [lines.map((line) => line.id)],
      )
    : [];
  return { totals, lines, territories };
}

export interface AllocationFactRow {
  id: number;
  reference: string;
  theme_number: number;
  operation_number: number;
  operation_title: string;
  structure_id: number;
  structure_name: string;
  territory_codes: string[];
  label: string;
  period_start: string;
  period_end: string;
  quantity: number | null;
  unit: string | null;
  kind: 'convention' | 'amendment';
  state: ApplicationState;
  computed_cents: number | null;
  computation_status: string | null;
  computation_explanation: string | null;
  retained_cents: number | null;
  deviation_justification: string | null;
}

/**
 * The allocation lines of a call (proposed, voted, postponed) in annex order, with only what the
 * consistency check reads: no territory names, no printed cells, of the computation only its
 * status and explanation. At 20 000 lines this is about half the work of the full read model.
 */
export function selectAllocationFacts(sql: Sql, callId: number): Promise<AllocationFactRow[]> {
  return sql.query<AllocationFactRow>(
    `select a.id, a.reference, t.number as theme_number, o.number as operation_number,
            o.short_title as operation_title, a.structure_id, coalesce(s.short_name, s.legal_name) as structure_name,
            array(select tr.code from application_territories x join territories tr on tr.id = x.territory_id
                   where x.application_id = a.id order by tr.sort_order) as territory_codes,
            a.label, a.period_start, a.period_end, a.quantity, a.unit, a.kind, a.state, a.computed_cents,
            a.computation->>'status' as computation_status, a.computation->>'explanation' as computation_explanation,
            a.retained_cents, a.deviation_justification
       from applications a
       join operations o on o.id = a.operation_id
       join themes t on t.id = o.theme_id
       join structures s on s.id = a.structure_id
      where a.call_id = $1 and a.state in ('proposed', 'voted', 'postponed')
      order by a.sort_key, a.id`,
    [callId],
  );
}

export async function countByState(sql: Sql, callId: number, territoryScope: readonly string[] | undefined) {
  const scoped = territoryScope !== undefined;
  return sql.query<{ state: ApplicationState; count: number; amount: number }>(
    `select a.state, count(*)::integer as count, coalesce(sum(a.retained_cents), 0)::bigint as amount
       from applications a
      where a.call_id = $1
        ${
          scoped
            ? `and exists (select 1 from application_territories y join territories ty on ty.id = y.territory_id
                                 where y.application_id = a.id and ty.code = any($2::text[]))`
            : ''
        }
      group by a.state`,
    scoped ? [callId, territoryScope] : [callId],
  );
}

export async function moveToStructure(sql: Sql, fromId: number, toId: number): Promise<number[]> {
  const rows = await sql.query<{ id: number }>(
    `update applications set structure_id = $2, version = version + 1, updated_at = now()
      where structure_id = $1 returning id`,
    [fromId, toId],
  );
  return rows.map((row) => row.id);
}
