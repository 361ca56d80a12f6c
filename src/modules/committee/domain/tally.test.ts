import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../../../kernel/errors.ts';
import {
  NI,
  PCF,
  RN,
  SPEC_CONFLICTED,
  SPEC_GROUP_ORDER,
  SPEC_MEMBERS,
  SPEC_PRESIDENT_ID,
  SPEC_TEXT,
  SRC,
  specAttendance,
  specVotes,
  UNION,
} from './spec-session.fixture.ts';
import {
  type Attendance,
  type AttendanceProblem,
  attendanceProblems,
  type Member,
  memberLabel,
  type TallyInput,
  tallyVote,
  VOTE_CHOICES,
  type VoteChoice,
  validateAttendance,
} from './tally.ts';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function specInput(overrides: Partial<TallyInput> = {}): TallyInput {
  return {
    members: SPEC_MEMBERS,
    attendance: specAttendance(),
    votes: specVotes(),
    conflicted: SPEC_CONFLICTED,
    groupOrder: SPEC_GROUP_ORDER,
    presidentId: SPEC_PRESIDENT_ID,
    ...overrides,
  };
}

const GROUPS = ['Groupe A', 'Groupe B', 'Non-inscrit'];

function m(id: string, group = 'Groupe A', extra: Partial<Member> = {}): Member {
  return { id, civility: 'M.', name: `Prénom ${id.toUpperCase()}`, group, hasVotingRight: true, ...extra };
}

const present: Attendance = { kind: 'present' };

