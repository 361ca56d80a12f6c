/** What other modules may use of the collectivité module. */
export type { Collectivite, Territory } from './collectivite.service.ts';
export {
  getCollectivite,
  insertTerritory,
  listTerritories,
  resolveTerritories,
  setConventionContact,
  upsertCollectivite,
} from './collectivite.service.ts';
