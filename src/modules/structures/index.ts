/** What other modules may use of the structures module. */
export type { StructureCategory, StructureInput, StructurePatch } from './structures.schemas.ts';
export { CATEGORY_LABELS, STRUCTURE_CATEGORIES } from './structures.schemas.ts';
export type { Structure } from './structures.service.ts';
export {
  createStructure,
  getStructure,
  insertStructureFromDataset,
  listAllStructures,
  mergeStructureRecords,
  searchStructures,
  updateStructure,
} from './structures.service.ts';
