/** The only SQL of the committee module. */
import type { Sql } from '../../platform/database.ts';
import type { VoteChoice } from './domain/tally.ts';

export interface MemberRow {
  id: number;
  dataset_key: string | null;
  civility: 'M.' | 'Mme';
  name: string;
  group_name: string;
  has_voting_right: boolean;
  position: number;
}

export interface SessionRow {
  id: number;
  body: string;
  session_date: string;
  president_member_id: number | null;
  secretary_member_id: number | null;
  sent_to_legality_control_on: string | null;
  published_on: string | null;
  version: number;
}

export interface ReportRow {
  id: number;
  session_id: number;
  call_id: number | null;
  report_number: string;
  deliberation_number: string | null;
  title: string;
  territories: string;
  cantons: string;
  epci: string;
  context: string;
  visas: string[];
  opinions: { commission: string; visa?: string; opinion: string; date: string }[];
  version: number;
}

export interface AttendanceRow {
  member_id: number;
  kind: 'present' | 'excused' | 'absent';
  proxy_holder_id: number | null;
}

export async function insertGroup(sql: Sql, name: string, position: number): Promise<void> {
  await sql.query('insert into political_groups (name, position) values ($1, $2)', [name, position]);
}

export async function insertMember(sql: Sql, member: Omit<MemberRow, 'id'>): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `insert into elected_members (dataset_key, civility, name, group_name, has_voting_right, position)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      member.dataset_key,
      member.civility,
      member.name,
      member.group_name,
      member.has_voting_right,
      member.position,
    ],
  );
  return (row as { id: number }).id;
}

export async function insertBoardSeat(
  sql: Sql,
  seat: { memberId: number; structureId: number; role: string },
): Promise<void> {
  await sql.query('insert into board_seats (member_id, structure_id, role) values ($1, $2, $3)', [
    seat.memberId,
    seat.structureId,
    seat.role,
  ]);
}

export async function insertSession(sql: Sql, session: Omit<SessionRow, 'id' | 'version'>): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `insert into committee_sessions (body, session_date, president_member_id, secretary_member_id,
       sent_to_legality_control_on, published_on)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      session.body,
      session.session_date,
      session.president_member_id,
      session.secretary_member_id,
      session.sent_to_legality_control_on,
      session.published_on,
    ],
  );
  return (row as { id: number }).id;
}

export async function insertAttendance(
  sql: Sql,
  sessionId: number,
  rows: readonly AttendanceRow[],
): Promise<void> {
  for (const row of rows) {
    await sql.query(
      'insert into session_attendance (session_id, member_id, kind, proxy_holder_id) values ($1, $2, $3, $4)',
      [sessionId, row.member_id, row.kind, row.proxy_holder_id],
    );
  }
}

export async function insertReport(sql: Sql, report: Omit<ReportRow, 'id' | 'version'>): Promise<number> {
  const [row] = await sql.query<{ id: number }>(
    `insert into committee_reports (session_id, call_id, report_number, deliberation_number, title,
       territories, cantons, epci, context, visas, opinions)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id`,
    [
      report.session_id,
      report.call_id,
      report.report_number,
      report.deliberation_number,
      report.title,
      report.territories,
      report.cantons,
      report.epci,
      report.context,
      JSON.stringify(report.visas),
      JSON.stringify(report.opinions),
    ],
  );
  return (row as { id: number }).id;
}

export async function attachApplications(
  sql: Sql,
  reportId: number,
  applicationIds: readonly number[],
): Promise<void> {
  if (applicationIds.length === 0) return;
  await sql.query(
    `insert into report_applications (report_id, application_id)
     select $1, unnest($2::bigint[])`,
    [reportId, applicationIds],
  );
}

export async function replaceConflicts(
  sql: Sql,
  reportId: number,
  memberIds: readonly number[],
): Promise<void> {
  await sql.query('delete from report_conflicts where report_id = $1', [reportId]);
  if (memberIds.length === 0) return;
  await sql.query(
    `insert into report_conflicts (report_id, member_id, position)
     select $1, member_id, position from unnest($2::bigint[]) with ordinality as c (member_id, position)`,
    [reportId, memberIds],
  );
}

