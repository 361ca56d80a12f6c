/**
 * Avenants (article 9 of the convention type): from a signed convention, change a line's quantity,
 * the end of its period or its amount from an effective date. Inclusio recomputes the line with its
 * operation's rule (the funding engine: `computeAmendment` for a change of quantity, `computeFunding`
 * for the parts of a changed period), explains the result in French and gives the delta per budget
 * line. An amendment is only proposed until the committee votes it: the convention's lines change
 * when `voteAmendment` applies it, never before.
 *
 * The amount in force after the change is the amount in force before plus the difference the
 * change makes under the rule (the delta): an amount retained apart from the scale keeps its
 * deviation. An amount typed by the reviewer replaces the computation, with a justification when
 * it departs from it or when the rule has no scale (actual costs, amounts fixed on review).
 *
 * Reference (délibération n°2023-259, annexe 1): the SIVOM du Bruaysis goes from 620 to 170 places
 * (référent solidarité) and from 560 to 380 (accompagnement socioprofessionnel) on 1 April 2023:
 * 99 200 € → 45 200 € and 140 000 € → 106 250 €; the CCAS de Bruay-la-Buissière takes the 450 and
 * 180 places in a new convention (54 000 € and 33 750 €).
 */
import { addDays, formatFrenchDate, type Period, type PlainDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import { type Cents, cents, formatEuros, subtractCents, sumCents } from '../../../kernel/money.ts';
import { computeAmendment } from '../../funding/index.ts';
import { CONVENTION_STATE_LABELS, type ConventionRecord, isBinding } from './lifecycle.ts';
import {
  type AmountSegment,
  type ConventionLine,
  hullPeriod,
  isProratedRule,
  lastSegment,
  lineAmount,
  linePeriod,
  ruleAmount,
  segmentPartAmount,
} from './segments.ts';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type AmendmentState = 'proposed' | 'voted' | 'rejected' | 'withdrawn';

export const AMENDMENT_STATE_LABELS: Record<AmendmentState, string> = {
  proposed: 'Proposé à la commission',
  voted: 'Voté',
  rejected: 'Rejeté',
  withdrawn: 'Retiré',
};

/** The change of one line; what is left out stays as it is. */
export interface LineChange {
  lineKey: string;
  /** The quantity from the effective date (places, postes…). */
  quantity?: number | null;
  /** The new last day of the line's period (an extension or a shortening). */
  periodEnd?: PlainDate | null;
  /** The amount in force after the amendment, when the reviewer sets it rather than the rule. */
  amount?: Cents | null;
  /** Required when `amount` departs from the rule's result, or when the rule cannot compute it. */
  justification?: string | null;
}

export interface LineAmendment {
  lineKey: string;
  label: string;
  budgetLine: string;
  amountBefore: Cents;
  amountAfter: Cents;
  delta: Cents;
  /** What the rule gives after the change (before + the rule's delta), null when it cannot say. */
  computedAmountAfter: Cents | null;
  justification: string | null;
  explanation: string;
  /** The segments the amendment was computed on: voting refuses it if they changed meanwhile. */
  segmentsBefore: readonly AmountSegment[];
  segmentsAfter: readonly AmountSegment[];
}

export interface BudgetDelta {
  budgetLine: string;
  delta: Cents;
}

export interface Amendment {
  state: AmendmentState;
  effectiveFrom: PlainDate;
  proposedOn: PlainDate;
  lines: readonly LineAmendment[];
  amountBefore: Cents;
  amountAfter: Cents;
  delta: Cents;
  /** What the amendment adds to (or gives back from) each budget line's commitments. */
  budgetDeltas: readonly BudgetDelta[];
  explanation: string;
  /** Date of the vote, rejection or withdrawal. */
  decidedOn: PlainDate | null;
  /** The deliberation that voted or rejected it, or the reason of a withdrawal. */
  decisionRef: string | null;
}

/** The convention an amendment applies to: its record (state, period) and its lines. */
export interface AmendableConvention {
  record: ConventionRecord;
  lines: readonly ConventionLine[];
}

export interface AmendmentStateChange {
  action: 'propose' | 'vote' | 'reject' | 'withdraw';
  from: AmendmentState | null;
  to: AmendmentState;
  on: PlainDate;
  summary: string;
}

// ---------------------------------------------------------------------------------------------
// One line
// ---------------------------------------------------------------------------------------------

function refuse(code: string, message: string, field: string): never {
  throw new DomainError(code, message, { field });
}

type Computation =
  | { status: 'computed'; delta: Cents; explanation: string }
  | { status: 'not_computable'; explanation: string };

function isValidQuantity(quantity: number): boolean {
  return Number.isFinite(quantity) && quantity >= 0 && Math.round(quantity * 100) / 100 === quantity;
}

function span(period: Period): string {
  return `du ${formatFrenchDate(period.start)} au ${formatFrenchDate(period.end)}`;
}

/**
 * The difference the change makes under the operation's rule, over the last segment only (the
 * earlier ones are history an amendment does not reach back into).
 */
function computeByRule(
  line: ConventionLine,
  segment: AmountSegment,
  effectiveFrom: PlainDate,
  quantityAfter: number | null,
  endAfter: PlainDate,
): Computation {
  const { rule } = line;
  const endBefore = segment.period.end;
  const quantityBefore = segment.quantity;
  if (quantityBefore === null || quantityAfter === null) {
    return { status: 'not_computable', explanation: 'Non calculable : quantité inconnue' };
  }
  if (endAfter === endBefore && effectiveFrom <= endBefore) {
    // A change of quantity alone: the funding engine's own computation of an avenant.
    const result = computeAmendment(rule, {
      before: { quantity: quantityBefore, period: segment.period },
      quantityAfter,
      effectiveFrom,
      siaeType: line.siaeType ?? null,
      unit: line.unit ?? null,
    });
    return result.status === 'computed'
      ? { status: 'computed', delta: result.delta, explanation: result.explanation }
      : { status: 'not_computable', explanation: result.explanation };
  }
  if (isProratedRule(rule)) {
    // The period moves: compare what the rule gives from the effective date before and after.
    const tailBefore: Period | null =
      effectiveFrom <= endBefore ? { start: effectiveFrom, end: endBefore } : null;
    const tailAfter: Period = { start: effectiveFrom, end: endAfter };
    const amountBefore = tailBefore === null ? cents(0) : ruleAmount(line, quantityBefore, tailBefore);
    const amountAfter = ruleAmount(line, quantityAfter, tailAfter);
    if (amountBefore === null || amountAfter === null) {
      return { status: 'not_computable', explanation: 'Non calculable : le barème ne donne pas de montant' };
    }
    const delta = subtractCents(amountAfter, amountBefore);
    const before =
      tailBefore === null
        ? `Avant avenant : rien après le ${formatFrenchDate(endBefore)}`
        : `Avant avenant, ${span(tailBefore)} : ${formatEuros(amountBefore)}`;
    return {
      status: 'computed',
      delta,
      explanation: `${before}. Après avenant, ${span(tailAfter)} : ${formatEuros(amountAfter)}. Écart ${formatEuros(amountAfter)} − ${formatEuros(amountBefore)} = ${formatEuros(delta)}`,
    };
  }
  if (rule.kind === 'flat_per_post_by_type') {
    // A flat amount per post is not prorated: only the quantity matters, not the period.
    const amountBefore = ruleAmount(line, quantityBefore, segment.period);
    const amountAfter = ruleAmount(line, quantityAfter, { start: segment.period.start, end: endAfter });
    if (amountBefore === null || amountAfter === null) {
      return { status: 'not_computable', explanation: 'Non calculable : le barème ne donne pas de montant' };
    }
    const delta = subtractCents(amountAfter, amountBefore);
    return {
      status: 'computed',
      delta,
      explanation: `Forfait par poste, non proratisé : ${formatEuros(amountBefore)} → ${formatEuros(amountAfter)} (écart ${formatEuros(delta)})`,
    };
  }
  return {
    status: 'not_computable',
    explanation: "Non calculable : l'avenant d'une règle sans barème se décide à l'instruction",
  };
}

/**
 * The segments after the change. For a prorated rule the last segment is split at the effective
 * date: the part before keeps its quantity and its share of the amount; the part after carries the
 * rest plus the delta. A rule that is not prorated keeps one segment.
 */
function segmentsAfterChange(
  line: ConventionLine,
  segment: AmountSegment,
  effectiveFrom: PlainDate,
  quantityAfter: number | null,
  endAfter: PlainDate,
  delta: Cents,
): AmountSegment[] {
  const earlier = line.segments.slice(0, -1);
  const { start, end } = segment.period;
  let replaced: AmountSegment[];
  if (!isProratedRule(line.rule) || effectiveFrom === start) {
    replaced = [
      { period: { start, end: endAfter }, quantity: quantityAfter, amount: cents(segment.amount + delta) },
    ];
  } else if (effectiveFrom > end) {
    replaced = [
      segment,
      { period: { start: effectiveFrom, end: endAfter }, quantity: quantityAfter, amount: delta },
    ];
  } else {
    const head: Period = { start, end: addDays(effectiveFrom, -1) };
    const headAmount = segmentPartAmount(line, segment, head);
    replaced = [
      { period: head, quantity: segment.quantity, amount: headAmount },
      {
        period: { start: effectiveFrom, end: endAfter },
        quantity: quantityAfter,
        amount: cents(segment.amount - headAmount + delta),
      },
    ];
  }
  if (replaced.some((part) => part.amount < 0)) {
    refuse(
      'AMENDMENT_NEGATIVE_AMOUNT',
      `Ligne ${line.label} : le montant recalculé à partir du ${formatFrenchDate(effectiveFrom)} serait négatif (le montant en vigueur s'écarte du barème) ; saisissez le montant de l'avenant.`,
      'amount',
    );
  }
  return [...earlier, ...replaced];
}

/**
 * Computes the amendment of one line (a pure computation: the line itself is not changed).
 * The effective date must fall in the line's last segment (an amendment does not reach back before
 * the previous one), or on the day after its end for an extension.
 */
export function computeLineAmendment(
  line: ConventionLine,
  effectiveFrom: PlainDate,
  change: LineChange,
): LineAmendment {
  const segment = lastSegment(line);
  const period = linePeriod(line);
  const endBefore = segment.period.end;
  const endAfter = change.periodEnd ?? endBefore;
  const isExtension = endAfter > endBefore;

  if (
    effectiveFrom < period.start ||
    effectiveFrom > addDays(endBefore, 1) ||
    (effectiveFrom > endBefore && !isExtension)
  ) {
    refuse(
      'EFFECTIVE_DATE_OUTSIDE_PERIOD',
      `Ligne ${line.label} : la date d'effet (${formatFrenchDate(effectiveFrom)}) est hors de la période de la convention (${span(period)}).`,
      'effectiveFrom',
    );
  }
  if (effectiveFrom < segment.period.start) {
    refuse(
      'AMENDMENT_BEFORE_PREVIOUS',
      `Ligne ${line.label} : la date d'effet (${formatFrenchDate(effectiveFrom)}) précède celle du précédent avenant (${formatFrenchDate(segment.period.start)}).`,
      'effectiveFrom',
    );
  }
  if (endAfter < effectiveFrom) {
    refuse(
      'AMENDMENT_END_BEFORE_EFFECTIVE_DATE',
      `Ligne ${line.label} : la nouvelle fin de période (${formatFrenchDate(endAfter)}) précède la date d'effet (${formatFrenchDate(effectiveFrom)}).`,
      'periodEnd',
    );
  }
  const quantityAfter = change.quantity ?? segment.quantity;
  if (quantityAfter !== null && !isValidQuantity(quantityAfter)) {
    refuse(
      'AMENDMENT_QUANTITY_INVALID',
      `Ligne ${line.label} : quantité invalide (${quantityAfter}) ; un nombre positif ou nul, au plus deux décimales.`,
      'quantity',
    );
  }
  const typed = change.amount ?? null;
  if (typed !== null && (!Number.isSafeInteger(typed) || typed < 0)) {
    refuse('AMOUNT_INVALID', `Ligne ${line.label} : montant invalide (${typed} centimes).`, 'amount');
  }

  const amountBefore = lineAmount(line);
  if (
    quantityAfter === segment.quantity &&
    endAfter === endBefore &&
    (typed === null || typed === amountBefore)
  ) {
    refuse('AMENDMENT_WITHOUT_CHANGE', `Ligne ${line.label} : l'avenant ne change rien.`, 'changes');
  }

  const computation = computeByRule(line, segment, effectiveFrom, quantityAfter, endAfter);
  const computedAmountAfter =
    computation.status === 'computed' ? cents(amountBefore + computation.delta) : null;
  const justification = change.justification?.trim() || null;

  let amountAfter: Cents;
  if (typed !== null) {
    if (typed !== computedAmountAfter && justification === null) {
      refuse(
        'AMENDMENT_JUSTIFICATION_MISSING',
        computedAmountAfter === null
          ? `Ligne ${line.label} : le barème ne permet pas de calculer l'avenant ; justifiez le montant de ${formatEuros(typed)}.`
          : `Ligne ${line.label} : le montant saisi (${formatEuros(typed)}) s'écarte du calcul (${formatEuros(computedAmountAfter)}) ; justifiez l'écart.`,
        'justification',
      );
    }
    amountAfter = typed;
  } else if (computedAmountAfter === null) {
    refuse(
      'AMENDMENT_AMOUNT_REQUIRED',
      `Ligne ${line.label} : ${computation.explanation} ; saisissez le montant après avenant et sa justification.`,
      'amount',
    );
  } else {
    amountAfter = computedAmountAfter;
  }
  if (amountAfter < 0) {
    refuse(
      'AMENDMENT_NEGATIVE_AMOUNT',
      `Ligne ${line.label} : le montant après avenant serait négatif (${formatEuros(amountAfter)}).`,
      'amount',
    );
  }
  const delta = subtractCents(amountAfter, amountBefore);
  const segmentsAfter = segmentsAfterChange(line, segment, effectiveFrom, quantityAfter, endAfter, delta);

  const explanation = [
    computation.explanation,
    ...(typed !== null && typed !== computedAmountAfter
      ? [`Montant retenu par avenant : ${formatEuros(typed)}${justification ? ` (${justification})` : ''}`]
      : []),
    `Montant en vigueur ${formatEuros(amountBefore)} → ${formatEuros(amountAfter)} (écart ${formatEuros(delta)})`,
  ].join('. ');

  return {
    lineKey: line.key,
    label: line.label,
    budgetLine: line.budgetLine,
    amountBefore,
    amountAfter,
    delta,
    computedAmountAfter,
    justification,
    explanation,
    segmentsBefore: line.segments,
    segmentsAfter,
  };
}

// ---------------------------------------------------------------------------------------------
// The amendment of a convention and its states
// ---------------------------------------------------------------------------------------------

function assertAmendable(convention: AmendableConvention): void {
  if (!isBinding(convention.record.state)) {
    refuse(
      'CONVENTION_NOT_AMENDABLE',
      `Une convention « ${CONVENTION_STATE_LABELS[convention.record.state]} » ne peut pas faire l'objet d'un avenant : il faut une convention signée et ni close ni résiliée.`,
      'conventionId',
    );
  }
}

function budgetDeltasOf(lines: readonly LineAmendment[]): BudgetDelta[] {
  const byLine = new Map<string, Cents>();
  for (const line of lines)
    byLine.set(line.budgetLine, cents((byLine.get(line.budgetLine) ?? 0) + line.delta));
  return [...byLine].map(([budgetLine, delta]) => ({ budgetLine, delta }));
}

/**
 * Proposes an amendment: computes every changed line from one effective date. Nothing is applied;
 * the service stores the amendment and charges its positive budget deltas to their lines (the
 * budget guard) as for any proposal to the committee.
 */
export function proposeAmendment(
  convention: AmendableConvention,
  options: { effectiveFrom: PlainDate; changes: readonly LineChange[]; proposedOn: PlainDate },
): { amendment: Amendment; change: AmendmentStateChange } {
  assertAmendable(convention);
  if (options.changes.length === 0) {
    refuse('AMENDMENT_EMPTY', "L'avenant ne modifie aucune ligne de la convention.", 'changes');
  }
  const seen = new Set<string>();
  const lines = options.changes.map((change) => {
    const line = convention.lines.find((candidate) => candidate.key === change.lineKey);
    if (line === undefined) {
      refuse('AMENDMENT_LINE_UNKNOWN', `La convention n'a pas de ligne « ${change.lineKey} ».`, 'changes');
    }
    if (seen.has(change.lineKey)) {
      refuse('AMENDMENT_LINE_DUPLICATE', `La ligne « ${line.label} » est modifiée deux fois.`, 'changes');
    }
    seen.add(change.lineKey);
    return computeLineAmendment(line, options.effectiveFrom, change);
  });
  const amountBefore = sumCents(lines.map((line) => line.amountBefore));
  const amountAfter = sumCents(lines.map((line) => line.amountAfter));
  const delta = subtractCents(amountAfter, amountBefore);
  const explanation = [
    ...lines.map((line) => `${line.label} : ${line.explanation}.`),
    `Total des lignes modifiées : ${formatEuros(amountBefore)} → ${formatEuros(amountAfter)} (écart ${formatEuros(delta)}), à compter du ${formatFrenchDate(options.effectiveFrom)}.`,
  ].join('\n');
  const amendment: Amendment = {
    state: 'proposed',
    effectiveFrom: options.effectiveFrom,
    proposedOn: options.proposedOn,
    lines,
    amountBefore,
    amountAfter,
    delta,
    budgetDeltas: budgetDeltasOf(lines),
    explanation,
    decidedOn: null,
    decisionRef: null,
  };
  return {
    amendment,
    change: {
      action: 'propose',
      from: null,
      to: 'proposed',
      on: options.proposedOn,
      summary: `Avenant proposé le ${formatFrenchDate(options.proposedOn)} (écart ${formatEuros(delta)})`,
    },
  };
}

function assertProposed(amendment: Amendment, to: AmendmentState): void {
  if (amendment.state !== 'proposed') {
    refuse(
      'AMENDMENT_TRANSITION_NOT_ALLOWED',
      `Un avenant « ${AMENDMENT_STATE_LABELS[amendment.state]} » ne peut pas passer à « ${AMENDMENT_STATE_LABELS[to]} » (état final).`,
      'state',
    );
  }
}

function sameSegments(a: readonly AmountSegment[], b: readonly AmountSegment[]): boolean {
  return (
    a.length === b.length &&
    a.every((segment, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        segment.amount === other.amount &&
        segment.quantity === other.quantity &&
        segment.period.start === other.period.start &&
        segment.period.end === other.period.end
      );
    })
  );
}

