/**
 * The envelope of a budget line as the report to the committee states it (Rapport N°42):
 * AE − committed before = available; available − proposed = balance. Pure functions.
 */
import { DomainError } from '../../../kernel/errors.ts';
import { type Cents, cents, formatEuros } from '../../../kernel/money.ts';

export interface EnvelopeFigures {
  ae: Cents;
  committedBefore: Cents;
  proposed: Cents;
}

export interface Envelope extends EnvelopeFigures {
  available: Cents;
  balance: Cents;
}

export function computeEnvelope(figures: EnvelopeFigures): Envelope {
  const available = cents(figures.ae - figures.committedBefore);
  return { ...figures, available, balance: cents(available - figures.proposed) };
}

/**
 * Refuses a charge that would take the line's live commitments beyond its AE. A reduction (an
 * amendment giving money back) always fits.
 */
export function assertChargeFits(options: {
  lineCode: string;
  ae: Cents;
  liveCommitments: Cents;
  charge: Cents;
}): void {
  const { lineCode, ae, liveCommitments, charge } = options;
  if (charge <= 0) return;
  const remaining = cents(ae - liveCommitments);
  if (charge > remaining) {
    throw new DomainError(
      'BUDGET_EXCEEDED',
      `Crédits insuffisants sur la ligne ${lineCode} : ${formatEuros(charge)} demandés pour ${formatEuros(remaining)} disponibles (AE ${formatEuros(ae)}, déjà engagés ou proposés ${formatEuros(liveCommitments)}).`,
      { field: 'retainedCents', details: { lineCode, ae, liveCommitments, charge, remaining } },
    );
  }
}
