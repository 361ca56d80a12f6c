/**
 * The session of 12 June 2023, loaded from the dataset, reproduces délibération n°2023-259: its
 * attendance lists, the 13 members who took no part, the tally by group and the outcome; the
 * secretariat's changes to conflicts and votes are checked, versioned and audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import { listAudit } from '../../src/modules/audit/index.ts';
import { SPEC_TEXT } from '../../src/modules/committee/domain/spec-session.fixture.ts';
import { getSession, setConflicts, setVotes } from '../../src/modules/committee/index.ts';
import { loadDataset } from '../../src/modules/datasets/load-dataset.ts';
import { migrate } from '../../src/platform/migrations.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const SECRETARIAT = systemActor('secrétariat des assemblées');

describe('la séance du 12 juin 2023', () => {
  let test_: TestDatabase;
  before(async () => {
    test_ = await openTestDatabase();
    await migrate(test_.db);
    await loadDataset(test_.db);
  });
  after(async () => test_.close());

  test('reproduit les listes de présence, les élus intéressés, le décompte et le résultat', async () => {
    const session = await getSession(test_.db, '2023-06-12');
    assert.equal(session.sentToLegalityControlOn, '2023-07-03');
    assert.equal(session.reports.length, 1);
    const [report] = session.reports;
    assert.ok(report);
    assert.equal(report.number, '42');
    assert.equal(report.deliberationNumber, '2023-259');
    assert.equal(report.applicationIds.length, 136);
    const lines = session.attendanceLists?.lines ?? [];
    assert.deepEqual(lines, [
      SPEC_TEXT.present,
      SPEC_TEXT.excused,
      SPEC_TEXT.absent,
      SPEC_TEXT.presentWithoutVote,
      SPEC_TEXT.excusedWithoutVote,
    ]);
    assert.equal(report.conflicted.length, 13);
    assert.equal(report.conflictStatement, SPEC_TEXT.conflicts.replace('HINGREZ-CEREDA', 'HINGREZ-CÉRÉDA'));
    assert.equal(report.tallyError, null);
    assert.equal(report.tally?.wording, SPEC_TEXT.vote);
    assert.equal(report.tally?.outcomeWording, '(Adopté)');
    assert.deepEqual(report.tally?.counts, {
      for: 28,
      against: 0,
      abstention: 0,
      notTakingPart: 13,
      absentWithoutProxy: 2,
    });
  });

  test('les votes et les déports enregistrés changent le décompte, avec contrôle de version et audit', async () => {
    const session = await getSession(test_.db, '2023-06-12');
    const report = session.reports[0];
    assert.ok(report);
    const briois = session.members.find((member) => member.name === 'Steeve BRIOIS');
    assert.ok(briois);
    const votes = { ...report.votes, [briois.id]: 'against' as const };
    const changed = await setVotes(test_.db, SECRETARIAT, report.id, { votes, version: report.version });
    assert.equal(changed.reports[0]?.tally?.counts.against, 1);
    assert.equal(changed.reports[0]?.tally?.counts.for, 27);
    // a stale version is refused, nothing changes
    await assert.rejects(
      setVotes(test_.db, SECRETARIAT, report.id, { votes: report.votes, version: report.version }),
      /modifié par quelqu'un d'autre/,
    );
    // a vote for an absent member is refused
    const cottel = session.members.find((member) => member.name === 'Jean-Jacques COTTEL');
    assert.ok(cottel);
    const current = changed.reports[0];
    assert.ok(current);
    await assert.rejects(
      setVotes(test_.db, SECRETARIAT, report.id, {
        votes: { ...current.votes, [cottel.id]: 'for' },
        version: current.version,
      }),
    );
    const restored = await setVotes(test_.db, SECRETARIAT, report.id, {
      votes: report.votes,
      version: current.version,
    });
    assert.equal(restored.reports[0]?.tally?.wording, SPEC_TEXT.vote);
    const withoutPajot = report.conflicted.filter(
      (id) => id !== session.members.find((m) => m.name === 'Ludovic PAJOT')?.id,
    );
    const afterConflicts = await setConflicts(test_.db, SECRETARIAT, report.id, {
      memberIds: withoutPajot,
      version: restored.reports[0]?.version ?? 0,
    });
    assert.equal(afterConflicts.reports[0]?.conflicted.length, 12);
    const history = await listAudit(test_.db, 'committee_report', report.id);
    assert.deepEqual(
      history.map((entry) => entry.action),
      ['report.votes', 'report.votes', 'report.conflicts'],
    );
  });
});
