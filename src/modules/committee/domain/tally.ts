/**
 * The tally of one report's vote in a session of the Commission Permanente, as a pure function:
 * the members, their attendance, the delegations of vote, the members with a conflict of interest
 * and the votes entered give the counts, the political groups of each category, the outcome and
 * the French wording of the deliberation ("Pour : 28 voix (…) Contre : 0 voix Abstention : 13 voix
 * (…) Absents sans délégation de vote : 2 (…)" then "(Adopté)"), as in délibération n°2023-259 of
 * the Commission Permanente du Pas-de-Calais (12 June 2023).
 *
 * Rules applied (CGCT = Code général des collectivités territoriales):
 *
 * - Majority. "Les délibérations … sont prises à la majorité des suffrages exprimés" (CGCT
 *   L.3121-14, last paragraph, made applicable to the Commission Permanente by L.3121-14-1). The
 *   suffrages exprimés are the votes for and against; abstentions and members who do not take part
 *   are not. A report is adopted when for > against.
 * - Equal split. "En cas de partage, la voix du président est prépondérante" (CGCT L.3121-15, for
 *   public votes, the way a report is voted). The casting vote belongs to the member chairing the
 *   report (`presidentId`, the president or whoever replaces him); with an equal split the report
 *   is adopted only if that member voted for. If the chair abstained or took no part, there is no
 *   majority and the report is rejected. Whether L.3121-15 reaches the Commission Permanente is
 *   settled by the règlement intérieur, hence `presidentCastingVote` (default true). 0 for and 0
 *   against is no split: no vote was expressed, the report is rejected.
 * - Delegation of vote. "Un conseiller … empêché d'assister à une réunion peut donner délégation de
 *   vote, pour cette réunion, à un autre membre … Un conseiller … ne peut recevoir qu'une seule
 *   délégation" (CGCT L.3121-16). Only an excused member with a voting right can give one, to a
 *   member with a voting right who is present; a holder carries at most `maxProxiesPerHolder`
 *   delegations (default 1, the law; the parameter exists for the temporary regimes that allowed
 *   two, and for other assemblies).
 * - Conflicts of interest. A member "intéressé à l'affaire" takes part neither in the debate nor in
 *   the vote (CGCT L.1111-6, II: the élus sitting for the département on the board of a structure
 *   must stand aside when it decides to grant that structure a subsidy; loi n°2013-907, art. 2;
 *   Code pénal, art. 432-12). Their vote is "not taking part" whatever was entered (a notice says
 *   so when something else was entered). A delegation is given for the whole session, so a
 *   conflicted member may hold one: it is not refused, but for this report the holder takes no part
 *   in the vote, so the delegated vote is not cast either and is counted as "not taking part" (a
 *   notice names both members). The delegating member is still represented (not "absent sans
 *   délégation de vote").
 * - Who has a vote. A member with a voting right who is present, or excused with a delegation. An
 *   absent member, or an excused member without delegation, has no vote and is counted under
 *   "Absents sans délégation de vote"; entering a vote for them is refused. Members "sans voix
 *   délibérative" take no part in the tally; entering a vote for them is refused.
 * - Quorum. "La commission permanente ne peut délibérer si la majorité absolue de ses membres en
 *   exercice n'est présente ou représentée" (CGCT L.3121-14-1). It is reported (members with a
 *   voting right present or represented, conflicted members included since they attend the
 *   session) but does not change `adopted`: a session without quorum must not vote at all, which
 *   the caller refuses before recording a tally.
 *
 * Wording: the labels are headings and do not agree with the count, as in the specification
 * ("Abstention : 13 voix"); "voix" is invariable ("0 voix", "1 voix", "28 voix"). The groups of a
 * category are printed in parentheses, distinct, in `groupOrder`, only when its count is > 0.
 * The specification counts the 13 members who took no part under "Abstention" (37 present + 4
 * represented = 41 votes, 28 for, 13 "abstention", 2 absent without delegation): that is
 * `notTakingPartAs: 'abstention'` (the default). With 'separate' they get their own part, "Ne
 * prennent pas part au vote : N (…)", printed even when N is 0.
 *
 * Nothing here does I/O, reads the clock or draws random numbers.
 */

