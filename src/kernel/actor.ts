/**
 * Who acts, as every service sees it: recorded in the audit trail and the history of decisions,
 * and limiting what an instructeur may see (the territories given to them).
 */
import type { Permission } from './permissions.ts';

export interface Actor {
  /** null for the system itself (the dataset loader, the first start). */
  userId: number | null;
  login: string;
  displayName: string;
  /** Territory codes the actor may see and change, or 'all'. */
  territories: readonly string[] | 'all';
  /** What the actor's role allows (the system itself: everything). */
  permissions: readonly Permission[] | 'all';
}

export function systemActor(login: string): Actor {
  return { userId: null, login, displayName: login, territories: 'all', permissions: 'all' };
}

export function actorMay(actor: Actor, permission: Permission): boolean {
  return actor.permissions === 'all' || actor.permissions.includes(permission);
}

/** Can the actor see a record spread over these territories? One common territory is enough. */
export function canSeeTerritories(actor: Actor, territories: readonly string[]): boolean {
  return actor.territories === 'all' || territories.some((code) => actor.territories.includes(code));
}
