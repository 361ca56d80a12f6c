/** What other modules may use of the committee module. */

export { sessionDateParams } from './committee.routes.ts';
export type { ReportView, SessionSummary, SessionView } from './committee.service.ts';
export {
  type CommitteeDataset,
  changeBoardSeat,
  findReport,
  getSession,
  listMembers,
  listSessions,
  loadCommitteeDataset,
  type MemberWithSeats,
  setAttendance,
  setConflicts,
  setLegalityDates,
  setVotes,
} from './committee.service.ts';
export { memberLabel } from './domain/tally.ts';
