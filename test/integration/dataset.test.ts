/**
 * The specification's call, loaded from its dataset, reproduces every figure of the deliberation:
 * annexe 3 totals per operation and theme, the budget table of Rapport N°42, the rules' amounts
 * and the SIVOM du Bruaysis / CCAS de Bruay-la-Buissière prorata.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor } from '../../src/kernel/actor.ts';
import { formatEurosDecimal } from '../../src/kernel/money.ts';
import { getAllocationTable, listApplications } from '../../src/modules/applications/index.ts';
import { getCallBudget } from '../../src/modules/budget/index.ts';
import { getCallTree } from '../../src/modules/calls/index.ts';
import { checkCallConsistency } from '../../src/modules/consistency/index.ts';
import { loadDataset } from '../../src/modules/datasets/load-dataset.ts';
import { migrate } from '../../src/platform/migrations.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const CALL = 'DPID-2023-P2';
const EVERYTHING = systemActor('test');

/** Annexe 3, per operation, in euros as printed. */
const ANNEXE_3: Record<number, string[]> = {
  1: ['17920.00', '28250.00', '58586.00', '10313.00'],
  2: [
    '1233180.00',
    '483000.00',
    '1303656.00',
    '243000.00',
    '69000.00',
    '328556.21',
    '244243.09',
    '385095.00',
    '391242.05',
    '22591.80',
    '142594.95',
    '306000.00',
    '82000.00',
  ],
};

let database: TestDatabase;

before(async () => {
  database = await openTestDatabase({ seed: true });
});

after(async () => {
  await database.close();
});

describe(`the ${CALL} allocation table`, () => {
  test('sums per operation to the figures of annexe 3', async () => {
    const table = await getAllocationTable(database.db, CALL, EVERYTHING);
    for (const theme of table.themes) {
      const expected = ANNEXE_3[theme.themeNumber];
      assert.ok(expected, `theme ${theme.themeNumber}`);
      assert.deepEqual(
        theme.operations.map((operation) => formatEurosDecimal(operation.amount)),
        expected,
        `theme ${theme.themeNumber}`,
      );
    }
  });

  test('sums per theme to 115 069,00 € and 5 234 159,10 €', async () => {
    const table = await getAllocationTable(database.db, CALL, EVERYTHING);
    assert.deepEqual(
      table.themes.map((theme) => formatEurosDecimal(theme.amount)),
      ['115069.00', '5234159.10'],
    );
    assert.equal(formatEurosDecimal(table.total), '5349228.10');
    assert.equal(table.lines.length, 136);
  });

  test('models the SIVOM lines as amendments taking money back, matched by the CCAS de Bruay-la-Buissière', async () => {
    const table = await getAllocationTable(database.db, CALL, EVERYTHING);
    const sivom = table.lines.filter((line) => line.structure === 'SIVOM du Bruaysis');
    assert.deepEqual(
      sivom.map((line) => [line.operationNumber, line.kind, line.quantity, formatEurosDecimal(line.amount)]),
      [
        [1, 'amendment', -450, '-54000.00'],
        [2, 'amendment', -180, '-33750.00'],
      ],
    );
    const ccas = table.lines.filter((line) => line.structure === 'CCAS de Bruay' && line.themeNumber === 1);
    assert.deepEqual(
      ccas.map((line) => [
        line.operationNumber,
        line.quantity,
        formatEurosDecimal(line.amount),
        line.periodStart,
      ]),
      [
        [1, 450, '54000.00', '2023-04-01'],
        [2, 180, '33750.00', '2023-04-01'],
        [4, 90, '10313.00', '2023-04-01'],
      ],
    );
  });

  test('puts the "Opération IAE" lines in the Pacte Ambition IAE and Face valo as postponed at 0,00 €', async () => {
    const table = await getAllocationTable(database.db, CALL, EVERYTHING);
    const pacte = table.lines.filter((line) => line.themeNumber === 2 && line.operationNumber === 4);
    assert.equal(pacte.length, 10);
    const faceValo = pacte.find((line) => line.amount === 0);
    assert.ok(faceValo);
    assert.equal(faceValo.state, 'postponed');
  });
});

describe('the budget table of Rapport N°42', () => {
  test('gives AE, available, proposal and balance per line', async () => {
    const tree = await getCallTree(database.db, CALL);
    const lineIds = [
      ...new Set(tree.themes.flatMap((theme) => theme.operations.map((op) => op.budgetLineId))),
    ];
    const rows = await getCallBudget(database.db, { callId: tree.id, budgetLineIds: lineIds });
    assert.deepEqual(
      rows.map((row) => [
        row.line.code,
        row.line.imputation,
        formatEurosDecimal(row.ae),
        formatEurosDecimal(row.available),
        formatEurosDecimal(row.proposed),
        formatEurosDecimal(row.balance),
      ]),
      [
        ['C02-446A05', '6568/93446', '6801643.00', '2303965.28', '115069.00', '2188896.28'],
        ['C01-444H02', '6568/93444', '7048182.00', '7048182.00', '5234159.10', '1814022.90'],
      ],
    );
  });
});

