/**
 * Amendments (avenants) of signed conventions, stored: proposed with the engine's computation and
 * its budget deltas charged to their lines (the budget guard), then voted by the committee — only
 * then do the convention's lines change (their segments split at the effective date) and the
 * deltas become commitments — or rejected / withdrawn, which releases the charges.
 */
import type { Actor } from '../../kernel/actor.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/dates.ts';
import { ConflictError, DomainError, NotFoundError } from '../../kernel/errors.ts';
import { type Cents, cents } from '../../kernel/money.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import { chargeAmendment, commitAmendment, releaseAmendment } from '../budget/index.ts';
import { domainLine, OperationCache, storedSegments } from './convention-lines.ts';
import {
  type AmendmentRow,
  bumpConventionVersion,
  insertAmendment,
  type LineRecordRow,
  selectAmendment,
  selectAmendmentsOfConvention,
  selectConvention,
  selectLineRecords,
  updateAmendmentDecision,
  updateLineSegments,
} from './conventions.repository.ts';
import { toRecord } from './conventions.service.ts';
import type { AmendmentLineView, AmendmentView, SegmentView } from './conventions.types.ts';
import {
  AMENDMENT_STATE_LABELS,
  type AmendableConvention,
  type Amendment,
  type AmendmentState,
  closeAmendment,
  type LineAmendment,
  type LineChange,
  proposeAmendment as proposeInDomain,
  voteAmendment as voteInDomain,
} from './domain/amendment.ts';
import type { AmountSegment } from './domain/segments.ts';

export interface AmendmentInput {
  effectiveFrom: string;
  changes: readonly {
    conventionLineId: number;
    quantity?: number | null | undefined;
    periodEnd?: string | null | undefined;
    amountCents?: number | null | undefined;
    justification?: string | null | undefined;
  }[];
}

function todayDate(): PlainDate {
  return parsePlainDate(new Date().toISOString().slice(0, 10));
}

function segmentViews(segments: readonly AmountSegment[]): SegmentView[] {
  return segments.map((segment) => ({
    start: segment.period.start,
    end: segment.period.end,
    quantity: segment.quantity,
    amountCents: segment.amount,
  }));
}

function viewOf(
  amendment: Amendment,
  facts: {
    id: number;
    conventionId: number;
    conventionNumber: string;
    rank: number;
    proposedBy: string;
    version: number;
  },
): AmendmentView {
  const lines: AmendmentLineView[] = amendment.lines.map((line) => ({
    conventionLineId: Number(line.lineKey),
    label: line.label,
    budgetLineCode: line.budgetLine,
    amountBeforeCents: line.amountBefore,
    amountAfterCents: line.amountAfter,
    deltaCents: line.delta,
    computedAmountAfterCents: line.computedAmountAfter,
    justification: line.justification,
    explanation: line.explanation,
    segmentsAfter: segmentViews(line.segmentsAfter),
  }));
  return {
    id: facts.id,
    conventionId: facts.conventionId,
    conventionNumber: facts.conventionNumber,
    rank: facts.rank,
    state: amendment.state,
    stateLabel: AMENDMENT_STATE_LABELS[amendment.state],
    effectiveFrom: amendment.effectiveFrom,
    proposedOn: amendment.proposedOn,
    proposedBy: facts.proposedBy,
    amountBeforeCents: amendment.amountBefore,
    amountAfterCents: amendment.amountAfter,
    deltaCents: amendment.delta,
    lines,
    budgetDeltas: amendment.budgetDeltas.map((delta) => ({
      budgetLineCode: delta.budgetLine,
      deltaCents: delta.delta,
    })),
    explanation: amendment.explanation,
    decidedOn: amendment.decidedOn,
    decisionRef: amendment.decisionRef,
    version: facts.version,
  };
}

/** The stored amendment as the domain sees it. */
function amendmentOf(row: AmendmentRow): Amendment {
  return {
    state: row.state as AmendmentState,
    effectiveFrom: row.effective_from as PlainDate,
    proposedOn: row.proposed_on as PlainDate,
    lines: row.lines as LineAmendment[],
    amountBefore: cents(Number(row.amount_before_cents)),
    amountAfter: cents(Number(row.amount_after_cents)),
    delta: cents(Number(row.delta_cents)),
    budgetDeltas: row.budget_deltas as Amendment['budgetDeltas'],
    explanation: row.explanation,
    decidedOn: row.decided_on as PlainDate | null,
    decisionRef: row.decision_ref,
  };
}

function toAmendmentView(row: AmendmentRow): AmendmentView {
  return viewOf(amendmentOf(row), {
    id: Number(row.id),
    conventionId: Number(row.convention_id),
    conventionNumber: row.convention_number,
    rank: Number(row.rank),
    proposedBy: row.proposed_by,
    version: Number(row.version),
  });
}

