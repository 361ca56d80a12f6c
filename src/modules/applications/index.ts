/** What other modules may use of the applications module. */
export type { ApplicationInput, ApplicationPatch, TransitionInput } from './applications.schemas.ts';
export { QUANTITY_UNITS, UNIT_LABELS } from './applications.schemas.ts';
export type {
  AllocationFact,
  AllocationPage,
  AllocationTable,
  Application,
  ApplicationDetail,
  Decision,
} from './applications.service.ts';
export {
  buildAllocationTable,
  countApplicationsByState,
  createApplication,
  createApplicationInTransaction,
  getAllocationPage,
  getAllocationTable,
  getApplication,
  lineAmount,
  listAllocationFacts,
  listApplications,
  listCallApplications,
  reassignApplicationsToStructure,
  transitionApplication,
  updateApplication,
} from './applications.service.ts';
export type { AllocationLine, OperationTotal, ThemeTotal } from './domain/allocations.ts';
export { computeTotals, isAllocationLine } from './domain/allocations.ts';
export type { Computation } from './domain/funding.ts';
export { type ApplicationState, STATE_LABELS } from './domain/states.ts';
