/**
 * Conventions: one per structure per session of the Commission Permanente, numbered in a yearly
 * sequence ("2023-0001"). A number once given is kept: generating the package again reuses it.
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../../kernel/actor.ts';
import { type PlainDate, parsePlainDate } from '../../kernel/dates.ts';
import { ConflictError, DomainError, NotFoundError } from '../../kernel/errors.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import {
  type ConventionRow,
  insertConvention,
  insertConventionFile,
  insertConventionLinesOfSession,
  lockLineRow,
  nextSequence,
  selectConvention,
  selectConventionNumbers,
  selectSignedFile,
  selectSignedFileInfo,
  updateConventionState,
} from './conventions.repository.ts';
import {
  CONVENTION_STATES,
  type ConventionRecord,
  type ConventionState,
  type ConventionTransition,
  enterIntoForce,
  recordSignature,
  returnToDraft,
  sendForSignature,
  type Termination,
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
  inForceFrom: PlainDate | null;
  closedOn: PlainDate | null;
  termination: Termination | null;
  version: number;
}

export function toView(row: ConventionRow): ConventionView {
  return {
    id: Number(row.id),
    sessionId: Number(row.session_id),
    structureId: Number(row.structure_id),
    number: row.number,
    state: row.state as ConventionState,
    sentForSignatureOn: row.sent_for_signature_on as PlainDate | null,
    signedOn: row.signed_on as PlainDate | null,
    signedDocumentSha256: row.signed_document_sha256,
    inForceFrom: row.in_force_from as PlainDate | null,
    closedOn: row.closed_on as PlainDate | null,
    termination: (row.termination ?? null) as Termination | null,
    version: Number(row.version),
  };
}

export async function getConvention(sql: Sql, id: number): Promise<ConventionView> {
  const row = await selectConvention(sql, id);
  if (!row) throw new NotFoundError('Convention', id);
  return toView(row);
}

function todayDate(): PlainDate {
  return parsePlainDate(new Date().toISOString().slice(0, 10));
}

/** The stored convention as the lifecycle sees it. */
export function toRecord(row: ConventionRow): ConventionRecord {
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
    inForceFrom: row.in_force_from as PlainDate | null,
    closedOn: row.closed_on as PlainDate | null,
    termination: (row.termination ?? null) as Termination | null,
  };
}

/**
 * Inside the caller's transaction: locks the convention, checks the version read, applies the
 * change, stores and audits it. `before` lets the caller read what the change needs (the ledger of
 * the lines before a closing) once the row is locked.
 */
export async function changeConventionInTransaction(
  tx: Sql,
  actor: Actor,
  conventionId: number,
  version: number,
  change: (record: ConventionRecord) => ConventionTransition | Promise<ConventionTransition>,
): Promise<{ view: ConventionView; transition: ConventionTransition }> {
  const row = await selectConvention(tx, conventionId, { forUpdate: true });
  if (!row) throw new NotFoundError('Convention', conventionId);
  const before = toView(row);
  if (before.version !== version) {
    throw new ConflictError(
      `La convention ${row.number} a été modifiée par quelqu'un d'autre : rechargez-la.`,
      {
        current: before,
      },
    );
  }
  const transition = await change(toRecord(row));
  await updateConventionState(tx, conventionId, {
    state: transition.after.state,
    sentForSignatureOn: transition.after.sentForSignatureOn,
    signedOn: transition.after.signature?.signedOn ?? null,
    signedDocumentSha256: transition.after.signature?.signedDocument ?? null,
    inForceFrom: transition.after.inForceFrom,
    closedOn: transition.after.closedOn,
    termination: transition.after.termination,
  });
  const view = await getConvention(tx, conventionId);
  await recordAudit(tx, {
    actor,
    action: `convention.${transition.change.action}`,
    entity: 'convention',
    entityId: conventionId,
    before,
    after: { ...view, summary: transition.change.summary },
  });
  return { view, transition };
}

