/**
 * Tells an instructeur that a table shows the lines of their territories only, so that its totals
 * are not taken for the call's.
 */
import { Notice } from '../../shared/ui.tsx';
import { useSession } from './session.tsx';

export function useTerritoryScope(): string[] | null {
  const { user } = useSession();
  return user && user.role === 'instructeur' ? user.territories : null;
}

export function TerritoryScopeNotice() {
  const scope = useTerritoryScope();
  if (!scope) return null;
  return (
    <Notice kind="info" title="Vos territoires seulement">
      Ce tableau ne montre que les lignes de vos territoires ({scope.join(', ')}) : ses totaux sont ceux de
      ces lignes, pas ceux de l’appel entier.
    </Notice>
  );
}
