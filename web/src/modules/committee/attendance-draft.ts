/**
 * The attendance of a session as the secretariat edits it: one entry per member (present, excused
 * with or without a delegation of vote, absent), what the client can check while the user types
 * (a delegation goes from an excused member with a voting right to a present member with a voting
 * right, one per holder — CGCT L.3121-16 —, the chair is present), the server's refusals placed on
 * the member they name, and what the change does to the votes already entered.
 *
 * The rules are the server's: after the client's own checks, `validateAttendance` (the server's pure
 * function) runs on the whole attendance, so nothing the server would refuse goes unnoticed.
 */
import { DomainError } from '../../../../src/kernel/errors.ts';
import { surnameFirst } from '../../../../src/modules/committee/domain/conflicts.ts';
import { validateAttendance } from '../../../../src/modules/committee/domain/tally.ts';
import type { FieldIssue } from '../../shared/api.ts';
import { agree, labelOf, memberLabel, membersById } from './committee-format.ts';
import type { Attendance, Member, ReportView, SessionView } from './types.ts';

/** A presence as chosen in the form; '' while none is chosen (a member the session lacks). */
export type PresenceChoice = Attendance['kind'] | '';

export interface AttendanceEntry {
  kind: PresenceChoice;
  /** The member holding the delegation of vote ('' for none); kept only while excused. */
  proxyHolderId: string;
}

/** By member id, every member of the session. */
export type AttendanceDraft = Record<string, AttendanceEntry>;

export function attendanceDraftOf(session: SessionView): AttendanceDraft {
  const draft: AttendanceDraft = {};
  for (const member of session.members) {
    const attendance = session.attendance[member.id];
    draft[member.id] = attendance
      ? {
          kind: attendance.kind,
          proxyHolderId: attendance.kind === 'excused' ? (attendance.proxyHolderId ?? '') : '',
        }
      : { kind: '', proxyHolderId: '' };
  }
  return draft;
}

/** What PUT /api/sessions/:date/attendance expects; null while a presence is not chosen. */
export function attendanceOfDraft(
  session: SessionView,
  draft: AttendanceDraft,
): Record<string, Attendance> | null {
  const attendance: Record<string, Attendance> = {};
  for (const member of session.members) {
    const entry = draft[member.id];
    if (!entry || entry.kind === '') return null;
    attendance[member.id] =
      entry.kind === 'excused'
        ? {
            kind: 'excused',
            proxyHolderId: member.hasVotingRight && entry.proxyHolderId !== '' ? entry.proxyHolderId : null,
          }
        : { kind: entry.kind };
  }
  return attendance;
}

/** A refusal tied to one member's row: about the presence itself, or about the delegation. */
export interface AttendanceIssue {
  memberId: string;
  on: 'kind' | 'proxy';
  message: string;
}

export interface AttendanceCheck {
  /** At most one issue per member: the first found, or every problem the server's function names. */
  byMember: Map<string, AttendanceIssue>;
  /** A refusal naming no member. */
  form: string | null;
}

/**
 * The server's field ("attendance.12.proxyHolderId", "attendance.12", "presidentId") as the row
 * of the member concerned; null for a field naming none.
 */
export function issueOfField(session: SessionView, field: string, message: string): AttendanceIssue | null {
  const path = field.replace(/^body\.?/, '');
  const match = /^attendance\.(\d+)(\.proxyHolderId)?(?:\.|$)/.exec(path);
  if (match?.[1] && session.members.some((member) => member.id === match[1])) {
    return { memberId: match[1], on: match[2] ? 'proxy' : 'kind', message };
  }
  if (path === 'presidentId' && session.presidentId) {
    return { memberId: session.presidentId, on: 'kind', message };
  }
  return null;
}

/**
 * The problems a refusal names: every problem of the attendance (`details.problems`, each with its
 * field, as `validateAttendance` lists them) when there is such a list, otherwise `fallback` (the
 * refusal's single `field`, or a 400's `fields`).
 */
export function problemsOf(
  details: Readonly<Record<string, unknown>> | undefined,
  fallback: readonly FieldIssue[],
): FieldIssue[] {
  const problems: unknown = details?.problems;
  if (!Array.isArray(problems)) return [...fallback];
  const issues: FieldIssue[] = [];
  for (const problem of problems as unknown[]) {
    if (typeof problem !== 'object' || problem === null) continue;
    const { field, message } = problem as { field?: unknown; message?: unknown };
    if (typeof field === 'string' && typeof message === 'string') issues.push({ field, message });
  }
  return issues.length > 0 ? issues : [...fallback];
}

/**
 * The server's refusal (each problem of a 422's `details.problems`, its `field`, a 400's `fields`)
 * on the rows it names; two problems on one row are both said there.
 */
