/**
 * The life of a convention after the committee's vote (convention type, annexe 4 of délibération
 * n°2023-259): drafted, sent for signature, signed (date and signed document), in force, then
 * closed once its money is settled, or terminated (article 10).
 *
 * Every function takes the convention as it is and the facts of the change, refuses a change the
 * convention does not allow with a DomainError (stable code, French message), and otherwise returns
 * the convention after the change together with the change itself, so that the service can store
 * both and append the change to the audit trail in one transaction. Nothing here reads the clock:
 * "today" is given by the caller.
 */
import {
  addDays,
  compareDates,
  dateParts,
  daysInMonth,
  formatFrenchDate,
  type Period,
  type PlainDate,
  plainDate,
} from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';

// ---------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------

export type ConventionState =
  | 'draft'
  | 'sent_for_signature'
  | 'signed'
  | 'in_force'
  | 'closed'
  | 'terminated';

export const CONVENTION_STATES: readonly ConventionState[] = [
  'draft',
  'sent_for_signature',
  'signed',
  'in_force',
  'closed',
  'terminated',
];

export const CONVENTION_STATE_LABELS: Record<ConventionState, string> = {
  draft: 'En préparation',
  sent_for_signature: 'Envoyée pour signature',
  signed: 'Signée',
  in_force: 'En vigueur',
  closed: 'Close',
  terminated: 'Résiliée',
};

const TRANSITIONS: Record<ConventionState, readonly ConventionState[]> = {
  draft: ['sent_for_signature'],
  // Sent back for a correction before anyone signed it.
  sent_for_signature: ['signed', 'draft'],
  signed: ['in_force', 'terminated'],
  in_force: ['closed', 'terminated'],
  closed: [],
  terminated: [],
};

export function allowedConventionTransitions(from: ConventionState): readonly ConventionState[] {
  return TRANSITIONS[from];
}

export function assertConventionTransition(from: ConventionState, to: ConventionState): void {
  if (TRANSITIONS[from].includes(to)) return;
  const allowed = TRANSITIONS[from].map((state) => `« ${CONVENTION_STATE_LABELS[state]} »`).join(', ');
  throw new DomainError(
    'CONVENTION_TRANSITION_NOT_ALLOWED',
    `Une convention « ${CONVENTION_STATE_LABELS[from]} » ne peut pas passer à « ${CONVENTION_STATE_LABELS[to]} »${allowed ? ` (possible : ${allowed})` : ' (état final)'}.`,
    { field: 'state', details: { from, to } },
  );
}

/** Signed and not ended: the states in which the convention binds both parties (amendments, advances). */
export function isBinding(state: ConventionState): boolean {
  return state === 'signed' || state === 'in_force';
}

// ---------------------------------------------------------------------------------------------
// The record
// ---------------------------------------------------------------------------------------------

/**
 * Résiliation (article 10): by the département (mission not carried out as agreed, funds not used
 * for their purpose, control refused), at the structure's request (it abandons its project), or
 * without notice after an inaccurate declaration.
 */
export type TerminationKind = 'by_departement' | 'at_structure_request' | 'inaccurate_declaration';

export const TERMINATION_KIND_LABELS: Record<TerminationKind, string> = {
  by_departement: 'Résiliation unilatérale par le Département',
  at_structure_request: "Résiliation à la demande de l'organisme",
  inaccurate_declaration: 'Résiliation sans préavis pour déclaration inexacte',
};

export type DepartementTerminationGround = 'mission_not_carried_out' | 'funds_misused' | 'control_refused';

export const TERMINATION_GROUND_LABELS: Record<DepartementTerminationGround, string> = {
  mission_not_carried_out: 'mission non exécutée dans les conditions prévues à la convention',
  funds_misused: "utilisation des fonds non conforme à l'objet de la convention",
  control_refused: 'refus de se soumettre aux contrôles',
};

export interface Termination {
  kind: TerminationKind;
  /** Only for a termination by the département. */
  ground: DepartementTerminationGround | null;
  /** The day the registered letter with acknowledgement of receipt was received. */
  notificationReceivedOn: PlainDate;
  /** "Les dirigeants de l'organisme sont entendus préalablement" (termination by the département). */
  leadersHeardOn: PlainDate | null;
  /** The first day on which the convention no longer applies. */
  effectiveOn: PlainDate;
  /** The last day of the operation actually carried out under the convention (the day before). */
  lastDayInForce: PlainDate;
}

