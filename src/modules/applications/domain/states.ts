/**
 * The life of an application, from draft to the committee's vote. Every change of state is a
 * decision appended to the application's history with its author and motivation.
 */
import { DomainError } from '../../../kernel/errors.ts';

export type ApplicationState =
  | 'draft'
  | 'submitted'
  | 'under_review'
  | 'proposed'
  | 'voted'
  | 'rejected'
  | 'postponed'
  | 'withdrawn';

export const APPLICATION_STATES: readonly ApplicationState[] = [
  'draft',
  'submitted',
  'under_review',
  'proposed',
  'voted',
  'rejected',
  'postponed',
  'withdrawn',
];

export const STATE_LABELS: Record<ApplicationState, string> = {
  draft: 'Brouillon',
  submitted: 'Déposée',
  under_review: 'En instruction',
  proposed: 'Proposée à la commission',
  voted: 'Votée',
  rejected: 'Rejetée',
  postponed: 'Reportée',
  withdrawn: 'Sans suite',
};

const TRANSITIONS: Record<ApplicationState, readonly ApplicationState[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['under_review', 'withdrawn'],
  under_review: ['proposed', 'rejected', 'postponed', 'withdrawn'],
  // taken off the agenda (back to review), voted, or not adopted
  proposed: ['voted', 'under_review', 'rejected', 'postponed'],
  postponed: ['under_review', 'withdrawn'],
  voted: [],
  rejected: [],
  withdrawn: [],
};

export function allowedTransitions(from: ApplicationState): readonly ApplicationState[] {
  return TRANSITIONS[from];
}

export function assertTransition(from: ApplicationState, to: ApplicationState): void {
  if (!TRANSITIONS[from].includes(to)) {
    const allowed = TRANSITIONS[from].map((state) => `« ${STATE_LABELS[state]} »`).join(', ');
    throw new DomainError(
      'TRANSITION_NOT_ALLOWED',
      `Une demande « ${STATE_LABELS[from]} » ne peut pas passer à « ${STATE_LABELS[to]} »${allowed ? ` (possible : ${allowed})` : ' (état final)'}.`,
      { field: 'to' },
    );
  }
}

/** The states in which the retained amount is charged to the budget line. */
export function chargesBudget(state: ApplicationState): boolean {
  return state === 'proposed' || state === 'voted';
}

/**
 * Until the committee votes, the proposal may still be adjusted (its budget charge is checked
 * again); a voted, rejected or withdrawn application changes only through a new application
 * (an amendment).
 */
export function isEditable(state: ApplicationState): boolean {
  return state !== 'voted' && state !== 'rejected' && state !== 'withdrawn';
}