export function issuesOfServer(
  session: SessionView,
  fields: readonly FieldIssue[],
): { byMember: Map<string, AttendanceIssue>; unplaced: string[] } {
  const byMember = new Map<string, AttendanceIssue>();
  const unplaced: string[] = [];
  for (const { field, message } of fields) {
    const issue = issueOfField(session, field, message);
    if (!issue) {
      unplaced.push(message);
      continue;
    }
    const known = byMember.get(issue.memberId);
    if (!known) byMember.set(issue.memberId, issue);
    else if (!known.message.includes(message)) known.message = `${known.message} ${message}`;
  }
  return { byMember, unplaced };
}

/** Who gives their delegation to each holder, in the session's order. */
export function delegatorsByHolder(session: SessionView, draft: AttendanceDraft): Map<string, string[]> {
  const holders = new Map<string, string[]>();
  for (const member of session.members) {
    const entry = draft[member.id];
    if (!member.hasVotingRight || entry?.kind !== 'excused' || entry.proxyHolderId === '') continue;
    const list = holders.get(entry.proxyHolderId) ?? [];
    list.push(member.id);
    holders.set(entry.proxyHolderId, list);
  }
  return holders;
}

/**
 * Of the members giving their delegation to the same holder, the one who keeps it: the delegation
 * already recorded, otherwise the first in the session's order. The others are refused.
 */
function keeperOf(
  delegators: readonly string[],
  holderId: string,
  read: AttendanceDraft,
): string | undefined {
  return delegators.find((id) => read[id]?.proxyHolderId === holderId) ?? delegators[0];
}

/** "il"/"elle" (not made by `agree`). */
function pronoun(member: Pick<Member, 'civility'>): string {
  return member.civility === 'Mme' ? 'elle' : 'il';
}

/**
 * What the client can check as the user types, with the server's words where it can: the
 * presence of each member chosen, the chair present, each delegation given to a member present with
 * a voting right who receives no other. When nothing is found, the server's own function checks
 * the whole.
 */
