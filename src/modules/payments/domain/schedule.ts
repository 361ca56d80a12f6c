/**
 * The payment schedule of a convention line, from its operation's terms (convention type, article 5
 * and the operation's annex: "Versement d'une avance de XXXX euros, à la signature de la convention.
 * Versement du solde annuel sous réserve du respect des clauses de la convention"), and the balance
 * settled after the bilan: "Le versement du solde ou l'émission du titre de recettes sera calculé
 * au prorata de la réalisation des objectifs fixés en annexe. Toutefois, le montant maximal de la
 * participation financière ne pourra être supérieur au total prévu à l'article 4 ou le cas échéant
 * lors de la mise en œuvre d'un avenant."
 *
 * Roundings: each percentage part is a difference of cumulative amounts, each rounded half away from
 * zero (`applyBasisPoints`), so the parts add up to the maximum exactly; the balance is what is left.
 * The amount due for the objectives achieved is rounded once, half away from zero.
 */
import { formatFrenchDate, type PlainDate } from '../../../kernel/dates.ts';
import { DomainError } from '../../../kernel/errors.ts';
import {
  applyBasisPoints,
  type Cents,
  cents,
  formatEuros,
  minCents,
  roundHalfAwayFromZero,
  subtractCents,
  ZERO,
} from '../../../kernel/money.ts';
import { formatRate } from '../../funding/index.ts';

// ---------------------------------------------------------------------------------------------
// Terms
// ---------------------------------------------------------------------------------------------

/** The advance at signature: a percentage of the maximum, a fixed amount, or none. */
export type AdvanceTerm =
  | { kind: 'none' }
  | { kind: 'percent'; percent: number }
  | { kind: 'amount'; amount: Cents };

/** What a part waits for: the signature, the bilan, or a date. */
export type DueAfter = 'signature' | 'bilan' | { date: PlainDate };

export interface InstalmentTerm {
  /** Percentage of the maximum, 0–100, at most two decimals. */
  percent: number;
  /** Defaults to the signature. */
  dueAfter?: DueAfter;
}

export interface PaymentTerms {
  advance: AdvanceTerm;
  /** Acomptes between the advance and the balance, where the operation's annex provides them. */
  instalments?: readonly InstalmentTerm[];
  /** The only balance the convention type knows: prorated to the objectives achieved, capped. */
  balance: 'prorated_to_objectives';
}

export type SchedulePartKind = 'advance' | 'instalment' | 'balance';

export interface SchedulePart {
  /** "advance", "instalment-1", "balance": identifies the part among the line's payments. */
  key: string;
  kind: SchedulePartKind;
  label: string;
  dueAfter: DueAfter;
  /** The most this part pays; for the balance, at 100 % of the objectives. */
  amount: Cents;
  explanation: string;
}

export interface Schedule {
  maximum: Cents;
  parts: readonly SchedulePart[];
}

/**
 * The payment part of an operation's convention terms, as stored (calls module, `ConventionTerms`):
 * an advance as a percentage or a fixed amount in cents, and the instalments with their date.
 */
export interface ConventionPaymentTerms {
  advancePercent?: number;
  advanceAmountCents?: number;
  instalments?: readonly { percent: number; dueOn?: string }[];
}

/**
 * The payment terms of a convention line from its operation's convention terms: a percentage above
 * zero is a percentage advance, else a fixed amount above zero an amount advance, else no advance;
 * each instalment is due after the signature, or from its date. The balance follows the bilan.
 */
export function paymentTermsFromConvention(terms: ConventionPaymentTerms): PaymentTerms {
  const { advancePercent, advanceAmountCents } = terms;
  let advance: AdvanceTerm = { kind: 'none' };
  if (typeof advancePercent === 'number' && advancePercent > 0) {
    advance = { kind: 'percent', percent: advancePercent };
  } else if (typeof advanceAmountCents === 'number' && advanceAmountCents > 0) {
    advance = { kind: 'amount', amount: cents(advanceAmountCents) };
  }
  const instalments = (terms.instalments ?? []).map(
    (instalment): InstalmentTerm => ({
      percent: instalment.percent,
      dueAfter: instalment.dueOn === undefined ? 'signature' : { date: instalment.dueOn as PlainDate },
    }),
  );
  return {
    advance,
    ...(instalments.length > 0 ? { instalments } : {}),
    balance: 'prorated_to_objectives',
  };
}