export interface Signature {
  signedOn: PlainDate;
  /** Reference of the signed PDF in the document store. */
  signedDocument: string;
}

export interface ConventionRecord {
  state: ConventionState;
  /** "La présente convention s'applique sur la période du … au … inclus" (article 3). */
  period: Period;
  sentForSignatureOn: PlainDate | null;
  signature: Signature | null;
  inForceFrom: PlainDate | null;
  closedOn: PlainDate | null;
  termination: Termination | null;
}

export type ConventionAction =
  | 'send_for_signature'
  | 'return_to_draft'
  | 'sign'
  | 'enter_into_force'
  | 'close'
  | 'terminate';

/** What changed, for the audit trail and the convention's history. */
export interface ConventionStateChange {
  action: ConventionAction;
  from: ConventionState;
  to: ConventionState;
  /** The date of the fact (signature, receipt of the notification…), not of its recording. */
  on: PlainDate;
  /** A French sentence for the history ("Convention signée le 12/06/2023"). */
  summary: string;
}

export interface ConventionTransition {
  before: ConventionRecord;
  after: ConventionRecord;
  change: ConventionStateChange;
}

/** A convention as drafted after the vote, for the period the deliberation gives it. */
export function draftConvention(period: Period): ConventionRecord {
  if (period.end < period.start) {
    throw new DomainError(
      'PERIOD_END_BEFORE_START',
      `La fin de période (${formatFrenchDate(period.end)}) précède son début (${formatFrenchDate(period.start)}).`,
      { field: 'period' },
    );
  }
  return {
    state: 'draft',
    period,
    sentForSignatureOn: null,
    signature: null,
    inForceFrom: null,
    closedOn: null,
    termination: null,
  };
}

function transition(
  before: ConventionRecord,
  to: ConventionState,
  action: ConventionAction,
  on: PlainDate,
  summary: string,
  patch: Partial<ConventionRecord>,
): ConventionTransition {
  return {
    before,
    after: { ...before, ...patch, state: to },
    change: { action, from: before.state, to, on, summary },
  };
}

function refuse(code: string, message: string, field: string): never {
  throw new DomainError(code, message, { field });
}

function requireDate(
  value: PlainDate | null | undefined,
  code: string,
  message: string,
  field: string,
): PlainDate {
  if (value === null || value === undefined) refuse(code, message, field);
  return value;
}

