/** What other modules may use of the collectivité module. */
export type { Collectivite, Territory } from './collectivite.service.ts';
export {
  getCollectivite,
  insertTerritory,
  listTerritories,
  resolveTerritories,
  upsertCollectivite,
} from './collectivite.service.ts';
