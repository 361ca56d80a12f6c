/**
 * Who may merge two structure records: a role that changes structures (structures:write) and works
 * for the whole département, since the applications moved may be in any territory. The server
 * refuses anyone else (403); the screens only stop offering it.
 */
import { isTerritoryLimited } from '../identity/roles.ts';
import { useSession } from '../identity/session.tsx';

export function useMayMergeStructures(): boolean {
  const { user, can } = useSession();
  return can('structures:write') && !(user && isTerritoryLimited(user.role));
}