function refuseFuture(date: PlainDate, today: PlainDate, what: string, field: string): void {
  if (date > today) {
    refuse(
      'DATE_IN_FUTURE',
      `${what} (${formatFrenchDate(date)}) ne peut pas être postérieure à aujourd'hui (${formatFrenchDate(today)}).`,
      field,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Signature and entry into force
// ---------------------------------------------------------------------------------------------

export function sendForSignature(
  convention: ConventionRecord,
  options: { on: PlainDate },
): ConventionTransition {
  assertConventionTransition(convention.state, 'sent_for_signature');
  return transition(
    convention,
    'sent_for_signature',
    'send_for_signature',
    options.on,
    `Convention envoyée pour signature le ${formatFrenchDate(options.on)}`,
    { sentForSignatureOn: options.on },
  );
}

/** Back to preparation for a correction: nobody has signed yet. The reason is kept in the history. */
export function returnToDraft(
  convention: ConventionRecord,
  options: { on: PlainDate; reason: string },
): ConventionTransition {
  assertConventionTransition(convention.state, 'draft');
  if (options.reason.trim() === '') {
    refuse('REASON_MISSING', 'Indiquez pourquoi la convention revient en préparation.', 'reason');
  }
  return transition(
    convention,
    'draft',
    'return_to_draft',
    options.on,
    `Convention revenue en préparation le ${formatFrenchDate(options.on)} : ${options.reason.trim()}`,
    { sentForSignatureOn: null },
  );
}

/**
 * Records the signature: the date and the signed PDF are both required, the date cannot precede
 * the sending for signature nor be in the future.
 */
export function recordSignature(
  convention: ConventionRecord,
  options: {
    signedOn: PlainDate | null | undefined;
    signedDocument: string | null | undefined;
    today: PlainDate;
  },
): ConventionTransition {
  assertConventionTransition(convention.state, 'signed');
  const signedOn = requireDate(
    options.signedOn,
    'SIGNATURE_DATE_MISSING',
    'La date de signature est obligatoire.',
    'signedOn',
  );
  const signedDocument = options.signedDocument?.trim() ?? '';
  if (signedDocument === '') {
    refuse(
      'SIGNED_DOCUMENT_MISSING',
      'Déposez la convention signée (PDF) avant de la déclarer signée.',
      'signedDocument',
    );
  }
  if (convention.sentForSignatureOn !== null && signedOn < convention.sentForSignatureOn) {
    refuse(
      'SIGNATURE_BEFORE_SENDING',
      `La date de signature (${formatFrenchDate(signedOn)}) précède l'envoi pour signature (${formatFrenchDate(convention.sentForSignatureOn)}).`,
      'signedOn',
    );
  }
  refuseFuture(signedOn, options.today, 'La date de signature', 'signedOn');
  return transition(
    convention,
    'signed',
    'sign',
    signedOn,
    `Convention signée le ${formatFrenchDate(signedOn)}`,
    {
      signature: { signedOn, signedDocument },
    },
  );
}

/**
 * A signed convention applies from the start of its period, or from its signature when it is signed
 * later (the later of the two). Conventions are often signed after the start of their period, which
 * the funding still covers.
 */
export function entryIntoForceDate(convention: ConventionRecord): PlainDate | null {
  if (convention.signature === null) return null;
  const { signedOn } = convention.signature;
  return compareDates(signedOn, convention.period.start) > 0 ? signedOn : convention.period.start;
}

export function enterIntoForce(
  convention: ConventionRecord,
  options: { on: PlainDate },
): ConventionTransition {
  assertConventionTransition(convention.state, 'in_force');
  const from = entryIntoForceDate(convention);
  if (from === null || options.on < from) {
    refuse(
      'CONVENTION_NOT_YET_IN_FORCE',
      `La convention n'entre en vigueur que le ${from === null ? '(date inconnue)' : formatFrenchDate(from)} (début de sa période ou signature).`,
      'on',
    );
  }
  return transition(
    convention,
    'in_force',
    'enter_into_force',
    from,
    `Convention en vigueur depuis le ${formatFrenchDate(from)}`,
    { inForceFrom: from },
  );
}

/**
 * Closes a convention whose period is over and whose money is settled: the balance paid, or the
 * recovery order issued ("le versement de ce solde pour la régularisation libérera le Département
 * de toutes obligations financières", article 5). The payments module says whether it is settled.
 */
export function closeConvention(
  convention: ConventionRecord,
  options: { on: PlainDate; isSettled: boolean },
): ConventionTransition {
  assertConventionTransition(convention.state, 'closed');
  if (options.on <= convention.period.end) {
    refuse(
      'CONVENTION_PERIOD_NOT_OVER',
      `La convention court jusqu'au ${formatFrenchDate(convention.period.end)} : elle ne peut être close qu'après.`,
      'on',
    );
  }
  if (!options.isSettled) {
    refuse(
      'CONVENTION_NOT_SETTLED',
      "La convention ne peut être close qu'une fois le solde versé ou le titre de recettes émis.",
      'on',
    );
  }
  return transition(
    convention,
    'closed',
    'close',
    options.on,
    `Convention close le ${formatFrenchDate(options.on)}`,
    {
      closedOn: options.on,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Termination (article 10)
// ---------------------------------------------------------------------------------------------

/**
 * "La résiliation prend effet un mois franc après la réception de sa notification" (article 10).
 *
 * A délai franc counts neither the day of the event that starts it nor the day on which it falls
 * due (code de procédure civile, articles 641 and 642, the rule the administrative courts apply to
 * délais francs). A delay of one month starting on the day of receipt falls due on the day of the
 * next month bearing the same number, or on the last day of that month when it has no such day
 * (art. 641); that day does not count either, so the termination takes effect the day after:
 *
 *   received 15/03/2023 → falls due 15/04/2023 → takes effect 16/04/2023
 *   received 31/01/2023 → falls due 28/02/2023 → takes effect 01/03/2023 (28/01 to 31/01 alike)
 *   received 31/01/2024 → falls due 29/02/2024 → takes effect 01/03/2024
 *   received 30/04/2023 → falls due 30/05/2023 → takes effect 31/05/2023
 *   received 31/12/2023 → falls due 31/01/2024 → takes effect 01/02/2024
 *
 * The convention therefore applies up to and including the day the month falls due.
 */
export function addOneClearMonth(receivedOn: PlainDate): PlainDate {
  const { year, month, day } = dateParts(receivedOn);
  const nextYear = month === 12 ? year + 1 : year;
  const nextMonth = month === 12 ? 1 : month + 1;
  const fallsDue = plainDate(nextYear, nextMonth, Math.min(day, daysInMonth(nextYear, nextMonth)));
  return addDays(fallsDue, 1);
}

/**
 * The first day without the convention: one clear month after receipt for a termination by the
 * département or at the structure's request; the day of receipt for an inaccurate declaration
 * ("résiliée sans préavis").
 */
export function terminationEffectiveDate(
  kind: TerminationKind,
  notificationReceivedOn: PlainDate,
): PlainDate {
  return kind === 'inaccurate_declaration'
    ? notificationReceivedOn
    : addOneClearMonth(notificationReceivedOn);
}

export interface TerminationRequest {
  kind: TerminationKind;
  ground?: DepartementTerminationGround | null;
  notificationReceivedOn: PlainDate | null | undefined;
  leadersHeardOn?: PlainDate | null;
  today: PlainDate;
}

/**
 * Terminates a signed convention. A termination by the département needs its ground and the date
 * the structure's leaders were heard (before the notification); any termination must take effect
 * before the end of the period: after it, what is left is a recovery order, not a termination.
 * The sums unduly received become a recovery order (payments module, ledger).
 */
export function terminateConvention(
  convention: ConventionRecord,
  request: TerminationRequest,
): ConventionTransition {
  assertConventionTransition(convention.state, 'terminated');
  const receivedOn = requireDate(
    request.notificationReceivedOn,
    'TERMINATION_NOTIFICATION_DATE_MISSING',
    'La date de réception de la notification (lettre recommandée avec avis de réception) est obligatoire.',
    'notificationReceivedOn',
  );
  refuseFuture(
    receivedOn,
    request.today,
    'La date de réception de la notification',
    'notificationReceivedOn',
  );
  const signedOn = convention.signature?.signedOn;
  if (signedOn !== undefined && receivedOn < signedOn) {
    refuse(
      'TERMINATION_BEFORE_SIGNATURE',
      `La notification de résiliation (${formatFrenchDate(receivedOn)}) précède la signature de la convention (${formatFrenchDate(signedOn)}).`,
      'notificationReceivedOn',
    );
  }
  let ground: DepartementTerminationGround | null = null;
  let leadersHeardOn: PlainDate | null = null;
  if (request.kind === 'by_departement') {
    if (request.ground === null || request.ground === undefined) {
      refuse(
        'TERMINATION_GROUND_MISSING',
        'Indiquez le motif de la résiliation : mission non exécutée, utilisation non conforme des fonds ou refus de contrôle.',
        'ground',
      );
    }
    ground = request.ground;
    leadersHeardOn = requireDate(
      request.leadersHeardOn,
      'TERMINATION_HEARING_MISSING',
      "Les dirigeants de l'organisme doivent être entendus avant la résiliation : indiquez la date de leur audition.",
      'leadersHeardOn',
    );
    if (leadersHeardOn > receivedOn) {
      refuse(
        'TERMINATION_HEARING_AFTER_NOTIFICATION',
        `L'audition des dirigeants (${formatFrenchDate(leadersHeardOn)}) doit précéder la notification de la résiliation (${formatFrenchDate(receivedOn)}).`,
        'leadersHeardOn',
      );
    }
  }
  const effectiveOn = terminationEffectiveDate(request.kind, receivedOn);
  if (effectiveOn > convention.period.end) {
    refuse(
      'TERMINATION_AFTER_END',
      `La résiliation prendrait effet le ${formatFrenchDate(effectiveOn)}, après la fin de la convention (${formatFrenchDate(convention.period.end)}) : émettez plutôt un titre de recettes pour les sommes indûment perçues.`,
      'notificationReceivedOn',
    );
  }
  const termination: Termination = {
    kind: request.kind,
    ground,
    notificationReceivedOn: receivedOn,
    leadersHeardOn,
    effectiveOn,
    lastDayInForce: addDays(effectiveOn, -1),
  };
  const motive = ground === null ? '' : ` (${TERMINATION_GROUND_LABELS[ground]})`;
  return transition(
    convention,
    'terminated',
    'terminate',
    receivedOn,
    `${TERMINATION_KIND_LABELS[request.kind]}${motive}, notifiée le ${formatFrenchDate(receivedOn)}, effective le ${formatFrenchDate(effectiveOn)}`,
    { termination },
  );
}
