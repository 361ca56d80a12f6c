/** What the applications module's routes send (src/modules/applications). Amounts in cents. */
import type { AllocationLine, ThemeTotal } from '../../../../src/modules/applications/domain/allocations.ts';
import type { Computation } from '../../../../src/modules/applications/domain/funding.ts';
import type { ApplicationState } from '../../../../src/modules/applications/domain/states.ts';

// The server's own response shapes (type-only imports: nothing of the server is bundled).
export type {
  AllocationTable,
  Application,
  ApplicationDetail,
  Decision,
} from '../../../../src/modules/applications/applications.types.ts';
export type { AllocationLine, ApplicationState, Computation, ThemeTotal };

import type { Application } from '../../../../src/modules/applications/applications.types.ts';

export interface ApplicationList {
  total: number;
  items: Application[];
}

export type { AllocationPage } from '../../../../src/modules/applications/applications.types.ts';