export async function getAmendment(sql: Sql, id: number): Promise<AmendmentView> {
  const row = await selectAmendment(sql, id);
  if (!row) throw new NotFoundError('Avenant', id);
  return toAmendmentView(row);
}

export async function listAmendments(sql: Sql, conventionId: number): Promise<AmendmentView[]> {
  return (await selectAmendmentsOfConvention(sql, conventionId)).map(toAmendmentView);
}

/** The convention (locked when `lock`) and its lines, as the amendment engine sees them. */
async function amendableConvention(
  sql: Sql,
  conventionId: number,
  lock: boolean,
): Promise<{ convention: AmendableConvention; number: string; version: number; rows: LineRecordRow[] }> {
  const row = await selectConvention(sql, conventionId, { forUpdate: lock });
  if (!row) throw new NotFoundError('Convention', conventionId);
  const rows = await selectLineRecords(sql, { conventionId });
  const operations = new OperationCache(sql);
  const lines = await Promise.all(rows.map((line) => domainLine(line, operations)));
  return {
    convention: { record: toRecord(row), lines },
    number: row.number,
    version: Number(row.version),
    rows,
  };
}

function changesOf(input: AmendmentInput): LineChange[] {
  return input.changes.map((change) => ({
    lineKey: String(change.conventionLineId),
    quantity: change.quantity ?? null,
    periodEnd: change.periodEnd ? parsePlainDate(change.periodEnd, 'periodEnd') : null,
    amount:
      change.amountCents === null || change.amountCents === undefined ? null : cents(change.amountCents),
    justification: change.justification ?? null,
  }));
}

function compute(convention: AmendableConvention, input: AmendmentInput, proposedOn: PlainDate) {
  return proposeInDomain(convention, {
    effectiveFrom: parsePlainDate(input.effectiveFrom, 'effectiveFrom'),
    changes: changesOf(input),
    proposedOn,
  });
}

/** The amendment as it would be proposed today: the engine's computation, nothing stored. */
export async function previewAmendment(
  sql: Sql,
  conventionId: number,
  input: AmendmentInput,
): Promise<AmendmentView> {
  const { convention, number } = await amendableConvention(sql, conventionId, false);
  const { amendment } = compute(convention, input, todayDate());
  const ranks = await selectAmendmentsOfConvention(sql, conventionId);
  return viewOf(amendment, {
    id: 0,
    conventionId,
    conventionNumber: number,
    rank: ranks.length + 1,
    proposedBy: '',
    version: 0,
  });
}

function chargesOf(amendmentId: number, amendment: Amendment, rows: readonly LineRecordRow[]) {
  return amendment.lines.map((line) => {
    const row = rows.find((candidate) => String(candidate.id) === line.lineKey);
    if (!row) throw new Error(`Ligne ${line.lineKey} introuvable.`);
    return {
      amendmentId,
      applicationId: Number(row.application_id),
      callId: Number(row.call_id),
      budgetLineId: Number(row.budget_line_id),
      delta: line.delta as Cents,
      label: `Avenant à la convention ${row.convention_number} : ${row.label}`,
    };
  });
}

/** Proposes an amendment to the committee: stored, its positive deltas charged to the budget lines. */
export function proposeAmendment(
  db: Database,
  actor: Actor,
  conventionId: number,
  input: AmendmentInput,
): Promise<AmendmentView> {
  return db.transaction(async (tx) => {
    const { convention, rows } = await amendableConvention(tx, conventionId, true);
    const pending = (await selectAmendmentsOfConvention(tx, conventionId)).find(
      (row) => row.state === 'proposed',
    );
    if (pending) {
      throw new DomainError(
        'AMENDMENT_ALREADY_PROPOSED',
        `L'avenant n°${pending.rank} est déjà proposé à la commission : attendez son vote ou retirez-le.`,
        { field: 'conventionId', details: { amendmentId: Number(pending.id) } },
      );
    }
    const { amendment, change } = compute(convention, input, todayDate());
    const id = await insertAmendment(tx, {
      conventionId,
      effectiveFrom: amendment.effectiveFrom,
      proposedOn: amendment.proposedOn,
      proposedBy: actor.login,
      amountBefore: amendment.amountBefore,
      amountAfter: amendment.amountAfter,
      delta: amendment.delta,
      lines: amendment.lines,
      budgetDeltas: amendment.budgetDeltas,
      explanation: amendment.explanation,
    });
    await chargeAmendment(tx, chargesOf(id, amendment, rows));
    const view = await getAmendment(tx, id);
    await recordAudit(tx, {
      actor,
      action: 'amendment.propose',
      entity: 'amendment',
      entityId: id,
      before: null,
      after: { ...view, summary: change.summary },
    });
    return view;
  });
}