export async function replaceVotes(
  sql: Sql,
  reportId: number,
  votes: readonly { memberId: number; choice: VoteChoice }[],
): Promise<void> {
  await sql.query('delete from report_votes where report_id = $1', [reportId]);
  if (votes.length === 0) return;
  await sql.query(
    `insert into report_votes (report_id, member_id, choice)
     select $1, unnest($2::bigint[]), unnest($3::text[])`,
    [reportId, votes.map((vote) => vote.memberId), votes.map((vote) => vote.choice)],
  );
}

export function selectGroups(sql: Sql): Promise<{ name: string }[]> {
  return sql.query<{ name: string }>('select name from political_groups order by position, name');
}

export function selectMembers(sql: Sql): Promise<MemberRow[]> {
  return sql.query<MemberRow>(
    `select id, dataset_key, civility, name, group_name, has_voting_right, position
       from elected_members where active order by position, id`,
  );
}

const SESSION_COLUMNS = `id, body, session_date::text as session_date, president_member_id, secretary_member_id,
  sent_to_legality_control_on::text as sent_to_legality_control_on, published_on::text as published_on, version`;

export function selectSessions(sql: Sql): Promise<SessionRow[]> {
  return sql.query<SessionRow>(
    `select ${SESSION_COLUMNS} from committee_sessions order by session_date desc, id`,
  );
}

export async function selectSessionByDate(sql: Sql, date: string): Promise<SessionRow | undefined> {
  const [row] = await sql.query<SessionRow>(
    `select ${SESSION_COLUMNS} from committee_sessions where session_date = $1 order by id limit 1`,
    [date],
  );
  return row;
}

export function selectAttendance(sql: Sql, sessionId: number): Promise<AttendanceRow[]> {
  return sql.query<AttendanceRow>(
    'select member_id, kind, proxy_holder_id from session_attendance where session_id = $1',
    [sessionId],
  );
}

export function selectReports(sql: Sql, sessionId: number): Promise<ReportRow[]> {
  return sql.query<ReportRow>(
    `select id, session_id, call_id, report_number, deliberation_number, title, territories, cantons, epci,
            context, visas, opinions, version
       from committee_reports where session_id = $1 order by report_number, id`,
    [sessionId],
  );
}

export async function selectReportApplicationIds(sql: Sql, reportId: number): Promise<number[]> {
  const rows = await sql.query<{ application_id: number }>(
    'select application_id from report_applications where report_id = $1 order by application_id',
    [reportId],
  );
  return rows.map((row) => Number(row.application_id));
}

export async function selectConflicts(sql: Sql, reportId: number): Promise<number[]> {
  const rows = await sql.query<{ member_id: number }>(
    'select member_id from report_conflicts where report_id = $1 order by position',
    [reportId],
  );
  return rows.map((row) => Number(row.member_id));
}

export function selectVotes(
  sql: Sql,
  reportId: number,
): Promise<{ member_id: number; choice: VoteChoice }[]> {
  return sql.query<{ member_id: number; choice: VoteChoice }>(
    'select member_id, choice from report_votes where report_id = $1',
    [reportId],
  );
}

/** Board seats of members on the structures a report funds. */
export function selectBoardSeatsForReport(
  sql: Sql,
  reportId: number,
): Promise<{ member_id: number; structure_id: number; role: string }[]> {
  return sql.query<{ member_id: number; structure_id: number; role: string }>(
    `select distinct s.member_id, s.structure_id, s.role
       from board_seats s
       join applications a on a.structure_id = s.structure_id
       join report_applications ra on ra.application_id = a.id
      where ra.report_id = $1
      order by s.member_id, s.structure_id, s.role`,
    [reportId],
  );
}

export function selectBoardSeats(
  sql: Sql,
): Promise<{ member_id: number; structure_id: number; structure_name: string; role: string }[]> {
  return sql.query<{ member_id: number; structure_id: number; structure_name: string; role: string }>(
    `select s.member_id, s.structure_id, coalesce(st.short_name, st.legal_name) as structure_name, s.role
       from board_seats s join structures st on st.id = s.structure_id
      order by s.member_id, structure_name, s.role`,
  );
}

export async function deleteBoardSeat(
  sql: Sql,
  seat: { memberId: number; structureId: number; role: string },
): Promise<number> {
  const rows = await sql.query<{ member_id: number }>(
    'delete from board_seats where member_id = $1 and structure_id = $2 and role = $3 returning member_id',
    [seat.memberId, seat.structureId, seat.role],
  );
  return rows.length;
}
