/** What other modules may use of the conventions module. */
export {
  closeProposedAmendment,
  getAmendment,
  listAmendments,
  previewAmendment,
  proposeAmendment,
  voteAmendment,
  voteAmendmentInTransaction,
  withdrawPendingAmendment,
} from './amendments.service.ts';
export { domainLine, OperationCache } from './convention-lines.ts';
export {
  type ConventionListRow,
  type LineRecordRow,
  selectConventions,
  selectLineRecords,
  selectYearlyAccounts,
  updateLineBilan,
  upsertYearlyAccounts,
} from './conventions.repository.ts';
export {
  assignConventionNumbers,
  type ConventionView,
  changeConventionInTransaction,
  conventionNumber,
  conventionNumbersOfSession,
  createConventionLines,
  enterConventionIntoForce,
  getConvention,
  lockConventionLine,
  readSignedDocument,
  recordConventionSignature,
  returnConventionToDraft,
  SIGNED_DOCUMENT_MAX_BYTES,
  sendConventionForSignature,
  signConvention,
  signedDocumentInfo,
  toView as toConventionView,
} from './conventions.service.ts';
export type * from './conventions.types.ts';
export type { AmendmentState } from './domain/amendment.ts';
export {
  allowedConventionTransitions,
  CONVENTION_STATE_LABELS,
  CONVENTION_STATES as CONVENTION_STATES_LIST,
  type ConventionAction,
  type ConventionRecord,
  type ConventionState,
  closeConvention,
  type DepartementTerminationGround,
  TERMINATION_GROUND_LABELS,
  TERMINATION_KIND_LABELS,
  type Termination,
  type TerminationKind,
  terminateConvention,
} from './domain/lifecycle.ts';