async function lockAmendment(tx: Sql, id: number, version: number): Promise<AmendmentRow> {
  const row = await selectAmendment(tx, id, { forUpdate: true });
  if (!row) throw new NotFoundError('Avenant', id);
  if (Number(row.version) !== version) {
    throw new ConflictError(`L'avenant n°${row.rank} a été modifié par quelqu'un d'autre : rechargez-le.`, {
      current: toAmendmentView(row),
    });
  }
  return row;
}

/**
 * The committee votes the amendment: the lines take their new segments, the convention its new
 * version, the budget deltas become commitments (reductions give the difference back).
 */
export function voteAmendment(
  db: Database,
  actor: Actor,
  amendmentId: number,
  input: { votedOn: string; decisionRef: string; version: number },
): Promise<AmendmentView> {
  return db.transaction((tx) => voteAmendmentInTransaction(tx, actor, amendmentId, input));
}

/**
 * The vote inside the caller's transaction, so that the payments module can issue, in the same
 * transaction, the recovery orders a reduction below what was already paid calls for.
 */
export async function voteAmendmentInTransaction(
  tx: Sql,
  actor: Actor,
  amendmentId: number,
  input: { votedOn: string; decisionRef: string; version: number },
): Promise<AmendmentView> {
  const votedOn = parsePlainDate(input.votedOn, 'votedOn');
  const row = await lockAmendment(tx, amendmentId, input.version);
  const before = toAmendmentView(row);
  const conventionId = Number(row.convention_id);
  const { convention, rows } = await amendableConvention(tx, conventionId, true);
  const voted = voteInDomain(convention, amendmentOf(row), { votedOn, decisionRef: input.decisionRef });
  for (const line of voted.amendment.lines) {
    await updateLineSegments(tx, Number(line.lineKey), storedSegments(line.segmentsAfter));
  }
  await bumpConventionVersion(tx, conventionId);
  await commitAmendment(tx, amendmentId, votedOn, chargesOf(amendmentId, voted.amendment, rows));
  await updateAmendmentDecision(tx, amendmentId, {
    state: 'voted',
    decidedOn: votedOn,
    decisionRef: input.decisionRef.trim(),
  });
  const after = await getAmendment(tx, amendmentId);
  await recordAudit(tx, {
    actor,
    action: 'amendment.vote',
    entity: 'amendment',
    entityId: amendmentId,
    before,
    after: { ...after, summary: voted.change.summary },
  });
  return after;
}

/**
 * A convention that ends (terminated) drops the amendment still awaiting its vote: withdrawn with
 * the reason given, its budget charges released. Nothing happens without one.
 */
export async function withdrawPendingAmendment(
  tx: Sql,
  actor: Actor,
  conventionId: number,
  input: { on: PlainDate; reason: string },
): Promise<void> {
  const pending = (await selectAmendmentsOfConvention(tx, conventionId)).find(
    (row) => row.state === 'proposed',
  );
  if (!pending) return;
  await closeInTransaction(tx, actor, Number(pending.id), {
    to: 'withdrawn',
    on: input.on,
    decisionRef: input.reason,
    version: Number(pending.version),
  });
}

/** The committee rejects the amendment, or it is withdrawn: its budget charges are released. */
export function closeProposedAmendment(
  db: Database,
  actor: Actor,
  amendmentId: number,
  input: { to: 'rejected' | 'withdrawn'; on: string; decisionRef: string; version: number },
): Promise<AmendmentView> {
  const on = parsePlainDate(input.on, 'on');
  return db.transaction((tx) => closeInTransaction(tx, actor, amendmentId, { ...input, on }));
}

async function closeInTransaction(
  tx: Sql,
  actor: Actor,
  amendmentId: number,
  input: { to: 'rejected' | 'withdrawn'; on: PlainDate; decisionRef: string; version: number },
): Promise<AmendmentView> {
  const { on } = input;
  const row = await lockAmendment(tx, amendmentId, input.version);
  const before = toAmendmentView(row);
  const closed = closeAmendment(amendmentOf(row), { to: input.to, on, decisionRef: input.decisionRef });
  await releaseAmendment(tx, amendmentId);
  await updateAmendmentDecision(tx, amendmentId, {
    state: input.to,
    decidedOn: on,
    decisionRef: input.decisionRef.trim(),
  });
  const after = await getAmendment(tx, amendmentId);
  await recordAudit(tx, {
    actor,
    action: `amendment.${closed.change.action}`,
    entity: 'amendment',
    entityId: amendmentId,
    before,
    after: { ...after, summary: closed.change.summary },
  });
  return after;
}
