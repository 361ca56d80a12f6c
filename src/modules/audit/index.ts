/** What other modules may use of the audit module. */
export { type AuditEntry, listAudit, recordAudit } from './audit.service.ts';