function refuse(code: string, message: string, field: string): never {
  throw new DomainError(code, message, { field });
}

/** A percentage (0–100, at most two decimals) as basis points, exactly. */
export function percentToBasisPoints(percent: number, field = 'percent'): number {
  const fixed = Number.isFinite(percent) ? percent.toFixed(2) : '';
  if (fixed === '' || Number(fixed) !== percent || percent < 0 || percent > 100) {
    refuse(
      'PERCENT_INVALID',
      `Pourcentage invalide (${percent}) : entre 0 et 100, au plus deux décimales.`,
      field,
    );
  }
  return Number(fixed.replace('.', ''));
}

export function describeDueAfter(dueAfter: DueAfter): string {
  if (dueAfter === 'signature') return 'à la signature';
  if (dueAfter === 'bilan') return 'après le bilan';
  return `à partir du ${formatFrenchDate(dueAfter.date)}`;
}

/**
 * The schedule of a line whose maximum is `maximum` (the amount in force, after amendments): the
 * advance, the instalments and the balance, whose amounts add up to the maximum to the cent.
 */
export function computeSchedule(maximum: Cents, terms: PaymentTerms): Schedule {
  if (!Number.isSafeInteger(maximum) || maximum < 0) {
    refuse('AMOUNT_INVALID', `Montant maximal invalide (${maximum} centimes).`, 'maximum');
  }
  const parts: SchedulePart[] = [];
  // Cumulative position: a fixed advance, plus the cumulative percentage of the maximum.
  let fixed = ZERO;
  let basisPoints = 0;
  let reached = ZERO;
  const position = (): Cents => cents(fixed + applyBasisPoints(maximum, basisPoints));
  const push = (part: Omit<SchedulePart, 'amount' | 'explanation'>, share: string): void => {
    const next = position();
    if (next > maximum) {
      refuse(
        'SCHEDULE_EXCEEDS_MAXIMUM',
        `Les avances et acomptes (${formatEuros(next)}) dépassent le montant maximal de ${formatEuros(maximum)}.`,
        'terms',
      );
    }
    const amount = subtractCents(next, reached);
    parts.push({
      ...part,
      amount,
      explanation: `${part.label} ${describeDueAfter(part.dueAfter)} : ${share} = ${formatEuros(amount)}`,
    });
    reached = next;
  };

  const { advance } = terms;
  if (advance.kind === 'percent') {
    basisPoints += percentToBasisPoints(advance.percent, 'advance.percent');
    push(
      { key: 'advance', kind: 'advance', label: 'Avance', dueAfter: 'signature' },
      `${formatRate(basisPoints)} × ${formatEuros(maximum)}`,
    );
  } else if (advance.kind === 'amount') {
    if (!Number.isSafeInteger(advance.amount) || advance.amount < 0) {
      refuse('AMOUNT_INVALID', `Montant d'avance invalide (${advance.amount} centimes).`, 'advance.amount');
    }
    fixed = advance.amount;
    push({ key: 'advance', kind: 'advance', label: 'Avance', dueAfter: 'signature' }, 'montant fixé');
  }
  (terms.instalments ?? []).forEach((instalment, index) => {
    const own = percentToBasisPoints(instalment.percent, `instalments.${index}.percent`);
    basisPoints += own;
    if (basisPoints > 10_000) {
      refuse(
        'SCHEDULE_EXCEEDS_MAXIMUM',
        'Les pourcentages des avances et acomptes dépassent 100 %.',
        'terms',
      );
    }
    push(
      {
        key: `instalment-${index + 1}`,
        kind: 'instalment',
        label: `Acompte n°${index + 1}`,
        dueAfter: instalment.dueAfter ?? 'signature',
      },
      `${formatRate(own)} × ${formatEuros(maximum)}${basisPoints === own ? '' : ` (arrondi cumulé : ${formatRate(basisPoints)})`}`,
    );
  });
  const balance = subtractCents(maximum, reached);
  parts.push({
    key: 'balance',
    kind: 'balance',
    label: 'Solde',
    dueAfter: 'bilan',
    amount: balance,
    explanation: `Solde après le bilan, au prorata des objectifs réalisés : au plus ${formatEuros(maximum)} − ${formatEuros(reached)} = ${formatEuros(balance)}`,
  });
  return { maximum, parts };
}

