/**
 * Conventions: one per structure per session of the Commission Permanente, numbered in a yearly
 * sequence ("2023-0001"). A number once given is kept: generating the package again reuses it.
 */
import type { Actor } from '../../kernel/actor.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/dates.ts';
import { ConflictError, DomainError, NotFoundError } from '../../kernel/errors.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import {
  type ConventionRow,
  insertConvention,
  insertConventionLinesOfSession,
  nextSequence,
  selectConvention,
  selectConventionLine,
  selectConventionNumbers,
  updateConventionState,
} from './conventions.repository.ts';
import {
  CONVENTION_STATES,
  type ConventionRecord,
  type ConventionState,
  type ConventionTransition,
  recordSignature,
  sendForSignature,
} from './domain/lifecycle.ts';

export function conventionNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(4, '0')}`;
}

/** The numbers already given to the conventions of a session, by structure id. */
export function conventionNumbersOfSession(sql: Sql, sessionId: number): Promise<Map<number, string>> {
  return selectConventionNumbers(sql, sessionId);
}

/**
 * Gives a number to each structure of the session that has none yet, in the order given; returns
 * every structure's number. Call it inside the transaction that stores the documents.
 */
export async function assignConventionNumbers(
  tx: Sql,
  session: { id: number; year: number },
  structureIds: readonly number[],
): Promise<Map<number, string>> {
  const numbers = await selectConventionNumbers(tx, session.id);
  for (const structureId of structureIds) {
    if (numbers.has(structureId)) continue;
    const sequence = await nextSequence(tx, session.year);
    const number = conventionNumber(session.year, sequence);
    await insertConvention(tx, { sessionId: session.id, structureId, year: session.year, sequence, number });
    numbers.set(structureId, number);
  }
  return numbers;
}

/**
 * Creates the lines of the session's conventions from their applications (see
 * `insertConventionLinesOfSession`); lines already created are kept. Returns how many were added.
 * Call it in the transaction that numbers the conventions.
 */
export function createConventionLines(tx: Sql, sessionId: number): Promise<number> {
  return insertConventionLinesOfSession(tx, sessionId);
}

export interface ConventionView {
  id: number;
  sessionId: number;
  structureId: number;
  number: string;
  state: ConventionState;
  sentForSignatureOn: PlainDate | null;
  signedOn: PlainDate | null;
  signedDocumentSha256: string | null;
  version: number;
}

function toView(row: ConventionRow): ConventionView {
  return {
    id: Number(row.id),
    sessionId: Number(row.session_id),
    structureId: Number(row.structure_id),
    number: row.number,
    state: row.state as ConventionState,
    sentForSignatureOn: row.sent_for_signature_on as PlainDate | null,
    signedOn: row.signed_on as PlainDate | null,
    signedDocumentSha256: row.signed_document_sha256,
    version: Number(row.version),
  };
}

export async function getConvention(sql: Sql, id: number): Promise<ConventionView> {
  const row = await selectConvention(sql, id);
  if (!row) throw new NotFoundError('Convention', id);
  return toView(row);
}

/** The state of a convention, for the modules that depend on it (payments). */
export async function conventionState(sql: Sql, id: number): Promise<ConventionState> {
  return (await getConvention(sql, id)).state;
}

function todayDate(): PlainDate {
  return parsePlainDate(new Date().toISOString().slice(0, 10));
}

/** The stored convention as the lifecycle sees it. */
function toRecord(row: ConventionRow): ConventionRecord {
  if (!CONVENTION_STATES.includes(row.state as ConventionState)) {
    throw new DomainError('CONVENTION_STATE_UNKNOWN', `État de convention inconnu : ${row.state}.`);
  }
  if (row.period_start === null || row.period_end === null) {
    throw new DomainError(
      'CONVENTION_WITHOUT_LINE',
      `La convention ${row.number} ne compte aucune ligne : créez d'abord ses lignes.`,
      { field: 'conventionId' },
    );
  }
  return {
    state: row.state as ConventionState,
    period: { start: row.period_start as PlainDate, end: row.period_end as PlainDate },
    sentForSignatureOn: row.sent_for_signature_on as PlainDate | null,
    signature:
      row.signed_on !== null && row.signed_document_sha256 !== null
        ? { signedOn: row.signed_on as PlainDate, signedDocument: row.signed_document_sha256 }
        : null,
    inForceFrom: null,
    closedOn: null,
    termination: null,
  };
}

