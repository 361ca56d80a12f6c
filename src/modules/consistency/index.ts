/** What other modules may use of the consistency module. */
export { type CheckReport, checkCallConsistency } from './consistency.service.ts';
export type { Finding, Severity } from './domain/findings.ts';
export { findSimilarOwners, similarityReason } from './domain/similar-names.ts';
