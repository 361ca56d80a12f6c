/** What other modules may use of the conventions module. */
export {
  assignConventionNumbers,
  conventionNumber,
  conventionNumbersOfSession,
} from './conventions.service.ts';