import { DomainError } from '../../../kernel/errors.ts';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export type Civility = 'M.' | 'Mme';

export interface Member {
  id: string;
  civility: Civility;
  /** As printed in deliberations: first name then surname in capitals ("Jean-Claude LEROY"). */
  name: string;
  /** A political group ("Groupe Socialiste, Républicain et Citoyen") or 'Non-inscrit'. */
  group: string;
  /** False for members attending "sans voix délibérative". */
  hasVotingRight: boolean;
}

export type Attendance =
  | { kind: 'present' }
  | { kind: 'excused'; proxyHolderId: string | null }
  | { kind: 'absent' };

export type VoteChoice = 'for' | 'against' | 'abstention' | 'not_taking_part';

export const VOTE_CHOICES: readonly VoteChoice[] = ['for', 'against', 'abstention', 'not_taking_part'];

export const VOTE_CHOICE_LABELS: Record<VoteChoice, string> = {
  for: 'pour',
  against: 'contre',
  abstention: 'abstention',
  not_taking_part: 'ne prend pas part au vote',
};

export interface WordingOptions {
  /** Where members who take no part are printed: under "Abstention" (the specification) or apart. */
  notTakingPartAs: 'abstention' | 'separate';
}

export interface TallyInput {
  members: readonly Member[];
  /** By member id. Required for every member with a voting right. */
  attendance: Readonly<Record<string, Attendance>>;
  /** By member id: one entry for every member with a vote who is not conflicted. */
  votes: Readonly<Record<string, VoteChoice>>;
  /** Ids of the members "intéressés à l'affaire" for this report. */
  conflicted: readonly string[];
  /** Every group of a member with a voting right, in the order the deliberation prints them. */
  groupOrder: readonly string[];
  wording?: WordingOptions;
  /** CGCT L.3121-16: one delegation per holder. */
  maxProxiesPerHolder?: number;
  /** The member chairing the report; needed when an equal split is decided by the casting vote. */
  presidentId?: string | null;
  /** CGCT L.3121-15: the chair's vote decides an equal split. Default true. */
  presidentCastingVote?: boolean;
}

/** How one member's vote was counted. */
export interface Ballot {
  memberId: string;
  label: string;
  group: string;
  /** The vote counted. */
  choice: VoteChoice;
  cast: 'in_person' | 'by_proxy';
  proxyHolderId: string | null;
  /** What was entered, if anything. */
  entered: VoteChoice | null;
  /** Why `choice` is what it is. */
  reason: 'entered' | 'conflicted' | 'proxy_holder_conflicted';
}

export interface MemberWithoutVote {
  memberId: string;
  label: string;
  group: string;
  attendance: 'excused' | 'absent';
}

export interface TallyCounts {
  for: number;
  against: number;
  abstention: number;
  notTakingPart: number;
  absentWithoutProxy: number;
}

export type TallyGroups = { [K in keyof TallyCounts]: string[] };

export interface WordingPart {
  label: string;
  count: number;
  /** ' voix' or ''. */
  unit: string;
  groups: string[];
}