/** Whether what a part waits for has happened. */
export function isDue(
  dueAfter: DueAfter,
  facts: { isSigned: boolean; bilanReceived: boolean; today: PlainDate },
): boolean {
  if (dueAfter === 'signature') return facts.isSigned;
  if (dueAfter === 'bilan') return facts.bilanReceived;
  return facts.isSigned && facts.today >= dueAfter.date;
}

// ---------------------------------------------------------------------------------------------
// The balance after the bilan
// ---------------------------------------------------------------------------------------------

/** The objectives of the annex and what the bilan shows (places occupied, participants…). */
export interface Achievement {
  achieved: number;
  target: number;
}

function hundredths(value: number, field: string): bigint {
  const fixed = Number.isFinite(value) && Math.abs(value) < 1e12 ? value.toFixed(2) : '';
  if (fixed === '' || Number(fixed) !== value || value < 0) {
    refuse(
      'ACHIEVEMENT_INVALID',
      `Valeur invalide (${value}) : un nombre positif, au plus deux décimales.`,
      field,
    );
  }
  return BigInt(fixed.replace('.', ''));
}

function formatNumber(value: number): string {
  return String(value).replace('.', ',');
}

/**
 * The amount due for the objectives achieved: maximum × achieved / target, rounded half away from
 * zero, never above the maximum.
 */
export function dueForAchievement(
  maximum: Cents,
  achievement: Achievement,
): { due: Cents; explanation: string } {
  const achieved = hundredths(achievement.achieved, 'achieved');
  const target = hundredths(achievement.target, 'target');
  if (target === 0n) refuse('ACHIEVEMENT_INVALID', "L'objectif doit être supérieur à zéro.", 'target');
  const prorated = roundHalfAwayFromZero(BigInt(maximum) * achieved, target);
  const due = minCents(prorated, maximum);
  const rate = formatRate(Number((achieved * 10_000n + target / 2n) / target));
  const formula = `${formatEuros(maximum)} × ${formatNumber(achievement.achieved)} / ${formatNumber(achievement.target)}`;
  return {
    due,
    explanation:
      prorated > maximum
        ? `Objectifs réalisés : ${formatNumber(achievement.achieved)} sur ${formatNumber(achievement.target)} (${rate}) ; dû plafonné au montant maximal de ${formatEuros(maximum)}`
        : `Objectifs réalisés : ${formatNumber(achievement.achieved)} sur ${formatNumber(achievement.target)} (${rate}) ; dû ${formula} = ${formatEuros(due)}`,
  };
}

export interface BalanceSettlement {
  /** What the line is finally worth: min(maximum, maximum × achieved ratio). */
  due: Cents;
  /** To pay (zero when the structure received too much). */
  balance: Cents;
  /** To recover by a titre de recettes (zero when a balance is paid). */
  recovery: Cents;
  explanation: string;
}

/**
 * The balance: due − already paid (net of what was recovered). A negative difference is no
 * payment but a recovery order for the excess. Refused while payments are on their way, whose
 * outcome would make the figure wrong.
 */
export function settleBalance(options: {
  maximum: Cents;
  achievement: Achievement;
  netPaid: Cents;
  inFlight: Cents;
}): BalanceSettlement {
  if (options.inFlight > 0) {
    refuse(
      'PAYMENTS_IN_FLIGHT',
      `Des versements sont en cours (${formatEuros(options.inFlight)}) : attendez qu'ils soient payés ou annulés avant d'arrêter le solde.`,
      'payments',
    );
  }
  const { due, explanation } = dueForAchievement(options.maximum, options.achievement);
  const difference = subtractCents(due, options.netPaid);
  const paid = `déjà versé ${formatEuros(options.netPaid)}`;
  if (difference >= 0) {
    return {
      due,
      balance: difference,
      recovery: ZERO,
      explanation: `${explanation} ; ${paid} ; solde à verser ${formatEuros(difference)}`,
    };
  }
  const recovery = cents(-difference);
  return {
    due,
    balance: ZERO,
    recovery,
    explanation: `${explanation} ; ${paid} ; trop-perçu de ${formatEuros(recovery)} à recouvrer par titre de recettes`,
  };
}