describe('the funding rules on the dataset', () => {
  const computable = new Set(['1.1', '1.2', '2.1', '2.2', '2.4']);

  test('every line of a computable rule has computed = retained to the cent (or a justified postponement)', async () => {
    const { items } = await listApplications(
      database.db,
      { callCode: CALL, limit: 500, offset: 0 },
      EVERYTHING,
    );
    const checked = items.filter((item) => computable.has(`${item.themeNumber}.${item.operationNumber}`));
    assert.equal(checked.length, 4 + 4 + 26 + 17 + 10);
    for (const item of checked) {
      assert.equal(item.computation?.status, 'computed', item.reference);
      if (item.state === 'postponed') {
        assert.equal(item.retainedCents, 0);
        assert.ok(item.deviationJustification, `${item.reference} postponed without justification`);
      } else {
        assert.equal(
          item.computedCents,
          item.retainedCents,
          `${item.reference}: ${item.computation?.explanation}`,
        );
      }
    }
  });

  test('gives the prorata cases 24 800 · 20 400 · 54 000 · 35 000 · 71 250 · 33 750 €', async () => {
    const { items } = await listApplications(
      database.db,
      {
        callCode: CALL,
        q: 'Bruay',
        limit: 50,
        offset: 0,
      },
      EVERYTHING,
    );
    const explanations = items.map((item) => item.computation?.explanation ?? '').join('\n');
    for (const amount of [
      '24\u00a0800,00',
      '20\u00a0400,00',
      '54\u00a0000,00',
      '35\u00a0000,00',
      '71\u00a0250,00',
      '33\u00a0750,00',
    ]) {
      assert.ok(explanations.includes(amount), `${amount} missing from:\n${explanations}`);
    }
  });

  test('leaves cost-based lines not computable, with the reason, and their retained amount as decided', async () => {
    const { items } = await listApplications(
      database.db,
      {
        callCode: CALL,
        operationId: undefined,
        limit: 500,
        offset: 0,
      },
      EVERYTHING,
    );
    const aci = items.filter((item) => item.themeNumber === 2 && item.operationNumber === 3);
    assert.equal(aci.length, 20);
    for (const item of aci) {
      assert.equal(item.computation?.status, 'not_computable');
      assert.match(item.computation?.explanation ?? '', /coûts directs manquants/);
      assert.ok((item.retainedCents ?? 0) > 0);
    }
  });
});

describe('loading', () => {
  test('a second load neither fails nor duplicates', async () => {
    const before = await listApplications(database.db, { limit: 1, offset: 0 }, EVERYTHING);
    const result = await loadDataset(database.db);
    assert.equal(result.loaded, false);
    assert.deepEqual(await migrate(database.db), []);
    const afterLoad = await listApplications(database.db, { limit: 1, offset: 0 }, EVERYTHING);
    assert.equal(afterLoad.total, before.total);
    assert.equal(before.total, 138);
  });

  test('the history of decisions cannot be changed', async () => {
    await assert.rejects(
      database.db.query("update application_decisions set motivation = 'changée'"),
      /ne peut être ni modifié ni supprimé/,
    );
    await assert.rejects(
      database.db.query('delete from application_decisions'),
      /ne peut être ni modifié ni supprimé/,
    );
  });
});

describe('the consistency check of the dataset', () => {
  test('finds no error and lists what deserves a look', async () => {
    const report = await checkCallConsistency(database.db, CALL, EVERYTHING);
    assert.equal(report.errors, 0, report.findings.map((finding) => finding.message).join('\n'));
    assert.deepEqual(report.findings.map((finding) => finding.code).sort(), [
      'PERIOD_BEFORE_CALL_YEAR',
      'STRUCTURE_ADDRESS_MISSING',
      'STRUCTURE_BANK_DETAILS_MISSING',
      'STRUCTURE_POSSIBLE_DUPLICATE',
      'STRUCTURE_POSSIBLE_DUPLICATE',
      'STRUCTURE_REPRESENTATIVE_MISSING',
      'STRUCTURE_SIRET_MISSING',
    ]);
    const duplicates = report.findings.filter((finding) => finding.code === 'STRUCTURE_POSSIBLE_DUPLICATE');
    assert.ok(duplicates.some((finding) => finding.message.includes('ATS')));
    assert.ok(report.findings.some((finding) => finding.message.includes('01/01/2022')));
  });
});
