/** The states of an application, their French names and the actions that move between them. */
import {
  APPLICATION_STATES,
  type ApplicationState,
  allowedTransitions,
  isEditable,
  STATE_LABELS,
} from '../../../../src/modules/applications/domain/states.ts';

export type { ApplicationState };
export { APPLICATION_STATES, allowedTransitions, isEditable, STATE_LABELS };

/** The button that moves an application to a state, from the state it is in. */
export function transitionLabel(from: ApplicationState, to: ApplicationState): string {
  if (to === 'under_review')
    return from === 'proposed' ? 'Retirer de l’ordre du jour' : 'Mettre en instruction';
  const labels: Record<ApplicationState, string> = {
    draft: 'Remettre en brouillon',
    submitted: 'Déposer',
    under_review: 'Mettre en instruction',
    proposed: 'Proposer à la commission',
    voted: 'Enregistrer le vote',
    rejected: from === 'proposed' ? 'Enregistrer le rejet' : 'Rejeter',
    postponed: 'Reporter',
    withdrawn: 'Classer sans suite',
  };
  return labels[to];
}

/** What a transition does beyond changing the state, said before the user confirms it. */
export function transitionConsequence(from: ApplicationState, to: ApplicationState): string | null {
  if (to === 'proposed') return 'Le montant retenu sera imputé sur la ligne budgétaire de l’opération.';
  if (to === 'voted') return 'Le montant retenu sera engagé ; la demande ne pourra plus être modifiée.';
  if (from === 'proposed') return 'Le montant retenu sera libéré de la ligne budgétaire.';
  if (to === 'rejected' || to === 'withdrawn') return 'La demande ne pourra plus être modifiée.';
  return null;
}

export function stateTone(state: ApplicationState): 'neutral' | 'info' | 'success' | 'warning' | 'error' {
  switch (state) {
    case 'voted':
      return 'success';
    case 'proposed':
    case 'under_review':
    case 'submitted':
      return 'info';
    case 'postponed':
      return 'warning';
    case 'rejected':
    case 'withdrawn':
      return 'error';
    default:
      return 'neutral';
  }
}