/**
 * The committee votes the amendment: it takes effect now, and only now. Refused if the convention
 * is no longer binding, or if one of its lines changed since the amendment was computed (another
 * amendment voted meanwhile): it must then be computed again.
 */
export function voteAmendment(
  convention: AmendableConvention,
  amendment: Amendment,
  options: { votedOn: PlainDate; decisionRef: string },
): { amendment: Amendment; convention: AmendableConvention; change: AmendmentStateChange } {
  assertProposed(amendment, 'voted');
  assertAmendable(convention);
  const decisionRef = options.decisionRef.trim();
  if (decisionRef === '') {
    refuse('AMENDMENT_DECISION_MISSING', "Indiquez la délibération qui vote l'avenant.", 'decisionRef');
  }
  if (options.votedOn < amendment.proposedOn) {
    refuse(
      'AMENDMENT_VOTE_BEFORE_PROPOSAL',
      `La date du vote (${formatFrenchDate(options.votedOn)}) précède la proposition de l'avenant (${formatFrenchDate(amendment.proposedOn)}).`,
      'votedOn',
    );
  }
  const lines = convention.lines.map((line) => {
    const changed = amendment.lines.find((candidate) => candidate.lineKey === line.key);
    if (changed === undefined) return line;
    if (!sameSegments(line.segments, changed.segmentsBefore)) {
      refuse(
        'AMENDMENT_STALE',
        `La ligne « ${line.label} » a changé depuis le calcul de l'avenant (${formatEuros(changed.amountBefore)} → ${formatEuros(lineAmount(line))} en vigueur) : recalculez l'avenant.`,
        'amendmentId',
      );
    }
    return { ...line, segments: changed.segmentsAfter };
  });
  for (const changed of amendment.lines) {
    if (!convention.lines.some((line) => line.key === changed.lineKey)) {
      refuse(
        'AMENDMENT_LINE_UNKNOWN',
        `La convention n'a plus de ligne « ${changed.label} ».`,
        'amendmentId',
      );
    }
  }
  return {
    amendment: { ...amendment, state: 'voted', decidedOn: options.votedOn, decisionRef },
    convention: { record: { ...convention.record, period: hullPeriod(lines) }, lines },
    change: {
      action: 'vote',
      from: 'proposed',
      to: 'voted',
      on: options.votedOn,
      summary: `Avenant voté le ${formatFrenchDate(options.votedOn)} (${decisionRef}), effectif le ${formatFrenchDate(amendment.effectiveFrom)} : ${formatEuros(amendment.amountBefore)} → ${formatEuros(amendment.amountAfter)}`,
    },
  };
}

/** The committee does not adopt it (`decisionRef`: the deliberation) or it is withdrawn (the reason). */
export function closeAmendment(
  amendment: Amendment,
  options: { to: 'rejected' | 'withdrawn'; on: PlainDate; decisionRef: string },
): { amendment: Amendment; change: AmendmentStateChange } {
  assertProposed(amendment, options.to);
  const decisionRef = options.decisionRef.trim();
  if (decisionRef === '') {
    refuse(
      'AMENDMENT_DECISION_MISSING',
      options.to === 'rejected'
        ? "Indiquez la délibération qui rejette l'avenant."
        : "Indiquez pourquoi l'avenant est retiré.",
      'decisionRef',
    );
  }
  return {
    amendment: { ...amendment, state: options.to, decidedOn: options.on, decisionRef },
    change: {
      action: options.to === 'rejected' ? 'reject' : 'withdraw',
      from: 'proposed',
      to: options.to,
      on: options.on,
      summary: `Avenant ${options.to === 'rejected' ? 'rejeté' : 'retiré'} le ${formatFrenchDate(options.on)} : ${decisionRef}`,
    },
  };
}
