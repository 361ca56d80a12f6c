import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DomainError } from '../../../kernel/errors.ts';
import {
  attendanceLists,
  type BoardSeat,
  compareMembersByName,
  conflictStatement,
  joinWithEt,
  proposeConflicts,
  surnameFirst,
} from './conflicts.ts';
import { SPEC_CONFLICTED, SPEC_MEMBERS, SPEC_TEXT, specAttendance } from './spec-session.fixture.ts';
import type { Attendance, Member } from './tally.ts';

const byId = (id: string): Member => {
  const member = SPEC_MEMBERS.find((candidate) => candidate.id === id);
  assert.ok(member, id);
  return member;
};

// ---------------------------------------------------------------------------------------------
// Attendance lists
// ---------------------------------------------------------------------------------------------

describe('attendance lists of délibération n°2023-259', () => {
  test('reproduce the five lists of the specification exactly', () => {
    const lists = attendanceLists(SPEC_MEMBERS, specAttendance());
    assert.deepEqual(lists.lines, [
      SPEC_TEXT.present,
      SPEC_TEXT.excused,
      SPEC_TEXT.absent,
      SPEC_TEXT.presentWithoutVote,
      SPEC_TEXT.excusedWithoutVote,
    ]);
    assert.equal(lists.present.length, 37);
    assert.equal(lists.excused.length, 4);
    assert.equal(lists.absent.length, 2);
    assert.equal(lists.presentWithoutVote.length, 4);
    assert.equal(lists.excusedWithoutVote.length, 1);
    assert.deepEqual(lists.absentWithoutVote, []);
  });

  const headingCases: { name: string; members: Member[]; heading: string }[] = [
    { name: 'one man', members: [byId('leroy')], heading: 'Était présent : ' },
    { name: 'one woman', members: [byId('dubois')], heading: 'Était présente : ' },
    { name: 'women only', members: [byId('dubois'), byId('drain')], heading: 'Étaient présentes : ' },
    { name: 'mixed', members: [byId('dubois'), byId('leroy')], heading: 'Étaient présents : ' },
  ];
  for (const { name, members, heading } of headingCases) {
    test(`"présent" agrees: ${name}`, () => {
      const attendance = Object.fromEntries(
        members.map((member) => [member.id, { kind: 'present' } as const]),
      );
      const [line] = attendanceLists(members, attendance).lines;
      assert.ok(line?.startsWith(heading), line);
    });
  }

  test('empty lists are left out; an absent member without voting right gets a line', () => {
    const members = [byId('leroy'), byId('petit')];
    const lines = attendanceLists(members, { leroy: { kind: 'present' }, petit: { kind: 'absent' } }).lines;
    assert.deepEqual(lines, [
      'Était présent : M. Jean-Claude LEROY.',
      'Absent(s) sans voix délibérative : M. Bertrand PETIT.',
    ]);
  });

  test('a member without attendance, or an unknown id, is refused', () => {
    assert.throws(
      () => attendanceLists([byId('leroy'), byId('dubois')], { leroy: { kind: 'present' } }),
      (error: unknown) =>
        error instanceof DomainError &&
        error.code === 'ATTENDANCE_MISSING' &&
        /Mme Carole DUBOIS/.test(error.message),
    );
    assert.throws(
      () => attendanceLists([byId('leroy')], { leroy: { kind: 'present' }, nobody: { kind: 'absent' } }),
      (error: unknown) => error instanceof DomainError && error.code === 'UNKNOWN_MEMBER',
    );
  });

  test('property: every member appears in exactly one list, in the order of the members', () => {
    const kinds: Attendance[] = [
      { kind: 'present' },
      { kind: 'excused', proxyHolderId: null },
      { kind: 'absent' },
    ];
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: kinds.length - 1 }), {
          minLength: SPEC_MEMBERS.length,
          maxLength: SPEC_MEMBERS.length,
        }),
        (picks) => {
          const attendance: Record<string, Attendance> = {};
          SPEC_MEMBERS.forEach((member, index) => {
            attendance[member.id] = kinds[picks[index] ?? 0] ?? { kind: 'present' };
          });
          const lists = attendanceLists(SPEC_MEMBERS, attendance);
          const all = [
            lists.present,
            lists.excused,
            lists.absent,
            lists.presentWithoutVote,
            lists.excusedWithoutVote,
            lists.absentWithoutVote,
          ];
          assert.equal(all.flat().length, SPEC_MEMBERS.length);
          assert.equal(new Set(all.flat()).size, SPEC_MEMBERS.length);
          const position = new Map(
            SPEC_MEMBERS.map((member, index) => [`${member.civility} ${member.name}`, index]),
          );
          for (const list of all) {
            const order = list.map((label) => position.get(label) ?? -1);
            assert.deepEqual(
              order,
              [...order].sort((a, b) => a - b),
            );
          }
          assert.equal(lists.lines.length, all.filter((list) => list.length > 0).length);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The conflicts sentence
// ---------------------------------------------------------------------------------------------

describe('the sentence naming the members "intéressés à l\'affaire"', () => {
  test('reproduces the specification (which spells HINGREZ-CEREDA without accents there)', () => {
    const sentence = conflictStatement(SPEC_MEMBERS, SPEC_CONFLICTED);
    assert.equal(sentence?.replace('HINGREZ-CÉRÉDA', 'HINGREZ-CEREDA'), SPEC_TEXT.conflicts);
  });

  const cases: { name: string; ids: string[]; expected: string | null }[] = [
    { name: 'nobody', ids: [], expected: null },
    {
      name: 'one woman',
      ids: ['dubois'],
      expected: "Madame Carole DUBOIS, intéressée à l'affaire, n'a pris part ni au débat, ni au vote ;",
    },
    {
      name: 'one man',
      ids: ['pajot'],
      expected: "Monsieur Ludovic PAJOT, intéressé à l'affaire, n'a pris part ni au débat, ni au vote ;",
    },
    {
      name: 'two women',
      ids: ['dubois', 'wozny'],
      expected:
        "Mesdames Carole DUBOIS et Florence WOZNY, intéressées à l'affaire, n'ont pris part ni au débat, ni au vote ;",
    },
    {
      name: 'a man then a woman: women first',
      ids: ['pajot', 'dubois'],
      expected:
        "Madame Carole DUBOIS, ainsi que Monsieur Ludovic PAJOT, intéressés à l'affaire, n'ont pris part ni au débat, ni au vote ;",
    },
  ];
  for (const { name, ids, expected } of cases) {
    test(name, () => assert.equal(conflictStatement(SPEC_MEMBERS, ids), expected));
  }

  test('an unknown member is refused', () => {
    assert.throws(
      () => conflictStatement(SPEC_MEMBERS, ['nobody']),
      (error: unknown) => error instanceof DomainError && error.code === 'UNKNOWN_MEMBER',
    );
  });

  test('joinWithEt', () => {
    assert.equal(joinWithEt([]), '');
    assert.equal(joinWithEt(['A']), 'A');
    assert.equal(joinWithEt(['A', 'B']), 'A et B');
    assert.equal(joinWithEt(['A', 'B', 'C']), 'A, B et C');
  });
});

// ---------------------------------------------------------------------------------------------
// Proposal of conflicts
// ---------------------------------------------------------------------------------------------

describe('proposal of conflicts from board seats', () => {
  // Invented seats: the deliberation says who was conflicted, not on which boards they sit.
  const seats: BoardSeat[] = [
    { memberId: 'pajot', structureId: 'plie-lens', role: 'administrateur' },
    { memberId: 'dubois', structureId: 'ccas-bruay', role: 'présidente' },
    { memberId: 'dubois', structureId: 'irae', role: 'administratrice' },
    { memberId: 'dubois', structureId: 'irae', role: 'représentante du Département' },
    { memberId: 'dubois', structureId: 'irae', role: 'administratrice' },
    { memberId: 'hingrez', structureId: 'coorace', role: 'administratrice' },
    { memberId: 'ait', structureId: 'not-funded', role: 'présidente' },
    { memberId: 'somebody-else', structureId: 'irae', role: 'administrateur' },
    { memberId: 'petit', structureId: 'irae', role: 'administrateur' },
  ];

  test('members on the board of a funded structure, by surname, structures in funded order, roles distinct', () => {
    const proposals = proposeConflicts({
      members: SPEC_MEMBERS,
      boardSeats: seats,
      fundedStructureIds: ['irae', 'coorace', 'ccas-bruay', 'plie-lens'],
    });
    assert.deepEqual(proposals, [
      {
        memberId: 'dubois',
        label: 'Mme Carole DUBOIS',
        hasVotingRight: true,
        structures: [
          { structureId: 'irae', roles: ['administratrice', 'représentante du Département'] },
          { structureId: 'ccas-bruay', roles: ['présidente'] },
        ],
      },
      {
        memberId: 'hingrez',
        label: 'Mme Mireille HINGREZ-CÉRÉDA',
        hasVotingRight: true,
        structures: [{ structureId: 'coorace', roles: ['administratrice'] }],
      },
      {
        memberId: 'pajot',
        label: 'M. Ludovic PAJOT',
        hasVotingRight: true,
        structures: [{ structureId: 'plie-lens', roles: ['administrateur'] }],
      },
      {
        memberId: 'petit',
        label: 'M. Bertrand PETIT',
        hasVotingRight: false,
        structures: [{ structureId: 'irae', roles: ['administrateur'] }],
      },
    ]);
  });

  test('nothing funded, nothing proposed', () => {
    assert.deepEqual(
      proposeConflicts({ members: SPEC_MEMBERS, boardSeats: seats, fundedStructureIds: [] }),
      [],
    );
  });

  test('sorting by surname ignores accents and case, first names break ties', () => {
    assert.equal(surnameFirst('Mireille HINGREZ-CÉRÉDA'), 'HINGREZ-CÉRÉDA Mireille');
    assert.equal(surnameFirst('Jean-Claude LEROY'), 'LEROY Jean-Claude');
    const sorted = [byId('lemaire'), byId('warot'), byId('ait'), byId('leroy'), byId('cauwet')]
      .sort(compareMembersByName)
      .map((member) => member.name);
    assert.deepEqual(sorted, [
      'Fatima AIT-CHIKHEBBIH',
      'Maryse CAUWET',
      'François LEMAIRE',
      'Jean-Claude LEROY',
      'Sophie WAROT-LEMAIRE',
    ]);
  });

  test('property: a member is proposed iff one of their seats is on a funded structure', () => {
    const structures = ['s1', 's2', 's3', 's4'];
    const ids = SPEC_MEMBERS.map((member) => member.id);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            memberId: fc.constantFrom(...ids),
            structureId: fc.constantFrom(...structures),
            role: fc.constantFrom('administrateur', 'président'),
          }),
          { maxLength: 30 },
        ),
        fc.subarray(structures),
        (boardSeats, fundedStructureIds) => {
          const proposals = proposeConflicts({ members: SPEC_MEMBERS, boardSeats, fundedStructureIds });
          const expected = new Set(
            boardSeats
              .filter((seat) => fundedStructureIds.includes(seat.structureId))
              .map((seat) => seat.memberId),
          );
          assert.deepEqual(new Set(proposals.map((proposal) => proposal.memberId)), expected);
          for (let i = 1; i < proposals.length; i += 1) {
            const previous = proposals[i - 1];
            const current = proposals[i];
            if (previous && current) {
              assert.ok(compareMembersByName(byId(previous.memberId), byId(current.memberId)) < 0);
            }
          }
        },
      ),
    );
  });
});
