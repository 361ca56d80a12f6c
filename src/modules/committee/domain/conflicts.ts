/**
 * Conflicts of interest and attendance of a session of the Commission Permanente, as pure
 * functions: the proposal of the members "intéressés à l'affaire" from the boards they sit on, the
 * sentence of the deliberation naming them, and the attendance lists printed at the head of the
 * deliberation (délibération n°2023-259 du Pas-de-Calais, 12 June 2023).
 *
 * An élu who sits, for the département or personally, on the board of a structure the report
 * funds must take part neither in the debate nor in the vote (CGCT L.1111-6, II, for subsidies;
 * loi n°2013-907, art. 2; Code pénal, art. 432-12). The software only proposes: the secretariat
 * confirms the list, which then feeds `tallyVote` (`conflicted`).
 *
 * Nothing here does I/O, reads the clock or draws random numbers.
 */

import { DomainError } from '../../../kernel/errors.ts';
import { type Attendance, type Member, memberLabel } from './tally.ts';

// ---------------------------------------------------------------------------------------------
// Proposal of conflicts
// ---------------------------------------------------------------------------------------------

export interface BoardSeat {
  memberId: string;
  structureId: string;
  /** "administrateur", "président", "représentant du Département"… */
  role: string;
}

export interface ProposedConflict {
  memberId: string;
  label: string;
  hasVotingRight: boolean;
  /** In the order of `fundedStructureIds`; roles distinct, in the order of `boardSeats`. */
  structures: { structureId: string; roles: string[] }[];
}

const COLLATOR = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** A token is part of the surname when written in capitals ("HINGREZ-CÉRÉDA", "AIT-CHIKHEBBIH"). */
function isSurnameToken(token: string): boolean {
  return token === token.toLocaleUpperCase('fr') && token !== token.toLocaleLowerCase('fr');
}

/** "LEROY Jean-Claude" from "Jean-Claude LEROY": French lists sort by surname, then first name. */
export function surnameFirst(name: string): string {
  const tokens = name.trim().split(/\s+/);
  const surname = tokens.filter(isSurnameToken);
  const given = tokens.filter((token) => !isSurnameToken(token));
  return [...surname, ...given].join(' ');
}

