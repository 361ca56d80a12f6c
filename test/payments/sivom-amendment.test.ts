/**
 * The specification's amendment, stored: the SIVOM du Bruaysis conventions voted on 15 May 2023
 * (620 places of référent solidarité, 560 of accompagnement socioprofessionnel) are amended from
 * 1 April 2023 to 170 and 380 places. The engine gives 99 200 € → 45 200 € (24 800 + 20 400) and
 * 140 000 € → 106 250 € (35 000 + 71 250) with its explanation; nothing changes before the vote;
 * once voted, each line is split in two segments and the budget line gets 87 750 € back; the
 * ledger's `voted` is the amount in force. The dataset has no session of 15 May 2023: the test
 * records it, with a report holding the two applications, and numbers its conventions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import {
  getConvention,
  previewAmendment,
  proposeAmendment,
  sendConventionForSignature,
  signConvention,
} from '../../src/modules/conventions/index.ts';
import {
  getConventionDetail,
  getLedger,
  voteAmendmentWithRecovery,
} from '../../src/modules/payments/index.ts';
import { completeConventionData, numberSessionConventions } from '../support/convention-data.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const GESTIONNAIRE = systemActor('gestionnaire.conventions');
const TODAY = new Date().toISOString().slice(0, 10);
const PDF = Buffer.from('%PDF-1.4\n% convention signée du SIVOM\n%%EOF\n');
/** Spaces as printed (no-break, narrow no-break) made plain. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe("l'avenant du SIVOM du Bruaysis, enregistré", () => {
  let test_: TestDatabase;
  let conventionId: number;
  let solidarite: number;
  let socioPro: number;

  before(async () => {
    test_ = await openTestDatabase({ seed: true });
    const { db } = test_;
    await completeConventionData(db);
    const [session] = await db.query<{ id: number }>(
      `insert into committee_sessions (body, session_date) values ('Commission Permanente', '2023-05-15') returning id`,
    );
    const [report] = await db.query<{ id: number }>(
      `insert into committee_reports (session_id, call_id, report_number, title)
       select $1, id, '12', 'Appels à projets des politiques d''inclusion durable 2023 - Phase 1' from calls
        where code = 'DPID-2023-P1'
       returning id`,
      [session?.id],
    );
    await db.query(
      `insert into report_applications (report_id, application_id)
       select $1, a.id from applications a join structures s on s.id = a.structure_id
        where s.dataset_key = 'sivom-bruaysis' and a.kind = 'convention'`,
      [report?.id],
    );
    assert.equal(await numberSessionConventions(db, '2023-05-15'), 2);
    const lines = await db.query<{ id: number; convention_id: number; reference: string }>(
      `select l.id, l.convention_id, a.reference from convention_lines l join applications a on a.id = l.application_id
        order by a.reference`,
    );
    const [first, second] = lines;
    assert.ok(first && second && first.convention_id === second.convention_id);
    conventionId = Number(first.convention_id);
    solidarite = Number(first.id);
    socioPro = Number(second.id);
    const draft = await getConvention(db, conventionId);
    const sent = await sendConventionForSignature(db, GESTIONNAIRE, conventionId, {
      on: '2023-05-20',
      version: draft.version,
    });
    await signConvention(db, GESTIONNAIRE, conventionId, {
      signedOn: '2023-05-25',
      version: sent.version,
      fileName: 'convention-sivom-signee.pdf',
      content: PDF,
    });
  });
  after(async () => test_.close());

  const input = () => ({
    effectiveFrom: '2023-04-01',
    changes: [
      { conventionLineId: solidarite, quantity: 170 },
      { conventionLineId: socioPro, quantity: 380 },
    ],
  });

  test('le calcul : 99 200 → 45 200 € et 140 000 → 106 250 €, au prorata, avec son explication', async () => {
    const preview = await previewAmendment(test_.db, conventionId, input());
    assert.deepEqual(
      preview.lines.map((line) => [line.amountBeforeCents, line.amountAfterCents, line.deltaCents]),
      [
        [9_920_000, 4_520_000, -5_400_000],
        [14_000_000, 10_625_000, -3_375_000],
      ],
    );
    assert.deepEqual(preview.budgetDeltas, [{ budgetLineCode: 'C02-446A05', deltaCents: -8_775_000 }]);
    const explanation = plain(preview.explanation);
    for (const figure of [
      '24 800,00 €',
      '20 400,00 €',
      '45 200,00 €',
      '35 000,00 €',
      '71 250,00 €',
      '106 250,00 €',
    ]) {
      assert.ok(explanation.includes(figure), `${figure} dans : ${explanation}`);
    }
  });

  test("voté, l'avenant découpe les lignes au 1er avril et rend 87 750 € à la ligne budgétaire", async () => {
    const { db } = test_;
    const proposed = await proposeAmendment(db, GESTIONNAIRE, conventionId, input());
    const before = await getConventionDetail(db, conventionId);
    assert.deepEqual(
      before.lines.map((line) => line.amountCents),
      [9_920_000, 14_000_000],
    );
    const voted = await voteAmendmentWithRecovery(db, GESTIONNAIRE, proposed.id, {
      votedOn: TODAY,
      decisionRef: 'Délibération n°2023-259',
      version: proposed.version,
    });
    assert.equal(voted.state, 'voted');
    const after_ = await getConventionDetail(db, conventionId);
    assert.deepEqual(
      after_.lines.map((line) =>
        line.segments.map((segment) => [segment.start, segment.quantity, segment.amountCents]),
      ),
      [
        [
          ['2023-01-01', 620, 2_480_000],
          ['2023-04-01', 170, 2_040_000],
        ],
        [
          ['2023-01-01', 560, 3_500_000],
          ['2023-04-01', 380, 7_125_000],
        ],
      ],
    );
    assert.equal(after_.ledger.votedCents, 15_145_000);
    const reductions = await db.query<{ amount_cents: number; status: string }>(
      'select amount_cents, status from budget_commitments where amendment_id = $1 order by amount_cents',
      [proposed.id],
    );
    assert.deepEqual(
      reductions.map((row) => [Number(row.amount_cents), row.status]),
      [
        [-5_400_000, 'committed'],
        [-3_375_000, 'committed'],
      ],
    );
    const ledger = await getLedger(db, 'DPID-2023-P1', 'convention');
    assert.deepEqual(
      ledger.rows.map((row) => [row.label, row.votedCents, row.remainingCents]),
      [['SIVOM de la Communauté du Bruaysis', 15_145_000, 15_145_000]],
    );
  });
});