/** Locks the convention, checks the version read, applies the change, stores and audits it. */
async function changeConvention(
  db: Database,
  actor: Actor,
  conventionId: number,
  version: number,
  change: (record: ConventionRecord) => ConventionTransition,
): Promise<ConventionView> {
  return db.transaction(async (tx) => {
    const row = await selectConvention(tx, conventionId, { forUpdate: true });
    if (!row) throw new NotFoundError('Convention', conventionId);
    const before = toView(row);
    if (before.version !== version) {
      throw new ConflictError(
        `La convention ${row.number} a été modifiée par quelqu'un d'autre : rechargez-la.`,
        { current: before },
      );
    }
    const transition = change(toRecord(row));
    await updateConventionState(tx, conventionId, {
      state: transition.after.state,
      sentForSignatureOn: transition.after.sentForSignatureOn,
      signedOn: transition.after.signature?.signedOn ?? null,
      signedDocumentSha256: transition.after.signature?.signedDocument ?? null,
    });
    const after = await getConvention(tx, conventionId);
    await recordAudit(tx, {
      actor,
      action: `convention.${transition.change.action}`,
      entity: 'convention',
      entityId: conventionId,
      before,
      after: { ...after, summary: transition.change.summary },
    });
    return after;
  });
}

export function sendConventionForSignature(
  db: Database,
  actor: Actor,
  conventionId: number,
  input: { on: string; version: number },
): Promise<ConventionView> {
  const on = parsePlainDate(input.on, 'on');
  return changeConvention(db, actor, conventionId, input.version, (record) =>
    sendForSignature(record, { on }),
  );
}

/**
 * Records the signature of a convention sent for signature: its date and the sha-256 of the signed
 * PDF (lowercase hexadecimal), checked by the lifecycle (date required, not before the sending
 * nor in the future).
 */
export function recordConventionSignature(
  db: Database,
  actor: Actor,
  conventionId: number,
  input: { signedOn: string | null; documentSha256: string | null; version: number },
): Promise<ConventionView> {
  const signedOn = input.signedOn === null ? null : parsePlainDate(input.signedOn, 'signedOn');
  const sha = input.documentSha256?.trim().toLowerCase() ?? null;
  if (sha !== null && sha !== '' && !/^[0-9a-f]{64}$/.test(sha)) {
    throw new DomainError(
      'SIGNED_DOCUMENT_HASH_INVALID',
      "L'empreinte du document signé doit être un sha-256 (64 caractères hexadécimaux).",
      { field: 'documentSha256' },
    );
  }
  return changeConvention(db, actor, conventionId, input.version, (record) =>
    recordSignature(record, { signedOn, signedDocument: sha, today: todayDate() }),
  );
}

export interface ConventionLineView {
  id: number;
  conventionId: number;
  conventionNumber: string;
  conventionState: ConventionState;
  structureId: number;
  applicationId: number;
  operationId: number;
  budgetLineCode: string;
  amountCents: number;
  /** The operation's advance at signature (its convention terms), as a percentage; null without one. */
  advancePercent: number | null;
}

/**
 * A convention line with its convention's state; `lock` takes the line's row lock until the end of
 * the transaction, so that requests on one line (payments) are checked one after the other.
 */
export async function getConventionLine(
  sql: Sql,
  id: number,
  options?: { lock?: boolean },
): Promise<ConventionLineView> {
  const row = await selectConventionLine(sql, id, { forUpdate: options?.lock ?? false });
  if (!row) throw new NotFoundError('Ligne de convention', id);
  const advance = row.convention_terms?.advancePercent;
  return {
    id: Number(row.id),
    conventionId: Number(row.convention_id),
    conventionNumber: row.convention_number,
    conventionState: row.convention_state as ConventionState,
    structureId: Number(row.structure_id),
    applicationId: Number(row.application_id),
    operationId: Number(row.operation_id),
    budgetLineCode: row.budget_line_code,
    amountCents: Number(row.amount_cents),
    advancePercent: typeof advance === 'number' ? advance : null,
  };
}