export interface TallyResult {
  counts: TallyCounts;
  /** The distinct groups of each category, in `groupOrder` (not merged: see `wordingParts`). */
  groups: TallyGroups;
  ballots: Ballot[];
  absentWithoutProxy: MemberWithoutVote[];
  /** Members with a voting right. */
  votingMembers: number;
  /** Members with a vote, in person or by delegation: for + against + abstention + notTakingPart. */
  votesHeld: number;
  /** Suffrages exprimés: for + against. */
  votesCast: number;
  quorum: { presentOrRepresented: number; required: number; reached: boolean };
  adopted: boolean;
  decidedByCastingVote: boolean;
  wordingParts: WordingPart[];
  /** "Pour : 28 voix (…) Contre : 0 voix Abstention : 13 voix (…) Absents sans délégation de vote : 2 (…)" */
  wording: string;
  outcomeWording: '(Adopté)' | '(Rejeté)';
  /** French notes for the secretariat: overridden entries, delegations not exercised. */
  notices: string[];
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** "M. Jean-Claude LEROY" */
export function memberLabel(member: Pick<Member, 'civility' | 'name'>): string {
  return `${member.civility} ${member.name}`;
}

function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** "présent" / "présente": agreement of a past participle or adjective with the civility. */
function agree(member: Member, masculine: string): string {
  return member.civility === 'Mme' ? `${masculine}e` : masculine;
}

function fail(code: string, message: string, field: string): never {
  throw new DomainError(code, message, { field });
}

function orderGroups(groups: Iterable<string>, groupOrder: readonly string[]): string[] {
  const wanted = new Set(groups);
  return [...new Set(groupOrder)].filter((group) => wanted.has(group));
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

interface Checked {
  byId: Map<string, Member>;
  voting: Member[];
  conflicted: Set<string>;
}

function validate(input: TallyInput): Checked {
  const byId = new Map<string, Member>();
  for (const member of input.members) {
    if (byId.has(member.id)) {
      fail('DUPLICATE_MEMBER', `Le membre ${member.id} figure deux fois dans la liste des élus.`, 'members');
    }
    byId.set(member.id, member);
  }
  const known = (id: string, field: string): Member => {
    const member = byId.get(id);
    if (!member) fail('UNKNOWN_MEMBER', `Membre inconnu dans cette séance : ${id}.`, field);
    return member;
  };

  const maxProxies = input.maxProxiesPerHolder ?? 1;
  if (!Number.isSafeInteger(maxProxies) || maxProxies < 0) {
    fail(
      'INVALID_PARAMETER',
      `Nombre maximal de délégations par élu invalide (${maxProxies}) : un entier positif ou nul est attendu.`,
      'maxProxiesPerHolder',
    );
  }

  for (const id of Object.keys(input.attendance)) known(id, `attendance.${id}`);
  for (const id of Object.keys(input.votes)) known(id, `votes.${id}`);
  for (const id of input.conflicted) known(id, 'conflicted');

  const groups = new Set(input.groupOrder);
  const voting = input.members.filter((member) => member.hasVotingRight);
  for (const member of voting) {
    if (!groups.has(member.group)) {
      fail(
        'GROUP_NOT_IN_ORDER',
        `Le groupe « ${member.group} » de ${memberLabel(member)} ne figure pas dans l'ordre des groupes.`,
        'groupOrder',
      );
    }
  }

  const problems = attendanceProblems(input);
  if (problems.length > 0) throw attendanceError(problems);

  return { byId, voting, conflicted: new Set(input.conflicted) };
}

/** One problem of a session's attendance: the code, message and field of the error it is alone. */
export interface AttendanceProblem {
  code: string;
  message: string;
  field: string;
}

/** The input `validateAttendance` and `attendanceProblems` read. */
export interface AttendanceInput {
  members: readonly Member[];
  attendance: Readonly<Record<string, Attendance>>;
  groupOrder: readonly string[];
  presidentId?: string | null;
  maxProxiesPerHolder?: number;
}

/**
 * Every problem of the attendance itself, in the order of the members (each named once): a member
 * with a voting right without attendance; a delegation given by a member without voting right, to
 * an unknown member, to a member without voting right or not present; a holder receiving more than
 * `maxProxiesPerHolder` delegations (one problem per holder, on the first delegation over the
 * limit, naming every delegation); then the chair unknown or not present with a voting right. The
 * rest (duplicate members, unknown ids among the attendance's keys, the parameter, the groups) is
 * not looked at: `validateAttendance` refuses it first.
 */
export function attendanceProblems(input: AttendanceInput): AttendanceProblem[] {
  const byId = new Map<string, Member>();
  for (const member of input.members) if (!byId.has(member.id)) byId.set(member.id, member);
  const maxProxies = input.maxProxiesPerHolder ?? 1;
  const problems: AttendanceProblem[] = [];
  const add = (code: string, message: string, field: string) => problems.push({ code, message, field });

  const holders = new Map<string, { held: Member[]; problem: AttendanceProblem | null }>();
  for (const member of input.members) {
    const attendance = own(input.attendance, member.id);
    const field = `attendance.${member.id}`;
    if (!attendance) {
      if (member.hasVotingRight) {
        add('ATTENDANCE_MISSING', `Présence non renseignée pour ${memberLabel(member)}.`, field);
      }
      continue;
    }
    if (attendance.kind !== 'excused' || attendance.proxyHolderId === null) continue;
    const proxyField = `${field}.proxyHolderId`;
    if (!member.hasVotingRight) {
      add(
        'PROXY_WITHOUT_VOTING_RIGHT',
        `${memberLabel(member)} siège sans voix délibérative et ne peut pas donner de délégation de vote.`,
        proxyField,
      );
      continue;
    }
    const holder = byId.get(attendance.proxyHolderId);
    if (!holder) {
      add('UNKNOWN_MEMBER', `Membre inconnu dans cette séance : ${attendance.proxyHolderId}.`, proxyField);
      continue;
    }
    if (!holder.hasVotingRight) {
      add(
        'PROXY_HOLDER_WITHOUT_VOTING_RIGHT',
        `${memberLabel(member)} donne délégation de vote à ${memberLabel(holder)}, qui siège sans voix délibérative.`,
        proxyField,
      );
      continue;
    }
    if (own(input.attendance, holder.id)?.kind !== 'present') {
      add(
        'PROXY_HOLDER_NOT_PRESENT',
        `${memberLabel(member)} donne délégation de vote à ${memberLabel(holder)}, qui n'est pas ${agree(holder, 'présent')}.`,
        proxyField,
      );
      continue;
    }
    const entry = holders.get(holder.id) ?? { held: [], problem: null };
    entry.held.push(member);
    holders.set(holder.id, entry);
    if (entry.held.length > maxProxies && entry.problem === null) {
      // Placed where the limit is first exceeded; the message, written below, names every delegation.
      entry.problem = { code: 'PROXY_LIMIT_EXCEEDED', message: '', field: proxyField };
      problems.push(entry.problem);
    }
  }
  for (const [holderId, { held, problem }] of holders) {
    const holder = byId.get(holderId);
    if (!problem || !holder) continue;
    problem.message = `${memberLabel(holder)} reçoit ${held.length} délégations de vote (${held.map(memberLabel).join(', ')}) ; un élu ne peut en recevoir que ${maxProxies}.`;
  }

  const presidentId = input.presidentId ?? null;
  if (presidentId !== null) {
    const president = byId.get(presidentId);
    if (!president) {
      add('UNKNOWN_MEMBER', `Membre inconnu dans cette séance : ${presidentId}.`, 'presidentId');
    } else if (!president.hasVotingRight || own(input.attendance, presidentId)?.kind !== 'present') {
      add(
        'PRESIDENT_NOT_PRESENT',
        `${memberLabel(president)} ne peut présider : ${agree(president, 'présent')} avec voix délibérative requis.`,
        'presidentId',
      );
    }
  }
  return problems;
}

/**
 * One error for every problem: the first one's code and field, `details.problems` listing them all,
 * the message of the problem when it is alone, otherwise "2 problèmes de présence : … ; …".
 */
function attendanceError(problems: readonly AttendanceProblem[]): DomainError {
  const [first] = problems;
  if (!first) throw new Error('attendanceError: aucun problème');
  const message =
    problems.length === 1
      ? first.message
      : `${problems.length} problèmes de présence : ${problems.map((problem) => problem.message).join(' ; ')}`;
  return new DomainError(first.code, message, {
    field: first.field,
    details: { problems: problems.map(({ code, message, field }) => ({ code, message, field })) },
  });
}

/**
 * Checks a session's attendance on its own (before any vote): every member with a voting right has
 * one, delegations go from an excused member with a voting right to a present one, within the
 * limit per holder, and the chair is present. Same errors as `tallyVote`: one DomainError naming
 * every problem of the attendance (`details.problems`, see `attendanceProblems`).
 */
export function validateAttendance(input: AttendanceInput): void {
  validate({ ...input, votes: {}, conflicted: [] });
}

// ---------------------------------------------------------------------------------------------
// Tally
// ---------------------------------------------------------------------------------------------

const CHOICE_KEYS: Record<VoteChoice, 'for' | 'against' | 'abstention' | 'notTakingPart'> = {
  for: 'for',
  against: 'against',
  abstention: 'abstention',
  not_taking_part: 'notTakingPart',
};

function wordingPart(label: string, count: number, unit: string, groups: string[]): WordingPart {
  return { label, count, unit, groups: count > 0 ? groups : [] };
}

export function formatWordingPart(part: WordingPart): string {
  const groups = part.groups.length > 0 ? ` (${part.groups.join(' ; ')})` : '';
  return `${part.label} : ${part.count}${part.unit}${groups}`;
}

/**
 * Counts one report's vote. Throws a DomainError (French message naming the member, stable code,
 * field path) on inconsistent input: duplicate or unknown member, missing attendance, delegation
 * from a member without voting right or to a member who is absent, excused, without voting right
 * or already holding `maxProxiesPerHolder` delegations, a missing vote, a vote entered for a
 * member who has none, a group missing from `groupOrder`, a chair who is not present with a
 * voting right, or an equal split to decide by casting vote without a chair.
 */
export function tallyVote(input: TallyInput): TallyResult {
  const { byId, voting, conflicted } = validate(input);
  const notTakingPartAs = input.wording?.notTakingPartAs ?? 'abstention';

  const ballots: Ballot[] = [];
  const absentWithoutProxy: MemberWithoutVote[] = [];
  const notices: string[] = [];

  for (const member of input.members) {
    const entered = own(input.votes, member.id) ?? null;
    const label = memberLabel(member);
    if (!member.hasVotingRight) {
      if (entered !== null) {
        fail(
          'VOTE_WITHOUT_RIGHT',
          `Un vote est saisi pour ${label}, qui siège sans voix délibérative.`,
          `votes.${member.id}`,
        );
      }
      continue;
    }
    // validate() guarantees an attendance for every voting member.
    const attendance = own(input.attendance, member.id) ?? { kind: 'absent' };
    const holderId = attendance.kind === 'excused' ? attendance.proxyHolderId : null;
    if (attendance.kind === 'absent' || (attendance.kind === 'excused' && holderId === null)) {
      if (entered !== null) {
        const state = attendance.kind === 'absent' ? agree(member, 'absent') : agree(member, 'excusé');
        fail(
          'VOTE_WITHOUT_RIGHT',
          `Un vote est saisi pour ${label}, ${state} sans délégation de vote.`,
          `votes.${member.id}`,
        );
      }
      absentWithoutProxy.push({
        memberId: member.id,
        label,
        group: member.group,
        attendance: attendance.kind,
      });
      continue;
    }
    const cast = holderId === null ? 'in_person' : 'by_proxy';
    const base = {
      memberId: member.id,
      label,
      group: member.group,
      cast,
      proxyHolderId: holderId,
      entered,
    } as const;
    const holder = holderId === null ? undefined : byId.get(holderId);
    if (conflicted.has(member.id)) {
      if (entered !== null && entered !== 'not_taking_part') {
        notices.push(
          `${label}, ${agree(member, 'intéressé')} à l'affaire, ne prend pas part au vote : le vote saisi (« ${VOTE_CHOICE_LABELS[entered]} ») n'est pas compté.`,
        );
      }
      ballots.push({ ...base, choice: 'not_taking_part', reason: 'conflicted' });
    } else if (holder && conflicted.has(holder.id)) {
      notices.push(
        `${memberLabel(holder)}, ${agree(holder, 'intéressé')} à l'affaire, ne prend pas part au vote : la délégation de vote de ${label} n'est pas exercée pour ce rapport.`,
      );
      ballots.push({ ...base, choice: 'not_taking_part', reason: 'proxy_holder_conflicted' });
    } else {
      if (entered === null) {
        const how = holder ? ` (délégation de vote à ${memberLabel(holder)})` : '';
        fail('VOTE_MISSING', `Vote non saisi pour ${label}${how}.`, `votes.${member.id}`);
      }
      ballots.push({ ...base, choice: entered, reason: 'entered' });
    }
  }

  const counts: TallyCounts = { for: 0, against: 0, abstention: 0, notTakingPart: 0, absentWithoutProxy: 0 };
  const groupSets = {
    for: new Set<string>(),
    against: new Set<string>(),
    abstention: new Set<string>(),
    notTakingPart: new Set<string>(),
    absentWithoutProxy: new Set<string>(),
  };
  for (const ballot of ballots) {
    const key = CHOICE_KEYS[ballot.choice];
    counts[key] += 1;
    groupSets[key].add(ballot.group);
  }
  for (const absent of absentWithoutProxy) {
    counts.absentWithoutProxy += 1;
    groupSets.absentWithoutProxy.add(absent.group);
  }
  const groups: TallyGroups = {
    for: orderGroups(groupSets.for, input.groupOrder),
    against: orderGroups(groupSets.against, input.groupOrder),
    abstention: orderGroups(groupSets.abstention, input.groupOrder),
    notTakingPart: orderGroups(groupSets.notTakingPart, input.groupOrder),
    absentWithoutProxy: orderGroups(groupSets.absentWithoutProxy, input.groupOrder),
  };

  // Majority of the suffrages exprimés (L.3121-14), casting vote of the chair (L.3121-15).
  let adopted = counts.for > counts.against;
  let decidedByCastingVote = false;
  if (counts.for === counts.against && counts.for > 0 && (input.presidentCastingVote ?? true)) {
    const presidentId = input.presidentId ?? null;
    if (presidentId === null) {
      fail(
        'PRESIDENT_MISSING',
        `Partage égal des voix (${counts.for} pour, ${counts.against} contre) : indiquer qui préside, sa voix étant prépondérante.`,
        'presidentId',
      );
    }
    const choice = ballots.find((ballot) => ballot.memberId === presidentId)?.choice;
    if (choice === 'for' || choice === 'against') {
      adopted = choice === 'for';
      decidedByCastingVote = true;
    }
  }

  const merged = notTakingPartAs === 'abstention';
  const wordingParts: WordingPart[] = [
    wordingPart('Pour', counts.for, ' voix', groups.for),
    wordingPart('Contre', counts.against, ' voix', groups.against),
    merged
      ? wordingPart(
          'Abstention',
          counts.abstention + counts.notTakingPart,
          ' voix',
          orderGroups([...groups.abstention, ...groups.notTakingPart], input.groupOrder),
        )
      : wordingPart('Abstention', counts.abstention, ' voix', groups.abstention),
    ...(merged
      ? []
      : [wordingPart('Ne prennent pas part au vote', counts.notTakingPart, '', groups.notTakingPart)]),
    wordingPart('Absents sans délégation de vote', counts.absentWithoutProxy, '', groups.absentWithoutProxy),
  ];

  const votesHeld = ballots.length;
  const required = Math.floor(voting.length / 2) + 1;
  return {
    counts,
    groups,
    ballots,
    absentWithoutProxy,
    votingMembers: voting.length,
    votesHeld,
    votesCast: counts.for + counts.against,
    quorum: { presentOrRepresented: votesHeld, required, reached: votesHeld >= required },
    adopted,
    decidedByCastingVote,
    wordingParts,
    wording: wordingParts.map(formatWordingPart).join(' '),
    outcomeWording: adopted ? '(Adopté)' : '(Rejeté)',
    notices,
  };
}
