/** Use cases of the calls module: read a call with its themes, operations and rules in force. */

import type { Actor } from '../../kernel/actor.ts';
import type { PlainDate } from '../../kernel/dates.ts';
import { ConflictError, NotFoundError } from '../../kernel/errors.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import type { FundingRule } from '../funding/index.ts';
import {
  type CallRow,
  type ConventionTerms,
  type FundingRuleRow,
  type StatedFigures,
  type StoredOperationRow,
  selectCallByCode,
  selectCalls,
  selectFundingRules,
  selectFundingRulesOfOperation,
  selectOperationById,
  selectOperations,
  selectThemes,
  updateConventionTerms,
} from './calls.repository.ts';
import { ruleFromStored } from './funding-rule-data.ts';

export interface Call {
  id: number;
  code: string;
  title: string;
  year: number;
  phase: number | null;
  isPartial: boolean;
}

export interface FundingRuleVersion {
  id: number;
  rule: FundingRule;
  effectiveFrom: PlainDate;
  effectiveTo: PlainDate | null;
  legalReference: string;
}

export interface Operation {
  id: number;
  callId: number;
  themeNumber: number;
  number: number;
  title: string;
  shortTitle: string;
  budgetLineId: number;
  targetPublic: string | null;
  description: string | null;
  reviewPreviousYear: string | null;
  proposal: string | null;
  stated: StatedFigures;
  /** What its convention annex needs beyond the texts (objectives, advance…); absent keys unknown. */
  conventionTerms: ConventionTerms;
  /** Read with the terms, sent back with a change of them (409 when someone saved meanwhile). */
  conventionTermsVersion: number;
  rules: FundingRuleVersion[];
}

export interface Theme {
  id: number;
  number: number;
  title: string;
  intro: string | null;
  stated: StatedFigures;
  operations: Operation[];
}

export interface CallTree extends Call {
  themes: Theme[];
}

function toCall(row: CallRow): Call {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    year: row.year,
    phase: row.phase,
    isPartial: row.is_partial,
  };
}

export async function listCalls(sql: Sql): Promise<Call[]> {
  return (await selectCalls(sql)).map(toCall);
}

export async function getCall(sql: Sql, code: string): Promise<Call> {
  const row = await selectCallByCode(sql, code);
  if (!row) throw new NotFoundError('Appel à projets', code);
  return toCall(row);
}

function toRuleVersion(row: FundingRuleRow): FundingRuleVersion {
  return {
    id: row.id,
    rule: ruleFromStored(row.kind, row.params),
    effectiveFrom: row.effective_from as PlainDate,
    effectiveTo: row.effective_to as PlainDate | null,
    legalReference: row.legal_reference,
  };
}

/** The call with its themes, operations and every version of their funding rules. */
export async function getCallTree(sql: Sql, code: string): Promise<CallTree> {
  const call = await getCall(sql, code);
  const [themeRows, operationRows, ruleRows] = await Promise.all([
    selectThemes(sql, call.id),
    selectOperations(sql, call.id),
    selectFundingRules(sql, call.id),
  ]);
  const rulesByOperation = new Map<number, FundingRuleVersion[]>();
  for (const row of ruleRows) {
    const list = rulesByOperation.get(row.operation_id) ?? [];
    list.push(toRuleVersion(row));
    rulesByOperation.set(row.operation_id, list);
  }
  const themeNumberById = new Map(themeRows.map((theme) => [theme.id, theme.number]));
  const toOperation = (row: StoredOperationRow): Operation =>
    toOperationView(row, themeNumberById.get(row.theme_id) ?? 0, call.id, rulesByOperation.get(row.id) ?? []);
  return {
    ...call,
    themes: themeRows.map((theme) => ({
      id: theme.id,
      number: theme.number,
      title: theme.title,
      intro: theme.intro,
      stated: theme.stated,
      operations: operationRows.filter((op) => op.theme_id === theme.id).map(toOperation),
    })),
  };
}

function toOperationView(
  row: StoredOperationRow,
  themeNumber: number,
  callId: number,
  rules: FundingRuleVersion[],
): Operation {
  return {
    id: row.id,
    callId,
    themeNumber,
    number: row.number,
    title: row.title,
    shortTitle: row.short_title,
    budgetLineId: row.budget_line_id,
    targetPublic: row.target_public,
    description: row.description,
    reviewPreviousYear: row.review_previous_year,
    proposal: row.proposal,
    stated: row.stated,
    conventionTerms: row.convention_terms ?? {},
    conventionTermsVersion: Number(row.convention_terms_version ?? 1),
    rules,
  };
}

export async function getOperation(sql: Sql, id: number): Promise<Operation> {
  const row = await selectOperationById(sql, id);
  if (!row) throw new NotFoundError('Opération', id);
  const rules = (await selectFundingRulesOfOperation(sql, id)).map(toRuleVersion);
  return toOperationView(row, row.theme_number, row.call_id, rules);
}

/** The version of an operation's rule in force on a date (the start of the funded period). */
export function ruleInForce(operation: Operation, on: PlainDate): FundingRuleVersion | undefined {
  let found: FundingRuleVersion | undefined;
  for (const version of operation.rules) {
    if (version.effectiveFrom <= on && (version.effectiveTo === null || version.effectiveTo >= on))
      found = version;
  }
  // A period starting before the first version (e.g. a line starting the previous year) takes the
  // earliest version: the call's rule is the one the committee applies.
  return found ?? operation.rules[0];
}

/** The convention terms of an operation, completed by the département (audited). */
export async function setConventionTerms(
  db: Database,
  actor: Actor,
  operationId: number,
  terms: ConventionTerms,
  version: number,
): Promise<Operation> {
  await db.transaction(async (tx) => {
    const before = await selectOperationById(tx, operationId);
    if (!before) throw new NotFoundError('Opération', operationId);
    if (!(await updateConventionTerms(tx, operationId, terms, version))) {
      throw new ConflictError(
        `Les conditions de convention de l'opération « ${before.title} » ont été modifiées par quelqu'un d'autre depuis votre lecture : rechargez-les.`,
        { current: await getOperation(tx, operationId) },
      );
    }
    await recordAudit(tx, {
      actor,
      action: 'operation.convention_terms',
      entity: 'operation',
      entityId: operationId,
      before: before.convention_terms,
      after: terms,
    });
  });
  return getOperation(db, operationId);
}
