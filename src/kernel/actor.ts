/**
 * Who acts, as every service sees it: recorded in the audit trail and the history of decisions,
 * and limiting what an instructeur may see (the territories given to them).
 */
export interface Actor {
  /** null for the system itself (the dataset loader, the first start). */
  userId: number | null;
  login: string;
  displayName: string;
  /** Territory codes the actor may see and change, or 'all'. */
  territories: readonly string[] | 'all';
}

export function systemActor(login: string): Actor {
  return { userId: null, login, displayName: login, territories: 'all' };
}

/** Can the actor see a record spread over these territories? One common territory is enough. */
export function canSeeTerritories(actor: Actor, territories: readonly string[]): boolean {
  return actor.territories === 'all' || territories.some((code) => actor.territories.includes(code));
}