export function checkAttendance(
  session: SessionView,
  draft: AttendanceDraft,
  read: AttendanceDraft,
): AttendanceCheck {
  const byId = membersById(session);
  const byMember = new Map<string, AttendanceIssue>();
  const add = (issue: AttendanceIssue) => {
    if (!byMember.has(issue.memberId)) byMember.set(issue.memberId, issue);
  };
  for (const member of session.members) {
    const entry = draft[member.id];
    if (!entry || entry.kind === '') {
      add({ memberId: member.id, on: 'kind', message: 'Présence à renseigner.' });
      continue;
    }
    if (member.id === session.presidentId && entry.kind !== 'present') {
      add({
        memberId: member.id,
        on: 'kind',
        message: `${memberLabel(member)} préside la séance : ${agree(member, 'présent')} requis.`,
      });
    }
    if (!member.hasVotingRight || entry.kind !== 'excused' || entry.proxyHolderId === '') continue;
    const holder = byId.get(entry.proxyHolderId);
    if (!holder) {
      add({ memberId: member.id, on: 'proxy', message: `Élu inconnu : ${entry.proxyHolderId}.` });
      continue;
    }
    if (!holder.hasVotingRight) {
      add({
        memberId: member.id,
        on: 'proxy',
        message: `${memberLabel(holder)} siège sans voix délibérative : ${pronoun(holder)} ne peut pas recevoir de délégation de vote.`,
      });
      continue;
    }
    if (draft[holder.id]?.kind !== 'present') {
      add({
        memberId: member.id,
        on: 'proxy',
        message: `${memberLabel(holder)} n’est pas ${agree(holder, 'présent')} : seul un élu présent peut recevoir une délégation de vote.`,
      });
    }
  }
  for (const [holderId, delegators] of delegatorsByHolder(session, draft)) {
    if (delegators.length < 2) continue;
    const keeper = keeperOf(delegators, holderId, read);
    for (const id of delegators) {
      if (id === keeper) continue;
      add({
        memberId: id,
        on: 'proxy',
        message: `${labelOf(byId, holderId)} reçoit déjà la délégation de vote de ${labelOf(byId, keeper)} : un élu ne peut en recevoir qu’une (CGCT, art. L.3121-16).`,
      });
    }
  }
  let form: string | null = null;
  const attendance = byMember.size === 0 ? attendanceOfDraft(session, draft) : null;
  if (attendance) {
    try {
      validateAttendance({
        members: session.members,
        attendance,
        groupOrder: session.groupOrder,
        presidentId: session.presidentId,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const single = error.field ? [{ field: error.field, message: error.message }] : [];
      const placed = issuesOfServer(session, problemsOf(error.details, single));
      for (const issue of placed.byMember.values()) add(issue);
      if (placed.byMember.size === 0) form = error.message;
      else if (placed.unplaced.length > 0) form = placed.unplaced.join(' ');
    }
  }
  return { byMember, form };
}

/** A member present with a voting right, offered as the holder of a delegation. */
export interface HolderOption {
  id: string;
  /** "MACIEJASZ Daniel": sorted and typed by surname. */
  label: string;
  /** Whom the member already receives a delegation from (another member, who keeps it). */
  holdsFor: string | null;
  /** Offered only because it is the member's current choice: not present, or without vote. */
  ineligible: string | null;
}

/**
 * The holders offered to `memberId`: every other member present with a voting right, by surname,
 * each marked when another member already gives them a delegation; the current choice is kept
 * even when it is no longer possible (marked, the check says why).
 */
export function holderOptions(
  session: SessionView,
  draft: AttendanceDraft,
  read: AttendanceDraft,
  memberId: string,
): HolderOption[] {
  const byId = membersById(session);
  const holders = delegatorsByHolder(session, draft);
  const chosen = draft[memberId]?.proxyHolderId ?? '';
  const options: (HolderOption & { sortKey: string })[] = [];
  for (const member of session.members) {
    if (member.id === memberId) continue;
    const eligible = member.hasVotingRight && draft[member.id]?.kind === 'present';
    if (!eligible && member.id !== chosen) continue;
    // The member who keeps this holder's delegation, unless it is `memberId` itself.
    const delegators = holders.get(member.id) ?? [];
    const keeper = delegators.includes(memberId)
      ? keeperOf(delegators, member.id, read)
      : delegators.find((id) => id !== memberId);
    options.push({
      id: member.id,
      label: surnameFirst(member.name),
      sortKey: surnameFirst(member.name),
      holdsFor: keeper && keeper !== memberId ? labelOf(byId, keeper) : null,
      ineligible: eligible
        ? null
        : member.hasVotingRight
          ? `non ${agree(member, 'présent')}`
          : 'sans voix délibérative',
    });
  }
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  return options
    .sort((a, b) => collator.compare(a.sortKey, b.sortKey))
    .map(({ sortKey: _sortKey, ...option }) => option);
}

/** "Présent", "Excusée, délégation de vote à M. Daniel MACIEJASZ", "Absente", "non renseignée". */
export function describeEntry(
  byId: ReadonlyMap<string, Member>,
  memberId: string,
  entry: AttendanceEntry | undefined,
): string {
  const member = byId.get(memberId);
  if (!member || !entry || entry.kind === '') return 'non renseignée';
  switch (entry.kind) {
    case 'present':
      return agree(member, 'Présent');
    case 'absent':
      return agree(member, 'Absent');
    case 'excused':
      return entry.proxyHolderId && member.hasVotingRight
        ? `${agree(member, 'Excusé')}, délégation de vote à ${labelOf(byId, entry.proxyHolderId)}`
        : `${agree(member, 'Excusé')}${member.hasVotingRight ? ', sans délégation de vote' : ''}`;
  }
}

/** Whether the entry gives the member a vote (present, or excused with a delegation). */
function holdsVote(member: Member, entry: AttendanceEntry | undefined): boolean {
  if (!member.hasVotingRight || !entry) return false;
  return entry.kind === 'present' || (entry.kind === 'excused' && entry.proxyHolderId !== '');
}

/** What a change of attendance does to one report's votes. */
export interface VoteEffect {
  report: ReportView;
  /** Members who get a vote and have none entered: the tally waits for it. */
  toEnter: Member[];
  /** Members whose entered vote no longer counts: the server removes it with the attendance. */
  toRemove: Member[];
}

/** For the members whose attendance changes, the votes to enter or to remove on each report. */
export function voteEffects(
  session: SessionView,
  draft: AttendanceDraft,
  read: AttendanceDraft,
): VoteEffect[] {
  const changed = session.members.filter(
    (member) => JSON.stringify(draft[member.id]) !== JSON.stringify(read[member.id]),
  );
  if (changed.length === 0) return [];
  return session.reports.flatMap((report) => {
    const conflicted = new Set(report.conflicted);
    const toEnter: Member[] = [];
    const toRemove: Member[] = [];
    for (const member of changed) {
      const votes = holdsVote(member, draft[member.id]);
      const entered = Object.hasOwn(report.votes, member.id);
      const holderId = draft[member.id]?.proxyHolderId ?? '';
      const takesPart = !conflicted.has(member.id) && !conflicted.has(holderId);
      if (votes && !entered && takesPart) toEnter.push(member);
      if (!votes && entered) toRemove.push(member);
    }
    return toEnter.length > 0 || toRemove.length > 0 ? [{ report, toEnter, toRemove }] : [];
  });
}
