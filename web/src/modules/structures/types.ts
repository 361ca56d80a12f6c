/** What the structures module's routes send (src/modules/structures). */
// The server's own response shape (type-only import: nothing of the server is bundled).
import type { Structure } from '../../../../src/modules/structures/structures.types.ts';

export type { Structure };

export interface StructureList {
  total: number;
  items: Structure[];
}