/** Orders members by surname, then first name (French collation, accents and case ignored). */
export function compareMembersByName(a: Member, b: Member): number {
  return (
    COLLATOR.compare(surnameFirst(a.name), surnameFirst(b.name)) ||
    COLLATOR.compare(a.name, b.name) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/**
 * For each member who sits on the board of a funded structure, the structures and roles concerned.
 * Seats of people who are not members of the session, and seats on structures the report does not
 * fund, are ignored. Members without voting right are proposed too: they must not take part in the
 * debate either. Sorted by surname, then first name.
 */
export function proposeConflicts(input: {
  members: readonly Member[];
  boardSeats: readonly BoardSeat[];
  fundedStructureIds: readonly string[];
}): ProposedConflict[] {
  const funded = new Map<string, number>();
  for (const id of input.fundedStructureIds) if (!funded.has(id)) funded.set(id, funded.size);
  const byId = new Map(input.members.map((member) => [member.id, member]));

  const seats = new Map<string, Map<string, Set<string>>>();
  for (const seat of input.boardSeats) {
    if (!byId.has(seat.memberId) || !funded.has(seat.structureId)) continue;
    const structures = seats.get(seat.memberId) ?? new Map<string, Set<string>>();
    const roles = structures.get(seat.structureId) ?? new Set<string>();
    roles.add(seat.role);
    structures.set(seat.structureId, roles);
    seats.set(seat.memberId, structures);
  }

  const proposals: { member: Member; conflict: ProposedConflict }[] = [];
  for (const [memberId, structures] of seats) {
    const member = byId.get(memberId);
    if (!member) continue;
    const ordered = [...structures.entries()]
      .sort(([a], [b]) => (funded.get(a) ?? 0) - (funded.get(b) ?? 0))
      .map(([structureId, roles]) => ({ structureId, roles: [...roles] }));
    proposals.push({
      member,
      conflict: {
        memberId,
        label: memberLabel(member),
        hasVotingRight: member.hasVotingRight,
        structures: ordered,
      },
    });
  }
  return proposals
    .sort((a, b) => compareMembersByName(a.member, b.member))
    .map((proposal) => proposal.conflict);
}

// ---------------------------------------------------------------------------------------------
// French enumerations
// ---------------------------------------------------------------------------------------------

/** "A", "A et B", "A, B et C" */
export function joinWithEt(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items.at(-1) ?? ''}`;
}

/**
 * "Mesdames Mireille HINGREZ-CÉRÉDA, … et Marie-Line PLOUVIEZ, ainsi que Messieurs François
 * LEMAIRE, Laurent DUPORGE et Ludovic PAJOT, intéressés à l'affaire, n'ont pris part ni au débat,
 * ni au vote ;" — names in the order given, women first as in the specification; agreement in
 * gender and number ("Madame …, intéressée à l'affaire, n'a pris part …"). Null when nobody is
 * conflicted.
 */
export function conflictStatement(
  members: readonly Member[],
  conflictedIds: readonly string[],
): string | null {
  const byId = new Map(members.map((member) => [member.id, member]));
  const conflicted: Member[] = [];
  for (const id of new Set(conflictedIds)) {
    const member = byId.get(id);
    if (!member) {
      throw new DomainError('UNKNOWN_MEMBER', `Membre inconnu dans cette séance : ${id}.`, {
        field: 'conflicted',
      });
    }
    conflicted.push(member);
  }
  if (conflicted.length === 0) return null;
  const women = conflicted.filter((member) => member.civility === 'Mme').map((member) => member.name);
  const men = conflicted.filter((member) => member.civility === 'M.').map((member) => member.name);
  const named = (names: string[], one: string, many: string): string | null =>
    names.length === 0 ? null : `${names.length === 1 ? one : many} ${joinWithEt(names)}`;
  const subject = [named(women, 'Madame', 'Mesdames'), named(men, 'Monsieur', 'Messieurs')]
    .filter((part) => part !== null)
    .join(', ainsi que ');
  const plural = conflicted.length > 1;
  const interested = `intéressé${men.length === 0 ? 'e' : ''}${plural ? 's' : ''}`;
  const verb = plural ? "n'ont" : "n'a";
  return `${subject}, ${interested} à l'affaire, ${verb} pris part ni au débat, ni au vote ;`;
}

// ---------------------------------------------------------------------------------------------
// Attendance lists
// ---------------------------------------------------------------------------------------------

export interface AttendanceLists {
  present: string[];
  excused: string[];
  absent: string[];
  presentWithoutVote: string[];
  excusedWithoutVote: string[];
  absentWithoutVote: string[];
  /** The non-empty lists, each as one line: "Étaient présents : M. …, Mme …." */
  lines: string[];
}

/** "Étaient présents" (a man among them), "Étaient présentes", "Était présent", "Était présente". */
function presentHeading(present: readonly Member[]): string {
  const feminine = present.every((member) => member.civility === 'Mme');
  if (present.length === 1) return `Était présent${feminine ? 'e' : ''}`;
  return `Étaient présent${feminine ? 'e' : ''}s`;
}

/**
 * The attendance lists of the deliberation, in the order of `members` (the protocol order):
 * "Étaient présents : …", "Excusé(s) : …", "Absent(s) : …", "Assistant également sans voix
 * délibérative : …", "Excusé(s) sans voix délibérative : …" and, not in the specification but
 * possible, "Absent(s) sans voix délibérative : …". Empty lists are left out. Each line ends with a
 * full stop, as in the specification. Every member needs an attendance.
 */
export function attendanceLists(
  members: readonly Member[],
  attendance: Readonly<Record<string, Attendance>>,
): AttendanceLists {
  const ids = new Set(members.map((member) => member.id));
  for (const id of Object.keys(attendance)) {
    if (!ids.has(id)) {
      throw new DomainError('UNKNOWN_MEMBER', `Membre inconnu dans cette séance : ${id}.`, {
        field: `attendance.${id}`,
      });
    }
  }
  const buckets = {
    present: [] as Member[],
    excused: [] as Member[],
    absent: [] as Member[],
    presentWithoutVote: [] as Member[],
    excusedWithoutVote: [] as Member[],
    absentWithoutVote: [] as Member[],
  };
  for (const member of members) {
    const entry = Object.hasOwn(attendance, member.id) ? attendance[member.id] : undefined;
    if (!entry) {
      throw new DomainError('ATTENDANCE_MISSING', `Présence non renseignée pour ${memberLabel(member)}.`, {
        field: `attendance.${member.id}`,
      });
    }
    const voting = member.hasVotingRight;
    switch (entry.kind) {
      case 'present':
        (voting ? buckets.present : buckets.presentWithoutVote).push(member);
        break;
      case 'excused':
        (voting ? buckets.excused : buckets.excusedWithoutVote).push(member);
        break;
      case 'absent':
        (voting ? buckets.absent : buckets.absentWithoutVote).push(member);
        break;
    }
  }
  const headings: [keyof typeof buckets, string][] = [
    ['present', presentHeading(buckets.present)],
    ['excused', 'Excusé(s)'],
    ['absent', 'Absent(s)'],
    ['presentWithoutVote', 'Assistant également sans voix délibérative'],
    ['excusedWithoutVote', 'Excusé(s) sans voix délibérative'],
    ['absentWithoutVote', 'Absent(s) sans voix délibérative'],
  ];
  const lines = headings
    .filter(([key]) => buckets[key].length > 0)
    .map(([key, heading]) => `${heading} : ${buckets[key].map(memberLabel).join(', ')}.`);
  const labels = (list: Member[]): string[] => list.map(memberLabel);
  return {
    present: labels(buckets.present),
    excused: labels(buckets.excused),
    absent: labels(buckets.absent),
    presentWithoutVote: labels(buckets.presentWithoutVote),
    excusedWithoutVote: labels(buckets.excusedWithoutVote),
    absentWithoutVote: labels(buckets.absentWithoutVote),
    lines,
  };
}
