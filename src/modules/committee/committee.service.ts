/**
 * Sessions of the Commission Permanente: members, attendance, reports with the applications they
 * propose, conflicts of interest, votes and the tally (the pure rules are in domain/).
 */
import type { Actor } from '../../kernel/actor.ts';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import type { Database, Sql } from '../../platform/database.ts';
import { recordAudit } from '../audit/index.ts';
import type { DatasetSession } from '../datasets/dataset.schema.ts';
import {
  type AttendanceRow,
  attachApplications,
  deleteBoardSeat,
  insertAttendance,
  insertBoardSeat,
  insertGroup,
  insertMember,
  insertReport,
  insertSession,
  type ReportRow,
  replaceConflicts,
  replaceVotes,
  type SessionRow,
  selectAttendance,
  selectBoardSeats,
  selectBoardSeatsForReport,
  selectConflicts,
  selectGroups,
  selectMembers,
  selectReportApplicationIds,
  selectReports,
  selectSessionByDate,
  selectSessions,
  selectVotes,
} from './committee.repository.ts';
import {
  type AttendanceLists,
  attendanceLists,
  conflictStatement,
  type ProposedConflict,
  proposeConflicts,
} from './domain/conflicts.ts';
import {
  type Attendance,
  type Member,
  type TallyResult,
  tallyVote,
  type VoteChoice,
  validateAttendance,
} from './domain/tally.ts';

export interface SessionSummary {
  id: number;
  body: string;
  date: string;
  sentToLegalityControlOn: string | null;
  publishedOn: string | null;
}

export interface ReportView {
  id: number;
  number: string;
  deliberationNumber: string | null;
  title: string;
  callId: number | null;
  territories: string;
  cantons: string;
  epci: string;
  context: string;
  visas: string[];
  opinions: { commission: string; visa: string; opinion: string; date: string }[];
  applicationIds: number[];
  /** Member ids (as strings) confirmed "intéressés à l'affaire". */
  conflicted: string[];
  conflictStatement: string | null;
  proposedConflicts: ProposedConflict[];
  votes: Record<string, VoteChoice>;
  /** Null while the vote cannot be counted; `tallyError` says why. */
  tally: TallyResult | null;
  tallyError: string | null;
  version: number;
}

export interface SessionView extends SessionSummary {
  presidentId: string | null;
  secretaryId: string | null;
  version: number;
  members: Member[];
  groupOrder: string[];
  attendance: Record<string, Attendance>;
  attendanceLists: AttendanceLists | null;
  reports: ReportView[];
}

const toMember = (row: {
  id: number;
  civility: 'M.' | 'Mme';
  name: string;
  group_name: string;
  has_voting_right: boolean;
}): Member => ({
  id: String(row.id),
  civility: row.civility,
  name: row.name,
  group: row.group_name,
  hasVotingRight: row.has_voting_right,
});

const summary = (row: SessionRow): SessionSummary => ({
  id: Number(row.id),
  body: row.body,
  date: row.session_date,
  sentToLegalityControlOn: row.sent_to_legality_control_on,
  publishedOn: row.published_on,
});

export async function listSessions(sql: Sql): Promise<SessionSummary[]> {
  return (await selectSessions(sql)).map(summary);
}

function attendanceRecord(rows: readonly AttendanceRow[]): Record<string, Attendance> {
  const record: Record<string, Attendance> = {};
  for (const row of rows) {
    const id = String(row.member_id);
    record[id] =
      row.kind === 'excused'
        ? {
            kind: 'excused',
            proxyHolderId: row.proxy_holder_id === null ? null : String(row.proxy_holder_id),
          }
        : { kind: row.kind };
  }
  return record;
}