async function changeConvention(
  db: Database,
  actor: Actor,
  conventionId: number,
  version: number,
  change: (record: ConventionRecord) => ConventionTransition,
): Promise<ConventionView> {
  return db.transaction(
    async (tx) => (await changeConventionInTransaction(tx, actor, conventionId, version, change)).view,
  );
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

/** Largest signed PDF accepted (the route's body limit follows it). */
export const SIGNED_DOCUMENT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Records the signature with the signed PDF itself: the file is stored and its sha-256 kept on the
 * convention, in the transaction of the change of state.
 */
export function signConvention(
  db: Database,
  actor: Actor,
  conventionId: number,
  input: { signedOn: string | null; version: number; fileName: string; content: Buffer },
): Promise<ConventionView> {
  const signedOn = input.signedOn === null ? null : parsePlainDate(input.signedOn, 'signedOn');
  if (input.content.length === 0 || input.content.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new DomainError('SIGNED_DOCUMENT_NOT_PDF', 'Le document signé doit être un fichier PDF.', {
      field: 'contentBase64',
    });
  }
  if (input.content.length > SIGNED_DOCUMENT_MAX_BYTES) {
    throw new DomainError(
      'SIGNED_DOCUMENT_TOO_LARGE',
      `Le document signé dépasse ${SIGNED_DOCUMENT_MAX_BYTES / 1024 / 1024} Mio.`,
      { field: 'contentBase64' },
    );
  }
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const fileName =
    [...input.fileName.trim()]
      .map((char) => (char < ' ' || char === '/' || char === '\\' ? '_' : char))
      .join('') || 'convention-signee.pdf';
  return db.transaction(async (tx) => {
    const { view } = await changeConventionInTransaction(tx, actor, conventionId, input.version, (record) =>
      recordSignature(record, { signedOn, signedDocument: sha256, today: todayDate() }),
    );
    await insertConventionFile(tx, {
      conventionId,
      fileName,
      mediaType: 'application/pdf',
      sha256,
      content: input.content,
      uploadedBy: actor.login,
    });
    return view;
  });
}

/** The signed PDF of a convention, as uploaded. */
export async function readSignedDocument(
  sql: Sql,
  conventionId: number,
): Promise<{ fileName: string; mediaType: string; content: Buffer } | undefined> {
  const row = await selectSignedFile(sql, conventionId);
  if (!row) return undefined;
  return {
    fileName: row.file_name,
    mediaType: row.media_type,
    content: Buffer.from(row.content_base64, 'base64'),
  };
}

export async function signedDocumentInfo(
  sql: Sql,
  conventionId: number,
): Promise<{ fileName: string; sha256: string; sizeBytes: number; uploadedBy: string } | null> {
  const row = await selectSignedFileInfo(sql, conventionId);
  return row
    ? {
        fileName: row.file_name,
        sha256: row.sha256,
        sizeBytes: Number(row.size_bytes),
        uploadedBy: row.uploaded_by,
      }
    : null;
}

/** Back to preparation before anyone signed (a correction to make), with the reason. */
export function returnConventionToDraft(
  db: Database,
  actor: Actor,
  conventionId: number,
  input: { on: string; reason: string; version: number },
): Promise<ConventionView> {
  const on = parsePlainDate(input.on, 'on');
  return changeConvention(db, actor, conventionId, input.version, (record) =>
    returnToDraft(record, { on, reason: input.reason }),
  );
}

/** The convention applies from the start of its period or its signature, the later (lifecycle). */
export function enterConventionIntoForce(
  db: Database,
  actor: Actor,
  conventionId: number,
  input: { on: string; version: number },
): Promise<ConventionView> {
  const on = parsePlainDate(input.on, 'on');
  return changeConvention(db, actor, conventionId, input.version, (record) => enterIntoForce(record, { on }));
}

/**
 * Locks a convention line until the end of the transaction, so that the changes of its money
 * (payments, bilan, recovery orders) are checked one after the other.
 */
export async function lockConventionLine(tx: Sql, id: number): Promise<void> {
  if (!(await lockLineRow(tx, id))) throw new NotFoundError('Ligne de convention', id);
}