/** Asserts a DomainError with this code whose message contains every fragment. */
function refuses(run: () => unknown, code: string, ...fragments: string[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof DomainError, 'DomainError attendue');
    assert.equal(error.code, code);
    for (const fragment of fragments) assert.ok(error.message.includes(fragment), error.message);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// The specification
// ---------------------------------------------------------------------------------------------

describe('délibération n°2023-259 (Commission Permanente du 12 juin 2023)', () => {
  test('reproduces the vote wording and the outcome exactly', () => {
    const result = tallyVote(specInput());
    assert.equal(result.wording, SPEC_TEXT.vote);
    assert.equal(result.outcomeWording, SPEC_TEXT.outcome);
    assert.equal(result.adopted, true);
    assert.equal(result.decidedByCastingVote, false);
    assert.deepEqual(result.notices, []);
  });

  test('37 present + 4 represented = 41 votes: 28 for, 13 not taking part, 2 absent without delegation', () => {
    const result = tallyVote(specInput());
    assert.deepEqual(result.counts, {
      for: 28,
      against: 0,
      abstention: 0,
      notTakingPart: 13,
      absentWithoutProxy: 2,
    });
    assert.equal(result.votingMembers, 43);
    assert.equal(result.votesHeld, 41);
    assert.equal(result.votesCast, 28);
    assert.equal(result.ballots.filter((ballot) => ballot.cast === 'by_proxy').length, 4);
    assert.deepEqual(result.quorum, { presentOrRepresented: 41, required: 22, reached: true });
    assert.deepEqual(result.groups, {
      for: [SRC, PCF, UNION, RN, NI],
      against: [],
      abstention: [],
      notTakingPart: [SRC, PCF, UNION, RN],
      absentWithoutProxy: [SRC, UNION],
    });
    assert.deepEqual(
      result.absentWithoutProxy.map((member) => [member.label, member.group, member.attendance]),
      [
        ['M. Jean-Jacques COTTEL', SRC, 'absent'],
        ['Mme Stéphanie GUISELAIN', UNION, 'absent'],
      ],
    );
  });

  test("'separate' prints the 13 members who take no part in their own part", () => {
    const result = tallyVote(specInput({ wording: { notTakingPartAs: 'separate' } }));
    assert.equal(
      result.wording,
      `Pour : 28 voix (${SRC} ; ${PCF} ; ${UNION} ; ${RN} ; ${NI}) Contre : 0 voix Abstention : 0 voix ` +
        `Ne prennent pas part au vote : 13 (${SRC} ; ${PCF} ; ${UNION} ; ${RN}) ` +
        `Absents sans délégation de vote : 2 (${SRC} ; ${UNION})`,
    );
    assert.equal(result.outcomeWording, '(Adopté)');
  });

  test('a conflicted member entered as "for" is counted as not taking part, with a notice', () => {
    const votes = { ...specVotes(), pajot: 'for', gauthier: 'not_taking_part' } satisfies Record<
      string,
      VoteChoice
    >;
    const result = tallyVote(specInput({ votes }));
    assert.equal(result.counts.for, 28);
    assert.equal(result.counts.notTakingPart, 13);
    assert.equal(result.wording, SPEC_TEXT.vote);
    const pajot = result.ballots.find((ballot) => ballot.memberId === 'pajot');
    assert.deepEqual(pajot && [pajot.choice, pajot.entered, pajot.reason], [
      'not_taking_part',
      'for',
      'conflicted',
    ]);
    assert.deepEqual(result.notices, [
      "M. Ludovic PAJOT, intéressé à l'affaire, ne prend pas part au vote : le vote saisi (« pour ») n'est pas compté.",
    ]);
  });

  test('a delegation held by a conflicted member is not exercised for the report', () => {
    const attendance = specAttendance();
    attendance.georget = { kind: 'excused', proxyHolderId: 'duporge' };
    const result = tallyVote(specInput({ attendance }));
    assert.equal(result.counts.for, 27);
    assert.equal(result.counts.notTakingPart, 14);
    assert.equal(result.counts.absentWithoutProxy, 2);
    const georget = result.ballots.find((ballot) => ballot.memberId === 'georget');
    assert.deepEqual(georget && [georget.choice, georget.cast, georget.reason], [
      'not_taking_part',
      'by_proxy',
      'proxy_holder_conflicted',
    ]);
    assert.match(result.notices.join('\n'), /M\. Laurent DUPORGE.*délégation de vote de M\. Pierre GEORGET/);
  });

  test('every entry of a present member without voting right is refused', () => {
    refuses(
      () => tallyVote(specInput({ votes: { ...specVotes(), petit: 'for' } })),
      'VOTE_WITHOUT_RIGHT',
      'M. Bertrand PETIT',
      'sans voix délibérative',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Majority and casting vote
// ---------------------------------------------------------------------------------------------

describe('majority of the suffrages exprimés, casting vote of the chair', () => {
  const members = [m('p'), m('a'), m('b'), m('c'), m('d')];
  const attendance = Object.fromEntries(members.map((member) => [member.id, present]));
  const input = (votes: Record<string, VoteChoice>, extra: Partial<TallyInput> = {}): TallyInput => ({
    members,
    attendance,
    votes,
    conflicted: [],
    groupOrder: GROUPS,
    presidentId: 'p',
    ...extra,
  });

  const cases: {
    name: string;
    votes: Record<string, VoteChoice>;
    extra?: Partial<TallyInput>;
    adopted: boolean;
    casting: boolean;
  }[] = [
    {
      name: '3 for, 2 against',
      votes: { p: 'for', a: 'for', b: 'for', c: 'against', d: 'against' },
      adopted: true,
      casting: false,
    },
    {
      name: '1 for, 0 against, 4 abstentions: abstentions are not suffrages exprimés',
      votes: { p: 'abstention', a: 'for', b: 'abstention', c: 'abstention', d: 'abstention' },
      adopted: true,
      casting: false,
    },
    {
      name: '2–2, the president for',
      votes: { p: 'for', a: 'for', b: 'against', c: 'against', d: 'abstention' },
      adopted: true,
      casting: true,
    },
    {
      name: '2–2, the president against',
      votes: { p: 'against', a: 'for', b: 'for', c: 'against', d: 'abstention' },
      adopted: false,
      casting: true,
    },
    {
      name: '2–2, the president for, without casting vote',
      votes: { p: 'for', a: 'for', b: 'against', c: 'against', d: 'abstention' },
      extra: { presidentCastingVote: false },
      adopted: false,
      casting: false,
    },
    {
      name: '2–2, the president abstains: no majority',
      votes: { p: 'abstention', a: 'for', b: 'for', c: 'against', d: 'against' },
      adopted: false,
      casting: false,
    },
    {
      name: '2–2, the president conflicted: no majority',
      votes: { p: 'for', a: 'for', b: 'for', c: 'against', d: 'against' },
      extra: { conflicted: ['p'] },
      adopted: false,
      casting: false,
    },
    {
      name: '0–0: nothing expressed, rejected',
      votes: { p: 'abstention', a: 'abstention', b: 'not_taking_part', c: 'abstention', d: 'abstention' },
      adopted: false,
      casting: false,
    },
  ];
  for (const { name, votes, extra, adopted, casting } of cases) {
    test(name, () => {
      const result = tallyVote(input(votes, extra));
      assert.equal(result.adopted, adopted);
      assert.equal(result.decidedByCastingVote, casting);
      assert.equal(result.outcomeWording, adopted ? '(Adopté)' : '(Rejeté)');
    });
  }

  test('an equal split with casting vote needs to know who chairs', () => {
    refuses(
      () =>
        tallyVote(
          input({ p: 'for', a: 'for', b: 'against', c: 'against', d: 'abstention' }, { presidentId: null }),
        ),
      'PRESIDENT_MISSING',
      'Partage égal',
    );
  });

  test('the chair must be present with a voting right', () => {
    refuses(
      () =>
        tallyVote(
          input(
            { a: 'for', b: 'for', c: 'against', d: 'against' },
            { attendance: { ...attendance, p: { kind: 'excused', proxyHolderId: null } } },
          ),
        ),
      'PRESIDENT_NOT_PRESENT',
      'M. Prénom P',
    );
  });

  test('wording: "voix" is invariable, groups only when the count is > 0', () => {
    const result = tallyVote(
      input(
        { p: 'for', a: 'against', b: 'abstention', c: 'not_taking_part', d: 'for' },
        {
          members: [m('p'), m('a', 'Groupe B'), m('b', 'Non-inscrit'), m('c', 'Groupe B'), m('d')],
          attendance: { ...attendance, d: { kind: 'excused', proxyHolderId: 'a' } },
          wording: { notTakingPartAs: 'separate' },
        },
      ),
    );
    assert.equal(
      result.wording,
      'Pour : 2 voix (Groupe A) Contre : 1 voix (Groupe B) Abstention : 1 voix (Non-inscrit) ' +
        'Ne prennent pas part au vote : 1 (Groupe B) Absents sans délégation de vote : 0',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Refused input
// ---------------------------------------------------------------------------------------------

describe('inconsistent input is refused with a French message naming the member', () => {
  const members = [
    m('a'),
    m('b'),
    { ...m('c'), civility: 'Mme', name: 'Claire CURIE' } satisfies Member,
    m('d'),
    m('x', 'Groupe A', { hasVotingRight: false }),
  ];
  const base = (
    attendance: Record<string, Attendance>,
    votes: Record<string, VoteChoice>,
    withoutVote: readonly string[] = [],
  ): TallyInput => ({
    members,
    attendance: { a: present, b: present, c: present, d: present, x: present, ...attendance },
    votes: Object.fromEntries(
      Object.entries({ a: 'for', b: 'for', c: 'for', d: 'for', ...votes } satisfies Record<
        string,
        VoteChoice
      >).filter(([id]) => !withoutVote.includes(id)),
    ),
    conflicted: [],
    groupOrder: GROUPS,
    presidentId: 'a',
  });

  const cases: { name: string; input: TallyInput; code: string; fragments: string[] }[] = [
    {
      name: 'a delegation to an absent member',
      input: base({ c: { kind: 'absent' }, d: { kind: 'excused', proxyHolderId: 'c' } }, {}, ['c']),
      code: 'PROXY_HOLDER_NOT_PRESENT',
      fragments: ['M. Prénom D', 'Mme Claire CURIE', "n'est pas présente"],
    },
    {
      name: 'a delegation to an excused member',
      input: base(
        { c: { kind: 'excused', proxyHolderId: null }, d: { kind: 'excused', proxyHolderId: 'c' } },
        {},
      ),
      code: 'PROXY_HOLDER_NOT_PRESENT',
      fragments: ['M. Prénom D', 'Mme Claire CURIE'],
    },
    {
      name: 'a second delegation to one holder',
      input: base(
        { c: { kind: 'excused', proxyHolderId: 'a' }, d: { kind: 'excused', proxyHolderId: 'a' } },
        {},
      ),
      code: 'PROXY_LIMIT_EXCEEDED',
      fragments: ['M. Prénom A reçoit 2 délégations de vote', 'Mme Claire CURIE', 'M. Prénom D'],
    },
    {
      name: 'a delegation to a member without voting right',
      input: base({ d: { kind: 'excused', proxyHolderId: 'x' } }, {}),
      code: 'PROXY_HOLDER_WITHOUT_VOTING_RIGHT',
      fragments: ['M. Prénom D', 'M. Prénom X'],
    },
    {
      name: 'a delegation to an unknown member',
      input: base({ d: { kind: 'excused', proxyHolderId: 'zz' } }, {}),
      code: 'UNKNOWN_MEMBER',
      fragments: ['zz'],
    },
    {
      name: 'a voting member without attendance',
      input: { ...base({}, {}), attendance: { a: present, b: present, c: present } },
      code: 'ATTENDANCE_MISSING',
      fragments: ['M. Prénom D'],
    },
    {
      name: 'a missing vote',
      input: { ...base({}, {}), votes: { a: 'for', b: 'for', d: 'for' } },
      code: 'VOTE_MISSING',
      fragments: ['Mme Claire CURIE'],
    },
    {
      name: 'a vote for an absent member',
      input: base({ c: { kind: 'absent' } }, {}),
      code: 'VOTE_WITHOUT_RIGHT',
      fragments: ['Mme Claire CURIE', 'absente'],
    },
    {
      name: 'a group missing from the order',
      input: { ...base({}, {}), groupOrder: ['Groupe B'] },
      code: 'GROUP_NOT_IN_ORDER',
      fragments: ['Groupe A', 'M. Prénom A'],
    },
    {
      name: 'a duplicate member',
      input: { ...base({}, {}), members: [...members, m('a')] },
      code: 'DUPLICATE_MEMBER',
      fragments: ['a'],
    },
  ];
  for (const { name, input, code, fragments } of cases) {
    test(name, () => refuses(() => tallyVote(input), code, ...fragments));
  }

  test('maxProxiesPerHolder = 2 allows the second delegation, not a third', () => {
    const two = base(
      { c: { kind: 'excused', proxyHolderId: 'a' }, d: { kind: 'excused', proxyHolderId: 'a' } },
      {},
    );
    assert.equal(tallyVote({ ...two, maxProxiesPerHolder: 2 }).counts.for, 4);
    const three = base(
      {
        b: { kind: 'excused', proxyHolderId: 'a' },
        c: { kind: 'excused', proxyHolderId: 'a' },
        d: { kind: 'excused', proxyHolderId: 'a' },
      },
      {},
    );
    refuses(
      () => tallyVote({ ...three, maxProxiesPerHolder: 2 }),
      'PROXY_LIMIT_EXCEEDED',
      'reçoit 3 délégations',
      'que 2',
    );
    refuses(() => tallyVote({ ...two, maxProxiesPerHolder: 1.5 }), 'INVALID_PARAMETER');
  });

  test('the error carries the field of the delegation', () => {
    const input = base(
      { c: { kind: 'excused', proxyHolderId: 'a' }, d: { kind: 'excused', proxyHolderId: 'a' } },
      {},
    );
    assert.throws(
      () => tallyVote(input),
      (error: unknown) => error instanceof DomainError && error.field === 'attendance.d.proxyHolderId',
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const GROUP_POOL = ['Groupe A', 'Groupe B', 'Groupe C', 'Non-inscrit'];

interface Scenario {
  input: TallyInput;
  /** Members with a vote (present, or excused with a delegation), by construction. */
  expectedVotesHeld: number;
  votingMembers: number;
}

/**
 * A random session: member 0 chairs and is present; each other member is present, absent, excused
 * without delegation, or excused with a delegation to a present member who holds none yet; some
 * members are conflicted (possibly proxy holders), some sit without voting right.
 */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .array(
    fc.record({
      group: fc.constantFrom(...GROUP_POOL),
      nonVoting: fc.integer({ min: 0, max: 9 }),
      attendance: fc.constantFrom('present', 'present', 'absent', 'excused', 'excused_proxy'),
      vote: fc.constantFrom<VoteChoice>(...VOTE_CHOICES),
      conflicted: fc.integer({ min: 0, max: 5 }),
      holderPick: fc.nat(),
    }),
    { minLength: 1, maxLength: 40 },
  )
  .chain((rows) =>
    fc.record({
      rows: fc.constant(rows),
      mode: fc.constantFrom<'abstention' | 'separate'>('abstention', 'separate'),
      casting: fc.boolean(),
    }),
  )
  .map(({ rows, mode, casting }) => {
    const members: Member[] = rows.map((row, index) => ({
      id: `m${index}`,
      civility: index % 2 === 0 ? 'M.' : 'Mme',
      name: `Prénom${index} NOM${index}`,
      group: row.group,
      hasVotingRight: index === 0 || row.nonVoting !== 0,
    }));
    const attendance: Record<string, Attendance> = {};
    const votes: Record<string, VoteChoice> = {};
    const conflicted: string[] = [];
    const held = new Set<string>();
    let expectedVotesHeld = 0;
    rows.forEach((row, index) => {
      const member = members[index];
      if (!member) return;
      const kind = index === 0 ? 'present' : row.attendance;
      if (kind === 'excused_proxy') {
        const candidates = members.filter(
          (other) => other.hasVotingRight && attendance[other.id]?.kind === 'present' && !held.has(other.id),
        );
        const holder = candidates[row.holderPick % Math.max(candidates.length, 1)];
        if (member.hasVotingRight && holder) {
          held.add(holder.id);
          attendance[member.id] = { kind: 'excused', proxyHolderId: holder.id };
        } else {
          attendance[member.id] = { kind: 'excused', proxyHolderId: null };
        }
      } else if (kind === 'excused') {
        attendance[member.id] = { kind: 'excused', proxyHolderId: null };
      } else {
        attendance[member.id] = { kind };
      }
      const entry = attendance[member.id];
      const hasVote =
        member.hasVotingRight &&
        (entry?.kind === 'present' || (entry?.kind === 'excused' && entry.proxyHolderId !== null));
      if (hasVote) {
        expectedVotesHeld += 1;
        votes[member.id] = row.vote;
      }
      if (row.conflicted === 0) conflicted.push(member.id);
    });
    return {
      input: {
        members,
        attendance,
        votes,
        conflicted,
        groupOrder: GROUP_POOL,
        presidentId: 'm0',
        presidentCastingVote: casting,
        wording: { notTakingPartAs: mode },
      },
      expectedVotesHeld,
      votingMembers: members.filter((member) => member.hasVotingRight).length,
    };
  });

describe('properties', () => {
  test('the counts sum to the members with a voting right; the votes to those present or represented', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input, expectedVotesHeld, votingMembers }) => {
        const { counts, votesHeld, votesCast } = tallyVote(input);
        const held = counts.for + counts.against + counts.abstention + counts.notTakingPart;
        assert.equal(held + counts.absentWithoutProxy, votingMembers);
        assert.equal(held, expectedVotesHeld);
        assert.equal(votesHeld, expectedVotesHeld);
        assert.equal(votesCast, counts.for + counts.against);
      }),
    );
  });

  test('conflicted members and delegations held by them never count as expressed', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input }) => {
        const conflicted = new Set(input.conflicted);
        for (const ballot of tallyVote(input).ballots) {
          const holder = ballot.proxyHolderId;
          if (conflicted.has(ballot.memberId) || (holder !== null && conflicted.has(holder))) {
            assert.equal(ballot.choice, 'not_taking_part');
          }
        }
      }),
    );
  });

  test('adopted iff for > against, or an equal split with the chair for and the casting vote on', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input }) => {
        const result = tallyVote(input);
        const { for: pro, against } = result.counts;
        const chair = result.ballots.find((ballot) => ballot.memberId === input.presidentId);
        const expected =
          pro > against ||
          (pro === against && input.presidentCastingVote === true && chair?.choice === 'for');
        assert.equal(result.adopted, expected);
        assert.equal(result.outcomeWording, expected ? '(Adopté)' : '(Rejeté)');
      }),
    );
  });

  test('the wording mentions every count, and groups exactly for the non-zero ones', () => {
    fc.assert(
      fc.property(scenarioArb, ({ input }) => {
        const { counts, wording, wordingParts } = tallyVote(input);
        const separate = input.wording?.notTakingPartAs === 'separate';
        const abstention = separate ? counts.abstention : counts.abstention + counts.notTakingPart;
        assert.ok(wording.includes(`Pour : ${counts.for} voix`), wording);
        assert.ok(wording.includes(`Contre : ${counts.against} voix`), wording);
        assert.ok(wording.includes(`Abstention : ${abstention} voix`), wording);
        assert.ok(
          wording.includes(`Absents sans délégation de vote : ${counts.absentWithoutProxy}`),
          wording,
        );
        assert.equal(wording.includes(`Ne prennent pas part au vote : ${counts.notTakingPart}`), separate);
        for (const part of wordingParts) {
          assert.equal(part.groups.length > 0, part.count > 0);
          const order = part.groups.map((group) => GROUP_POOL.indexOf(group));
          assert.deepEqual(
            order,
            [...order].sort((a, b) => a - b),
          );
          assert.equal(new Set(part.groups).size, part.groups.length);
        }
      }),
    );
  });

  test('member labels are civility then name', () => {
    assert.equal(memberLabel({ civility: 'Mme', name: 'Carole DUBOIS' }), 'Mme Carole DUBOIS');
  });
});

describe('validateAttendance', () => {
  const members: Member[] = [
    { id: 'a', civility: 'Mme', name: 'Anne ALPHA', group: 'G', hasVotingRight: true },
    { id: 'b', civility: 'M.', name: 'Bruno BETA', group: 'G', hasVotingRight: true },
    { id: 'c', civility: 'M.', name: 'Claude GAMMA', group: 'G', hasVotingRight: true },
  ];
  const base = { members, groupOrder: ['G'] };
  test('accepte une présence complète avec une délégation à un présent', () => {
    validateAttendance({
      ...base,
      attendance: {
        a: { kind: 'present' },
        b: { kind: 'excused', proxyHolderId: 'a' },
        c: { kind: 'absent' },
      },
    });
  });
  for (const [name, attendance, code] of [
    ['une présence manquante', { a: { kind: 'present' }, b: { kind: 'absent' } }, 'ATTENDANCE_MISSING'],
    [
      'une délégation à un absent',
      { a: { kind: 'absent' }, b: { kind: 'excused', proxyHolderId: 'a' }, c: { kind: 'present' } },
      'PROXY_HOLDER_NOT_PRESENT',
    ],
    [
      'deux délégations au même élu',
      {
        a: { kind: 'present' },
        b: { kind: 'excused', proxyHolderId: 'a' },
        c: { kind: 'excused', proxyHolderId: 'a' },
      },
      'PROXY_LIMIT_EXCEEDED',
    ],
  ] as const) {
    test(`refuse ${name}`, () => {
      assert.throws(
        () => validateAttendance({ ...base, attendance: attendance as Record<string, Attendance> }),
        (error: unknown) => error instanceof DomainError && error.code === code,
      );
    });
  }
});

describe('attendanceProblems: every problem of the attendance at once', () => {
  const members: Member[] = [
    { id: 'a', civility: 'Mme', name: 'Anne ALPHA', group: 'G', hasVotingRight: true },
    { id: 'b', civility: 'M.', name: 'Bruno BETA', group: 'G', hasVotingRight: true },
    { id: 'c', civility: 'M.', name: 'Claude GAMMA', group: 'G', hasVotingRight: true },
    { id: 'd', civility: 'Mme', name: 'Diane DELTA', group: 'G', hasVotingRight: true },
    { id: 'e', civility: 'M.', name: 'Émile EPSILON', group: 'G', hasVotingRight: true },
    { id: 'x', civility: 'M.', name: 'Xavier XI', group: 'G', hasVotingRight: false },
  ];
  const base = { members, groupOrder: ['G'] };
  const excusedTo = (id: string): Attendance => ({ kind: 'excused', proxyHolderId: id });
  const absent: Attendance = { kind: 'absent' };
  const cases: {
    name: string;
    attendance: Record<string, Attendance>;
    presidentId?: string;
    maxProxiesPerHolder?: number;
    expected: AttendanceProblem[];
  }[] = [
    {
      name: 'two members delegating to an absent member',
      attendance: { a: absent, b: excusedTo('a'), c: excusedTo('a'), d: present, e: present },
      expected: [
        {
          code: 'PROXY_HOLDER_NOT_PRESENT',
          message: "M. Bruno BETA donne délégation de vote à Mme Anne ALPHA, qui n'est pas présente.",
          field: 'attendance.b.proxyHolderId',
        },
        {
          code: 'PROXY_HOLDER_NOT_PRESENT',
          message: "M. Claude GAMMA donne délégation de vote à Mme Anne ALPHA, qui n'est pas présente.",
          field: 'attendance.c.proxyHolderId',
        },
      ],
    },
    {
      name: 'two attendances missing, a delegation to an unknown member',
      attendance: { a: present, b: excusedTo('zz'), x: present },
      expected: [
        {
          code: 'UNKNOWN_MEMBER',
          message: 'Membre inconnu dans cette séance : zz.',
          field: 'attendance.b.proxyHolderId',
        },
        {
          code: 'ATTENDANCE_MISSING',
          message: 'Présence non renseignée pour M. Claude GAMMA.',
          field: 'attendance.c',
        },
        {
          code: 'ATTENDANCE_MISSING',
          message: 'Présence non renseignée pour Mme Diane DELTA.',
          field: 'attendance.d',
        },
        {
          code: 'ATTENDANCE_MISSING',
          message: 'Présence non renseignée pour M. Émile EPSILON.',
          field: 'attendance.e',
        },
      ],
    },
    {
      name: 'a delegation from and one to a member without voting right, a holder over the limit',
      attendance: {
        a: present,
        b: excusedTo('a'),
        c: excusedTo('a'),
        d: excusedTo('a'),
        e: excusedTo('x'),
        x: excusedTo('a'),
      },
      expected: [
        {
          code: 'PROXY_LIMIT_EXCEEDED',
          message:
            'Mme Anne ALPHA reçoit 3 délégations de vote (M. Bruno BETA, M. Claude GAMMA, Mme Diane DELTA) ; un élu ne peut en recevoir que 1.',
          field: 'attendance.c.proxyHolderId',
        },
        {
          code: 'PROXY_HOLDER_WITHOUT_VOTING_RIGHT',
          message:
            'M. Émile EPSILON donne délégation de vote à M. Xavier XI, qui siège sans voix délibérative.',
          field: 'attendance.e.proxyHolderId',
        },
        {
          code: 'PROXY_WITHOUT_VOTING_RIGHT',
          message: 'M. Xavier XI siège sans voix délibérative et ne peut pas donner de délégation de vote.',
          field: 'attendance.x.proxyHolderId',
        },
      ],
    },
    {
      name: 'a holder over the limit named once, a holder within it, and the chair absent',
      attendance: {
        a: present,
        b: present,
        c: excusedTo('a'),
        d: excusedTo('b'),
        e: excusedTo('a'),
        x: absent,
      },
      presidentId: 'x',
      maxProxiesPerHolder: 1,
      expected: [
        {
          code: 'PROXY_LIMIT_EXCEEDED',
          message:
            'Mme Anne ALPHA reçoit 2 délégations de vote (M. Claude GAMMA, M. Émile EPSILON) ; un élu ne peut en recevoir que 1.',
          field: 'attendance.e.proxyHolderId',
        },
        {
          code: 'PRESIDENT_NOT_PRESENT',
          message: 'M. Xavier XI ne peut présider : présent avec voix délibérative requis.',
          field: 'presidentId',
        },
      ],
    },
  ];
  for (const { name, attendance, presidentId, maxProxiesPerHolder, expected } of cases) {
    test(name, () => {
      const input = { ...base, attendance, presidentId, maxProxiesPerHolder };
      assert.deepEqual(attendanceProblems(input), expected);
      assert.throws(
        () => validateAttendance(input),
        (error: unknown) => {
          assert.ok(error instanceof DomainError);
          assert.equal(error.code, expected[0]?.code);
          assert.equal(error.field, expected[0]?.field);
          assert.deepEqual(error.details, { problems: expected });
          assert.equal(
            error.message,
            `${expected.length} problèmes de présence : ${expected.map((problem) => problem.message).join(' ; ')}`,
          );
          return true;
        },
      );
    });
  }

  test('a complete attendance has no problem', () => {
    assert.deepEqual(
      attendanceProblems({
        ...base,
        attendance: { a: present, b: excusedTo('a'), c: absent, d: present, e: excusedTo('d') },
        presidentId: 'a',
      }),
      [],
    );
  });

  test('one problem: the message of today, with details.problems of length 1', () => {
    assert.throws(
      () =>
        validateAttendance({
          ...base,
          attendance: { a: absent, b: excusedTo('a'), c: present, d: present, e: present },
        }),
      (error: unknown) =>
        error instanceof DomainError &&
        error.message ===
          "M. Bruno BETA donne délégation de vote à Mme Anne ALPHA, qui n'est pas présente." &&
        error.field === 'attendance.b.proxyHolderId' &&
        Array.isArray(error.details?.problems) &&
        error.details.problems.length === 1,
    );
  });
});