async function reportView(
  sql: Sql,
  report: ReportRow,
  members: readonly Member[],
  attendance: Record<string, Attendance>,
  groupOrder: readonly string[],
  presidentId: string | null,
): Promise<ReportView> {
  const id = Number(report.id);
  const applicationIds = await selectReportApplicationIds(sql, id);
  const conflictIds = await selectConflicts(sql, id);
  const voteRows = await selectVotes(sql, id);
  const seats = await selectBoardSeatsForReport(sql, id);
  const conflicted = conflictIds.map(String);
  const votes: Record<string, VoteChoice> = {};
  for (const row of voteRows) votes[String(row.member_id)] = row.choice;
  const memberIds = new Set(members.map((member) => member.id));
  const byId = new Map(members.map((member) => [member.id, member]));
  const ordered = conflicted.flatMap((memberId) => byId.get(memberId) ?? []);
  let tally: TallyResult | null = null;
  let tallyError: string | null = null;
  try {
    tally = tallyVote({
      members,
      attendance,
      votes,
      conflicted: conflicted.filter((memberId) => memberIds.has(memberId)),
      groupOrder,
      presidentId,
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    tallyError = error.message;
  }
  return {
    id,
    number: report.report_number,
    deliberationNumber: report.deliberation_number,
    title: report.title,
    callId: report.call_id === null ? null : Number(report.call_id),
    territories: report.territories,
    cantons: report.cantons,
    epci: report.epci,
    context: report.context,
    visas: report.visas,
    opinions: report.opinions.map((opinion) => ({
      commission: opinion.commission,
      visa: opinion.visa ?? opinion.commission,
      opinion: opinion.opinion,
      date: opinion.date,
    })),
    applicationIds,
    conflicted,
    conflictStatement: conflictStatement(
      members,
      // women first, then men, each in the order confirmed, as the specification prints them
      [...ordered.filter((m) => m.civility === 'Mme'), ...ordered.filter((m) => m.civility === 'M.')].map(
        (member) => member.id,
      ),
    ),
    proposedConflicts: proposeConflicts({
      members,
      boardSeats: seats.map((seat) => ({
        memberId: String(seat.member_id),
        structureId: String(seat.structure_id),
        role: seat.role,
      })),
      fundedStructureIds: [...new Set(seats.map((seat) => String(seat.structure_id)))],
    }),
    votes,
    tally,
    tallyError,
    version: report.version,
  };
}

export async function getSession(sql: Sql, date: string): Promise<SessionView> {
  const session = await selectSessionByDate(sql, date);
  if (!session) throw new NotFoundError('Séance', date);
  const memberRows = await selectMembers(sql);
  const groups = await selectGroups(sql);
  const attendanceRows = await selectAttendance(sql, Number(session.id));
  const reports = await selectReports(sql, Number(session.id));
  const members = memberRows.map(toMember);
  const groupOrder = groups.map((group) => group.name);
  const attendance = attendanceRecord(attendanceRows);
  let lists: AttendanceLists | null = null;
  try {
    lists = attendanceLists(members, attendance);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
  const presidentId = session.president_member_id === null ? null : String(session.president_member_id);
  const views: ReportView[] = [];
  for (const report of reports) {
    views.push(await reportView(sql, report, members, attendance, groupOrder, presidentId));
  }
  return {
    ...summary(session),
    presidentId,
    secretaryId: session.secretary_member_id === null ? null : String(session.secretary_member_id),
    version: session.version,
    members,
    groupOrder,
    attendance,
    attendanceLists: lists,
    reports: views,
  };
}

export function findReport(session: SessionView, reportId: number): ReportView {
  const report = session.reports.find((candidate) => candidate.id === reportId);
  if (!report) throw new NotFoundError('Rapport', reportId);
  return report;
}

async function sessionOfReport(sql: Sql, reportId: number): Promise<string> {
  const [row] = await sql.query<{ session_date: string }>(
    `select s.session_date::text as session_date from committee_reports r
       join committee_sessions s on s.id = r.session_id where r.id = $1`,
    [reportId],
  );
  if (!row) throw new NotFoundError('Rapport', reportId);
  return row.session_date;
}

async function bumpReportVersion(tx: Sql, reportId: number, expectedVersion: number): Promise<void> {
  const rows = await tx.query<{ id: number }>(
    'update committee_reports set version = version + 1 where id = $1 and version = $2 returning id',
    [reportId, expectedVersion],
  );
  if (rows.length === 0) {
    throw new ConflictError(
      "Ce rapport a été modifié par quelqu'un d'autre depuis son ouverture : rechargez-le avant d'enregistrer.",
    );
  }
}

/** The secretariat confirms the members "intéressés à l'affaire" for a report. */
export async function setConflicts(
  db: Database,
  actor: Actor,
  reportId: number,
  input: { memberIds: readonly string[]; version: number },
): Promise<SessionView> {
  const date = await sessionOfReport(db, reportId);
  await db.transaction(async (tx) => {
    const before = findReport(await getSession(tx, date), reportId);
    const known = new Set((await selectMembers(tx)).map((row) => String(row.id)));
    for (const id of input.memberIds) {
      if (!known.has(id))
        throw new DomainError('UNKNOWN_MEMBER', `Membre inconnu : ${id}.`, { field: 'memberIds' });
    }
    await bumpReportVersion(tx, reportId, input.version);
    await replaceConflicts(tx, reportId, [...new Set(input.memberIds)].map(Number));
    await recordAudit(tx, {
      actor,
      action: 'report.conflicts',
      entity: 'committee_report',
      entityId: reportId,
      before: { conflicted: before.conflicted },
      after: { conflicted: input.memberIds },
    });
  });
  return getSession(db, date);
}

/** Records the votes of a report; the tally must then be countable (attendance complete, etc.). */
export async function setVotes(
  db: Database,
  actor: Actor,
  reportId: number,
  input: { votes: Readonly<Record<string, VoteChoice>>; version: number },
): Promise<SessionView> {
  const date = await sessionOfReport(db, reportId);
  await db.transaction(async (tx) => {
    // The version first: a stale form gets a conflict, whatever it holds.
    await bumpReportVersion(tx, reportId, input.version);
    const session = await getSession(tx, date);
    const before = findReport(session, reportId);
    // The rules of the tally refuse a vote entered for a member without a vote.
    tallyVote({
      members: session.members,
      attendance: session.attendance,
      votes: input.votes,
      conflicted: before.conflicted,
      groupOrder: session.groupOrder,
      presidentId: session.presidentId,
    });
    await replaceVotes(
      tx,
      reportId,
      Object.entries(input.votes).map(([memberId, choice]) => ({ memberId: Number(memberId), choice })),
    );
    await recordAudit(tx, {
      actor,
      action: 'report.votes',
      entity: 'committee_report',
      entityId: reportId,
      before: { votes: before.votes },
      after: { votes: input.votes },
    });
  });
  return getSession(db, date);
}

async function bumpSessionVersion(tx: Sql, sessionId: number, expectedVersion: number): Promise<void> {
  const rows = await tx.query<{ id: number }>(
    'update committee_sessions set version = version + 1 where id = $1 and version = $2 returning id',
    [sessionId, expectedVersion],
  );
  if (rows.length === 0) {
    throw new ConflictError(
      "Cette séance a été modifiée par quelqu'un d'autre depuis son ouverture : rechargez-la avant d'enregistrer.",
    );
  }
}

/**
 * Records the attendance of the session: present, excused (with the member holding the
 * delegation of vote, if any) or absent, for every member. Checked as the tally checks it.
 */
export async function setAttendance(
  db: Database,
  actor: Actor,
  date: string,
  input: { attendance: Readonly<Record<string, Attendance>>; version: number },
): Promise<SessionView> {
  await db.transaction(async (tx) => {
    const session = await getSession(tx, date);
    await bumpSessionVersion(tx, session.id, input.version);
    validateAttendance({
      members: session.members,
      attendance: input.attendance,
      groupOrder: session.groupOrder,
      presidentId: session.presidentId,
    });
    attendanceLists(session.members, input.attendance);
    await tx.query('delete from session_attendance where session_id = $1', [session.id]);
    await insertAttendance(
      tx,
      session.id,
      Object.entries(input.attendance).map(([memberId, entry]) => ({
        member_id: Number(memberId),
        kind: entry.kind,
        proxy_holder_id:
          entry.kind === 'excused' && entry.proxyHolderId !== null ? Number(entry.proxyHolderId) : null,
      })),
    );
    // A member who no longer holds a vote (absent, or excused without delegation) has none recorded.
    const dropped = await tx.query<{ report_id: number }>(
      `delete from report_votes v using committee_reports r
        where v.report_id = r.id and r.session_id = $1
          and v.member_id not in (
            select member_id from session_attendance
             where session_id = $1 and (kind = 'present' or (kind = 'excused' and proxy_holder_id is not null)))
        returning v.report_id`,
      [session.id],
    );
    if (dropped.length > 0) {
      await tx.query('update committee_reports set version = version + 1 where session_id = $1', [
        session.id,
      ]);
    }
    await recordAudit(tx, {
      actor,
      action: 'session.attendance',
      entity: 'committee_session',
      entityId: session.id,
      before: session.attendance,
      after: input.attendance,
    });
  });
  return getSession(db, date);
}

/** The dates the deliberation was sent to the contrôle de légalité and published (or null). */
export async function setLegalityDates(
  db: Database,
  actor: Actor,
  date: string,
  input: { sentToLegalityControlOn: string | null; publishedOn: string | null; version: number },
): Promise<SessionView> {
  if (input.sentToLegalityControlOn !== null && input.sentToLegalityControlOn < date) {
    throw new ValidationError([
      {
        field: 'sentToLegalityControlOn',
        message: "l'envoi au contrôle de légalité ne peut précéder la séance",
      },
    ]);
  }
  if (input.publishedOn !== null && input.publishedOn < date) {
    throw new ValidationError([
      { field: 'publishedOn', message: 'la publication ne peut précéder la séance' },
    ]);
  }
  await db.transaction(async (tx) => {
    const session = await getSession(tx, date);
    await bumpSessionVersion(tx, session.id, input.version);
    await tx.query(
      'update committee_sessions set sent_to_legality_control_on = $2, published_on = $3 where id = $1',
      [session.id, input.sentToLegalityControlOn, input.publishedOn],
    );
    await recordAudit(tx, {
      actor,
      action: 'session.legality',
      entity: 'committee_session',
      entityId: session.id,
      before: { sentToLegalityControlOn: session.sentToLegalityControlOn, publishedOn: session.publishedOn },
      after: { sentToLegalityControlOn: input.sentToLegalityControlOn, publishedOn: input.publishedOn },
    });
  });
  return getSession(db, date);
}

export interface MemberWithSeats extends Member {
  seats: { structureId: number; structureName: string; role: string }[];
}

/** The elected members with the boards they sit on (the source of proposed conflicts). */
export async function listMembers(sql: Sql): Promise<MemberWithSeats[]> {
  const members = (await selectMembers(sql)).map(toMember);
  const seats = await selectBoardSeats(sql);
  return members.map((member) => ({
    ...member,
    seats: seats
      .filter((seat) => String(seat.member_id) === member.id)
      .map((seat) => ({
        structureId: Number(seat.structure_id),
        structureName: seat.structure_name,
        role: seat.role,
      })),
  }));
}

/** A member takes (or leaves) a seat on a structure's board: audited. */
export async function changeBoardSeat(
  db: Database,
  actor: Actor,
  change: { memberId: number; structureId: number; role: string; action: 'add' | 'remove' },
): Promise<MemberWithSeats[]> {
  await db.transaction(async (tx) => {
    const known = await tx.query<{ id: number }>('select id from elected_members where id = $1', [
      change.memberId,
    ]);
    if (known.length === 0) throw new NotFoundError('Élu', change.memberId);
    const structure = await tx.query<{ id: number }>('select id from structures where id = $1', [
      change.structureId,
    ]);
    if (structure.length === 0) throw new NotFoundError('Structure', change.structureId);
    const seat = { memberId: change.memberId, structureId: change.structureId, role: change.role };
    if (change.action === 'add') {
      const existing = await tx.query(
        'select 1 from board_seats where member_id = $1 and structure_id = $2 and role = $3',
        [seat.memberId, seat.structureId, seat.role],
      );
      if (existing.length > 0) {
        throw new DomainError('SEAT_EXISTS', 'Cet élu siège déjà à ce titre au conseil de cette structure.', {
          field: 'role',
        });
      }
      await insertBoardSeat(tx, seat);
    } else if ((await deleteBoardSeat(tx, seat)) === 0) {
      throw new NotFoundError('Siège', `${seat.structureId} (${seat.role})`);
    }
    await recordAudit(tx, {
      actor,
      action: change.action === 'add' ? 'member.seat.add' : 'member.seat.remove',
      entity: 'elected_member',
      entityId: change.memberId,
      before: change.action === 'remove' ? seat : null,
      after: change.action === 'add' ? seat : null,
    });
  });
  return listMembers(db);
}

// ---------------------------------------------------------------------------------------------
// Dataset
// ---------------------------------------------------------------------------------------------

export interface CommitteeDataset {
  groups: readonly string[];
  members: readonly { key: string; civility: 'M.' | 'Mme'; name: string; group: string; voting: boolean }[];
  boardSeats: readonly { member: string; structure: string; role: string }[];
  sessions: readonly DatasetSession[];
}

/** Writes the dataset's members and sessions; `resolve` gives the ids of other modules' records. */
export async function loadCommitteeDataset(
  tx: Sql,
  data: CommitteeDataset,
  resolve: {
    structureId: (key: string) => number | undefined;
    callId: (code: string) => number | undefined;
    applicationIdsOfCall: (code: string) => readonly number[];
  },
): Promise<void> {
  for (const [index, name] of data.groups.entries()) await insertGroup(tx, name, index);
  const memberIds = new Map<string, number>();
  for (const [index, member] of data.members.entries()) {
    if (!data.groups.includes(member.group)) {
      throw new DomainError('DATASET_INVALID', `Élu ${member.name} : groupe inconnu « ${member.group} ».`);
    }
    memberIds.set(
      member.key,
      await insertMember(tx, {
        dataset_key: member.key,
        civility: member.civility,
        name: member.name,
        group_name: member.group,
        has_voting_right: member.voting,
        position: index,
      }),
    );
  }
  const memberId = (key: string, where: string): number => {
    const id = memberIds.get(key);
    if (id === undefined) throw new DomainError('DATASET_INVALID', `${where} : élu inconnu « ${key} ».`);
    return id;
  };
  for (const seat of data.boardSeats) {
    const structureId = resolve.structureId(seat.structure);
    if (structureId === undefined) {
      throw new DomainError(
        'DATASET_INVALID',
        `Siège de ${seat.member} : structure inconnue « ${seat.structure} ».`,
      );
    }
    await insertBoardSeat(tx, { memberId: memberId(seat.member, 'Siège'), structureId, role: seat.role });
  }
  for (const session of data.sessions) {
    const where = `Séance du ${session.date}`;
    const sessionId = await insertSession(tx, {
      body: session.body,
      session_date: session.date,
      president_member_id: memberId(session.president, where),
      secretary_member_id: session.secretary === undefined ? null : memberId(session.secretary, where),
      sent_to_legality_control_on: session.sent_to_legality_control_on ?? null,
      published_on: session.published_on ?? null,
    });
    const attendance: AttendanceRow[] = [
      ...session.attendance.present.map((key) => ({
        member_id: memberId(key, where),
        kind: 'present' as const,
        proxy_holder_id: null,
      })),
      ...session.attendance.excused.map((entry) => ({
        member_id: memberId(entry.member, where),
        kind: 'excused' as const,
        proxy_holder_id: entry.proxy === undefined ? null : memberId(entry.proxy, where),
      })),
      ...session.attendance.absent.map((key) => ({
        member_id: memberId(key, where),
        kind: 'absent' as const,
        proxy_holder_id: null,
      })),
    ];
    await insertAttendance(tx, sessionId, attendance);
    for (const report of session.reports) {
      const callId = resolve.callId(report.call);
      if (callId === undefined)
        throw new DomainError('DATASET_INVALID', `${where} : appel inconnu ${report.call}.`);
      const reportId = await insertReport(tx, {
        session_id: sessionId,
        call_id: callId,
        report_number: report.number,
        deliberation_number: report.deliberation ?? null,
        title: report.title,
        territories: report.territories,
        cantons: report.cantons,
        epci: report.epci,
        context: report.context.trim(),
        visas: report.visas,
        opinions: report.opinions.map((opinion) => ({
          commission: opinion.commission,
          ...(opinion.visa === undefined ? {} : { visa: opinion.visa }),
          opinion: opinion.opinion,
          date: opinion.date,
        })),
      });
      await attachApplications(tx, reportId, resolve.applicationIdsOfCall(report.call));
      const conflicted = report.conflicts.map((key) => memberId(key, `${where}, rapport ${report.number}`));
      await replaceConflicts(tx, reportId, conflicted);
      const votes = new Map<number, VoteChoice>();
      for (const [key, choice] of Object.entries(report.votes?.members ?? {})) {
        votes.set(memberId(key, `${where}, rapport ${report.number}`), choice);
      }
      const others = report.votes?.others;
      if (others !== undefined) {
        const conflictedSet = new Set(conflicted);
        const voting = new Set(
          data.members.filter((member) => member.voting).map((member) => memberIds.get(member.key)),
        );
        for (const row of attendance) {
          const hasVote = row.kind === 'present' || (row.kind === 'excused' && row.proxy_holder_id !== null);
          if (!hasVote || !voting.has(row.member_id) || conflictedSet.has(row.member_id)) continue;
          if (!votes.has(row.member_id)) votes.set(row.member_id, others);
        }
      }
      await replaceVotes(
        tx,
        reportId,
        [...votes].map(([id, choice]) => ({ memberId: id, choice })),
      );
    }
  }
}
