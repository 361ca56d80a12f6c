/**
 * French wording of a session's data on the screens: attendance, votes, who holds a vote, what is
 * missing before the documents can be produced, file sizes. The rules themselves (tally, conflicts)
 * stay on the server; the labels of the votes are the server's own (VOTE_CHOICE_LABELS).
 */
import {
  memberLabel,
  VOTE_CHOICE_LABELS,
  VOTE_CHOICES,
} from '../../../../src/modules/committee/domain/tally.ts';
import { NO_VALUE } from '../../shared/format.ts';
import type { Attendance, Member, MissingItem, ReportView, SessionView, VoteChoice } from './types.ts';

export { memberLabel, VOTE_CHOICES };

/** "Pour", "Contre", "Abstention", "Ne prend pas part au vote". */
export function voteLabel(choice: VoteChoice): string {
  const label = VOTE_CHOICE_LABELS[choice];
  return label.charAt(0).toLocaleUpperCase('fr') + label.slice(1);
}

/** "présent" / "présente": agreement with the civility. */
export function agree(member: Pick<Member, 'civility'>, masculine: string): string {
  return member.civility === 'Mme' ? `${masculine}e` : masculine;
}

export function membersById(session: SessionView): Map<string, Member> {
  return new Map(session.members.map((member) => [member.id, member]));
}

export function labelOf(byId: ReadonlyMap<string, Member>, id: string | null | undefined): string {
  if (!id) return NO_VALUE;
  const member = byId.get(id);
  return member ? memberLabel(member) : `élu n°${id}`;
}

/** "Présent", "Excusée", "Absent"… */
export function attendanceLabel(member: Member, attendance: Attendance | undefined): string {
  if (!attendance) return 'Non renseignée';
  switch (attendance.kind) {
    case 'present':
      return agree(member, 'Présent');
    case 'excused':
      return agree(member, 'Excusé');
    case 'absent':
      return agree(member, 'Absent');
  }
}

/** Who gave their delegation of vote to whom, both ways (by member id). */
export function delegations(session: SessionView): {
  givenTo: Map<string, string>;
  receivedFrom: Map<string, string>;
} {
  const givenTo = new Map<string, string>();
  const receivedFrom = new Map<string, string>();
  for (const [memberId, attendance] of Object.entries(session.attendance)) {
    if (attendance.kind === 'excused' && attendance.proxyHolderId) {
      givenTo.set(memberId, attendance.proxyHolderId);
      receivedFrom.set(attendance.proxyHolderId, memberId);
    }
  }
  return { givenTo, receivedFrom };
}

/** How a member takes part in a report's vote. */
export type VoterStatus =
  /** A vote to enter: present, or excused with a delegation whose holder takes part. */
  | { kind: 'votes'; proxyHolderId: string | null }
  /** Intéressé(e) à l'affaire: takes no part, whatever was entered. */
  | { kind: 'conflicted'; proxyHolderId: string | null }
  /** Excused with a delegation to a member who takes no part: the delegation is not exercised. */
  | { kind: 'holder_conflicted'; proxyHolderId: string };

/**
 * The members who hold a vote on the report (voting right, present or excused with delegation), in
 * the session's order, with how they take part, from the confirmed conflicts.
 */
export function voters(session: SessionView, report: ReportView): { member: Member; status: VoterStatus }[] {
  const conflicted = new Set(report.conflicted);
  const result: { member: Member; status: VoterStatus }[] = [];
  for (const member of session.members) {
    if (!member.hasVotingRight) continue;
    const attendance = session.attendance[member.id];
    if (!attendance || attendance.kind === 'absent') continue;
    const holder = attendance.kind === 'excused' ? attendance.proxyHolderId : null;
    if (attendance.kind === 'excused' && holder === null) continue;
    if (conflicted.has(member.id))
      result.push({ member, status: { kind: 'conflicted', proxyHolderId: holder } });
    else if (holder !== null && conflicted.has(holder)) {
      result.push({ member, status: { kind: 'holder_conflicted', proxyHolderId: holder } });
    } else result.push({ member, status: { kind: 'votes', proxyHolderId: holder } });
  }
  return result;
}

/** A vote being entered: a choice, or '' while none is chosen. */
export type VoteDraft = Record<string, VoteChoice | ''>;

/** The recorded votes of the members who have one to enter (others are not sent). */
export function voteDraftOf(session: SessionView, report: ReportView): VoteDraft {
  const draft: VoteDraft = {};
  for (const { member, status } of voters(session, report)) {
    if (status.kind === 'votes') draft[member.id] = report.votes[member.id] ?? '';
  }
  return draft;
}

/** Every member, checked when confirmed "intéressé à l'affaire". */
export type ConflictDraft = Record<string, boolean>;

export function conflictDraftOf(session: SessionView, report: ReportView): ConflictDraft {
  const confirmed = new Set(report.conflicted);
  return Object.fromEntries(session.members.map((member) => [member.id, confirmed.has(member.id)]));
}

// ---------------------------------------------------------------------------------------------
// What is missing before the documents can be produced

export interface MissingGroup {
  key: 'seance' | 'collectivite' | 'operations' | 'structures';
  title: string;
  items: MissingItem[];
}

const GROUP_TITLES: Record<MissingGroup['key'], string> = {
  seance: 'Séance et vote',
  collectivite: 'Collectivité',
  operations: 'Opérations de l’appel',
  structures: 'Structures',
};

const GROUP_OF_KIND: Record<MissingItem['kind'], MissingGroup['key']> = {
  session: 'seance',
  report: 'seance',
  collectivite: 'collectivite',
  operation: 'operations',
  structure: 'structures',
};

/** The server's items grouped by what must be completed, in the order of the page. */
export function groupMissing(items: readonly MissingItem[]): MissingGroup[] {
  const groups = new Map<MissingGroup['key'], MissingGroup>();
  for (const item of items) {
    const key = GROUP_OF_KIND[item.kind];
    const group = groups.get(key) ?? { key, title: GROUP_TITLES[key], items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  const order: MissingGroup['key'][] = ['seance', 'collectivite', 'operations', 'structures'];
  return order.flatMap((key) => groups.get(key) ?? []);
}

/** The group an item of the list belongs to. */
export function missingGroupOf(kind: MissingItem['kind']): MissingGroup['key'] {
  return GROUP_OF_KIND[kind];
}

// ---------------------------------------------------------------------------------------------
// Files

const sizeFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** 53720 → "52,5 ko"; 812 → "812 octets". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes}\u00a0octets`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)}\u00a0ko`;
  return `${sizeFormat.format(bytes / (1024 * 1024))}\u00a0Mo`;
}

const KIND_LABELS: Record<string, string> = {
  report: 'Rapport',
  deliberation: 'Délibération',
  annex_operations: 'Annexe – opérations',
  annex_allocations: 'Annexe 3 – répartition',
  annex_convention: 'Annexe 4 – convention type',
  convention: 'Convention',
  conventions_zip: 'Archive des conventions',
};

export function documentKindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind;
}

const FORMAT_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/zip': 'ZIP',
};

export function formatLabel(mediaType: string, fileName: string): string {
  return FORMAT_LABELS[mediaType] ?? fileName.split('.').at(-1)?.toUpperCase() ?? mediaType;
}

/** The first characters of a hash, enough to compare two versions by eye. */
export function shortHash(hash: string | null | undefined): string {
  return hash ? hash.slice(0, 10) : NO_VALUE;
}
