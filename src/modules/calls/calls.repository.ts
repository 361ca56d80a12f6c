/** The only SQL of the calls module: calls, themes, operations and their funding rules. */
import type { Sql } from '../../platform/database.ts';

export interface CallRow {
  id: number;
  code: string;
  title: string;
  year: number;
  phase: number | null;
  is_partial: boolean;
}

export interface ThemeRow {
  id: number;
  call_id: number;
  number: number;
  title: string;
  intro: string | null;
  stated: StatedFigures;
}

export interface StatedFigures {
  amount_cents?: number;
  structures?: number;
  quantity?: number;
  unit?: string;
  operations?: number;
}

export interface OperationRow {
  id: number;
  theme_id: number;
  number: number;
  title: string;
  short_title: string;
  budget_line_id: number;
  target_public: string | null;
  description: string | null;
  review_previous_year: string | null;
  proposal: string | null;
  stated: StatedFigures;
}

export interface FundingRuleRow {
  id: number;
  operation_id: number;
  kind: string;
  params: Record<string, unknown>;
  effective_from: string;
  effective_to: string | null;
  legal_reference: string;
}

export async function insertCall(sql: Sql, call: Omit<CallRow, 'id'>): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    'insert into calls (code, title, year, phase, is_partial) values ($1, $2, $3, $4, $5) returning id',
    [call.code, call.title, call.year, call.phase, call.is_partial],
  );
  return (row as { id: number }).id;
}

export async function insertTheme(sql: Sql, theme: Omit<ThemeRow, 'id'>): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    'insert into themes (call_id, number, title, intro, stated) values ($1, $2, $3, $4, $5) returning id',
    [theme.call_id, theme.number, theme.title, theme.intro, JSON.stringify(theme.stated)],
  );
  return (row as { id: number }).id;
}

/** An acompte of an operation's convention terms. */
export interface InstalmentTerms {
  percent: number;
  /** AAAA-MM-JJ; absent: after the signature. */
  dueOn?: string;
}

/** What an operation's convention annex needs beyond the call's texts; absent keys are unknown. */
export interface ConventionTerms {
  objectives?: string;
  procedure?: string;
  professionalProfile?: string;
  /** Advance paid at signature, percentage of the amount (0–100, two decimals at most). */
  advancePercent?: number;
  /** Or a fixed advance paid at signature, in cents (never with a non-zero percentage). */
  advanceAmountCents?: number;
  /**
   * Acomptes between the advance and the balance: a percentage of the amount each (at most 12),
   * due after the signature or from their date (AAAA-MM-JJ).
   */
  instalments?: InstalmentTerms[];
  /** The review report (bilan) to send, and when. */
  review?: string;
}

export async function insertOperation(
  sql: Sql,
  operation: Omit<OperationRow, 'id'>,
  conventionTerms: ConventionTerms = {},
): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `insert into operations (theme_id, number, title, short_title, budget_line_id, target_public, description,
       review_previous_year, proposal, stated, convention_terms)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [
      operation.theme_id,
      operation.number,
      operation.title,
      operation.short_title,
      operation.budget_line_id,
      operation.target_public,
      operation.description,
      operation.review_previous_year,
      operation.proposal,
      JSON.stringify(operation.stated),
      JSON.stringify(conventionTerms),
    ],
  );
  return (row as { id: number }).id;
}

/** The convention terms of every operation of a call, by operation id. */
export async function selectConventionTerms(sql: Sql, callId: number): Promise<Map<number, ConventionTerms>> {
  const rows = await sql.query<{ id: number; convention_terms: ConventionTerms }>(
    `select o.id, o.convention_terms from operations o join themes t on t.id = o.theme_id where t.call_id = $1`,
    [callId],
  );
  return new Map(rows.map((row) => [Number(row.id), row.convention_terms]));
}

/** Sets the convention terms of an operation (the département completes them before conventions). */
/** Replaces the terms if they are still at `version`; false when someone else saved meanwhile. */
export async function updateConventionTerms(
  sql: Sql,
  operationId: number,
  terms: ConventionTerms,
  version?: number,
): Promise<boolean> {
  const rows = await sql.query<{ id: number }>(
    `update operations set convention_terms = $2, convention_terms_version = convention_terms_version + 1
      where id = $1 and ($3::int is null or convention_terms_version = $3) returning id`,
    [operationId, JSON.stringify(terms), version ?? null],
  );
  return rows.length > 0;
}

export async function insertFundingRule(sql: Sql, rule: Omit<FundingRuleRow, 'id'>): Promise<void> {
  await sql.query(
    `insert into funding_rules (operation_id, kind, params, effective_from, effective_to, legal_reference)
     values ($1, $2, $3, $4, $5, $6)`,
    [
      rule.operation_id,
      rule.kind,
      JSON.stringify(rule.params),
      rule.effective_from,
      rule.effective_to,
      rule.legal_reference,
    ],
  );
}

export function selectCalls(sql: Sql): Promise<CallRow[]> {
  return sql.query<CallRow>(
    'select id, code, title, year, phase, is_partial from calls order by year, phase, code',
  );
}

export async function selectCallByCode(sql: Sql, code: string): Promise<CallRow | undefined> {
  const rows = await sql.query<CallRow>(
    'select id, code, title, year, phase, is_partial from calls where code = $1',
    [code],
  );
  return rows[0];
}

export function selectThemes(sql: Sql, callId: number): Promise<ThemeRow[]> {
  return sql.query<ThemeRow>(
    'select id, call_id, number, title, intro, stated from themes where call_id = $1 order by number',
    [callId],
  );
}

/** An operation as read, with its convention terms. */
export type StoredOperationRow = OperationRow & {
  convention_terms: ConventionTerms;
  convention_terms_version: number;
};

export function selectOperations(sql: Sql, callId: number): Promise<StoredOperationRow[]> {
  return sql.query<StoredOperationRow>(
    `select o.id, o.theme_id, o.number, o.title, o.short_title, o.budget_line_id, o.target_public, o.description,
            o.review_previous_year, o.proposal, o.stated, o.convention_terms, o.convention_terms_version
       from operations o join themes t on t.id = o.theme_id
      where t.call_id = $1 order by t.number, o.number`,
    [callId],
  );
}

export function selectFundingRules(sql: Sql, callId: number): Promise<FundingRuleRow[]> {
  return sql.query<FundingRuleRow>(
    `select r.id, r.operation_id, r.kind, r.params, r.effective_from, r.effective_to, r.legal_reference
       from funding_rules r join operations o on o.id = r.operation_id join themes t on t.id = o.theme_id
      where t.call_id = $1 order by r.operation_id, r.effective_from`,
    [callId],
  );
}

export async function selectOperationById(
  sql: Sql,
  id: number,
): Promise<(StoredOperationRow & { call_id: number; theme_number: number }) | undefined> {
  const rows = await sql.query<StoredOperationRow & { call_id: number; theme_number: number }>(
    `select o.id, o.theme_id, o.number, o.title, o.short_title, o.budget_line_id, o.target_public, o.description,
            o.review_previous_year, o.proposal, o.stated, o.convention_terms, o.convention_terms_version, t.call_id,
            t.number as theme_number
       from operations o join themes t on t.id = o.theme_id where o.id = $1`,
    [id],
  );
  return rows[0];
}

export function selectFundingRulesOfOperation(sql: Sql, operationId: number): Promise<FundingRuleRow[]> {
  return sql.query<FundingRuleRow>(
    `select id, operation_id, kind, params, effective_from, effective_to, legal_reference
       from funding_rules where operation_id = $1 order by effective_from`,
    [operationId],
  );
}
