/**
 * Conventions written for people: their states and those of payments, recovery orders and
 * amendments with a badge tone, the kinds and grounds of a termination (from the server's pure
 * domain, so that the labels are the ones the server writes), and the small tools of the forms:
 * today's date, a typed date, an idempotency key, a PDF read as base64.
 */

import { isPlainDate } from '../../../../src/kernel/dates.ts';
import { AMENDMENT_STATE_LABELS } from '../../../../src/modules/conventions/domain/amendment.ts';
import {
  CONVENTION_STATE_LABELS,
  CONVENTION_STATES,
  TERMINATION_GROUND_LABELS,
  TERMINATION_KIND_LABELS,
  terminationEffectiveDate,
} from '../../../../src/modules/conventions/domain/lifecycle.ts';
import { PAYMENT_STATE_LABELS, PAYMENT_STATES } from '../../../../src/modules/payments/domain/payment.ts';
import { formatDate, parseDateInput } from '../../shared/format.ts';
import { formatSize } from '../committee/committee-format.ts';
import type {
  AmendmentState,
  ConventionState,
  DepartementTerminationGround,
  LedgerFiguresView,
  PaymentView,
  RecoveryOrderView,
  TerminationKind,
} from './types.ts';

export {
  AMENDMENT_STATE_LABELS,
  CONVENTION_STATE_LABELS,
  CONVENTION_STATES,
  formatSize,
  PAYMENT_STATE_LABELS,
  PAYMENT_STATES,
  TERMINATION_GROUND_LABELS,
  TERMINATION_KIND_LABELS,
};

export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'error';

export const CONVENTION_STATE_TONES: Record<ConventionState, Tone> = {
  draft: 'neutral',
  sent_for_signature: 'info',
  signed: 'info',
  in_force: 'success',
  closed: 'neutral',
  terminated: 'error',
};

export const PAYMENT_STATE_TONES: Record<PaymentView['state'], Tone> = {
  requested: 'info',
  validated: 'success',
  sent: 'success',
  paid: 'success',
  cancelled: 'neutral',
};

export const RECOVERY_STATE_TONES: Record<RecoveryOrderView['state'], Tone> = {
  issued: 'warning',
  collected: 'success',
  cancelled: 'neutral',
};

export const AMENDMENT_STATE_TONES: Record<AmendmentState, Tone> = {
  proposed: 'info',
  voted: 'success',
  rejected: 'error',
  withdrawn: 'neutral',
};

export const TERMINATION_KINDS = Object.keys(TERMINATION_KIND_LABELS) as TerminationKind[];
export const TERMINATION_GROUNDS = Object.keys(TERMINATION_GROUND_LABELS) as DepartementTerminationGround[];

/** The convention's address in the app. */
export function conventionPath(id: number): string {
  return `/conventions/${id}`;
}

/** Today in Paris, as the forms show a date: "26/06/2023". */
export function todayText(): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date());
  return parts;
}

/** A date typed JJ/MM/AAAA, required: the plain date, or the message to show beside the field. */
export function requiredDate(text: string, what: string): { value: string | null; error?: string } {
  if (text.trim() === '') return { value: null, error: `Indiquez ${what} (JJ/MM/AAAA).` };
  const parsed = parseDateInput(text, what.replace(/^l[ae] /, ''));
  return parsed.ok ? { value: parsed.value } : { value: null, error: parsed.message };
}

/** A date typed JJ/MM/AAAA, optional. */
export function optionalDate(text: string, what: string): { value: string | null; error?: string } {
  const parsed = parseDateInput(text, what);
  return parsed.ok ? { value: parsed.value } : { value: null, error: parsed.message };
}

/**
 * A new idempotency key for one intent of the user. crypto.randomUUID needs a secure context (HTTPS
 * or this machine); getRandomValues works everywhere.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What the effective date of a termination will be, as the form explains it. */
export function terminationPreview(kind: TerminationKind, receivedOn: string): string | null {
  if (!isPlainDate(receivedOn)) return null;
  const effective = terminationEffectiveDate(kind, receivedOn);
  if (kind === 'inaccurate_declaration') {
    return `Résiliation sans préavis : elle prend effet le jour de la réception de la notification, le ${formatDate(effective)}.`;
  }
  return `Notification reçue le ${formatDate(receivedOn)} : le mois franc court sans compter ce jour ni celui de l’échéance ; la résiliation prend effet le ${formatDate(effective)} (la convention s’applique jusqu’à la veille).`;
}

/** The largest signed PDF the server accepts. */
export const MAX_PDF_BYTES = 20 * 1024 * 1024;

export interface PdfFile {
  fileName: string;
  contentBase64: string;
  sizeBytes: number;
}

/** Reads a chosen file as a PDF for the API, or says why it cannot be sent. */
export async function readPdf(
  file: File,
): Promise<{ ok: true; pdf: PdfFile } | { ok: false; message: string }> {
  if (file.size === 0) return { ok: false, message: 'Le fichier choisi est vide.' };
  if (file.size > MAX_PDF_BYTES) {
    return {
      ok: false,
      message: `Le fichier fait ${formatSize(file.size)} : la convention signée ne doit pas dépasser 20 Mo.`,
    };
  }
  const head = new Uint8Array(await file.slice(0, 5).arrayBuffer());
  if (String.fromCharCode(...head) !== '%PDF-') {
    return { ok: false, message: `« ${file.name} » n’est pas un PDF : déposez la convention signée en PDF.` };
  }
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('lecture impossible'));
    reader.readAsDataURL(file);
  });
  const comma = dataUrl.indexOf(',');
  return {
    ok: true,
    pdf: { fileName: file.name, contentBase64: dataUrl.slice(comma + 1), sizeBytes: file.size },
  };
}

/** The figures of a ledger, in the order the tables show them, with what each means. */
export const LEDGER_FIGURES: readonly { key: keyof LedgerFiguresView; label: string; hint: string }[] = [
  { key: 'votedCents', label: 'Voté', hint: 'montant en vigueur, après les avenants votés' },
  { key: 'committedCents', label: 'Engagé', hint: 'ce que la ligne budgétaire réserve' },
  { key: 'dueCents', label: 'Dû', hint: 'voté, plafonné par le bilan ou la résiliation' },
  { key: 'paidCents', label: 'Payé', hint: 'versements payés' },
  { key: 'inFlightCents', label: 'En cours', hint: 'versements validés ou transmis' },
  { key: 'recoveredCents', label: 'Recouvré', hint: 'titres de recettes émis ou recouvrés' },
  { key: 'netPaidCents', label: 'Versé net', hint: 'payé − recouvré' },
  { key: 'remainingCents', label: 'Reste à verser', hint: 'dû − versé net − en cours' },
  { key: 'toRecoverCents', label: 'À recouvrer', hint: 'versé net au-delà du dû' },
  { key: 'releasableCents', label: 'Libérable', hint: 'engagement qui n’est plus nécessaire' },
];
