/** What other modules may use of the conventions module. */
export {
  assignConventionNumbers,
  type ConventionLineView,
  type ConventionView,
  conventionNumber,
  conventionNumbersOfSession,
  conventionState,
  createConventionLines,
  getConvention,
  getConventionLine,
  recordConventionSignature,
  sendConventionForSignature,
} from './conventions.service.ts';
