/**
 * The reads made for large calls: the paginated allocation table with the totals of every
 * matching line, and the dashboard in one request, whose consistency report is kept while the
 * data does not change and computed again as soon as it does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Api,
  assertStatus,
  CALL,
  createApplication,
  createStructure,
  get,
  moveThrough,
  openApi,
  operation,
  request,
  signInAs,
} from './api-helpers.ts';

interface ThemeTotal {
  themeNumber: number;
  amount: number;
  operations: { operationNumber: number; amount: number; lines: number }[];
}
interface AllocationPage {
  totalLines: number;
  lines: { reference: string; structure: string; territories: string[]; amount: number; kind: string }[];
  themes: ThemeTotal[];
  total: number;
}
interface Dashboard {
  budget: { line: { code: string }; balance: number }[];
  states: { state: string; count: number }[];
  check: { errors: number; warnings: number; findings: { code: string; message: string }[] };
}

let api: Api;

before(async () => {
  api = await openApi();
});

after(async () => {
  await api.close();
});

describe('the paginated allocation table', () => {
  test('gives the totals of the whole table whatever the page, equal to the full table', async () => {
    const full = await get<{ themes: ThemeTotal[]; total: number; lines: unknown[] }>(
      api.app,
      `/api/calls/${CALL}/allocations`,
    );
    assertStatus(full, 200);
    const page = await get<AllocationPage>(api.app, `/api/calls/${CALL}/allocations/page?limit=10&offset=20`);
    assertStatus(page, 200);
    assert.equal(page.body.lines.length, 10);
    assert.equal(page.body.totalLines, 136);
    assert.equal(page.body.total, full.body.total);
    assert.deepEqual(
      page.body.themes.map((theme) => [
        theme.themeNumber,
        theme.amount,
        theme.operations.map((op) => op.amount),
      ]),
      full.body.themes.map((theme) => [
        theme.themeNumber,
        theme.amount,
        theme.operations.map((op) => op.amount),
      ]),
    );
    assert.deepEqual(
      page.body.themes.map((theme) => theme.amount),
      [11506900, 523415910],
    );
  });

  test('filters by text, territory, operation and kind, with the totals of what matches', async () => {
    const amendments = await get<AllocationPage>(
      api.app,
      `/api/calls/${CALL}/allocations/page?kind=amendment`,
    );
    assert.deepEqual(
      amendments.body.lines.map((line) => [line.structure, line.amount]),
      [
        ['SIVOM du Bruaysis', -5400000],
        ['SIVOM du Bruaysis', -3375000],
      ],
    );
    assert.equal(amendments.body.total, -8775000);
    const wimereux = await get<AllocationPage>(
      api.app,
      `/api/calls/${CALL}/allocations/page?q=Wimereux&territory=boulonnais`,
    );
    assert.equal(wimereux.body.totalLines, 2);
    assert.equal(wimereux.body.total, 352000 + 825000);
    const ai = await operation(api.app, 2, 1);
    const aiPage = await get<AllocationPage>(
      api.app,
      `/api/calls/${CALL}/allocations/page?operationId=${ai.id}&limit=5`,
    );
    assert.equal(aiPage.body.totalLines, 26);
    assert.equal(aiPage.body.total, 123318000);
    const bad = await get<{ fields: { field: string }[] }>(
      api.app,
      `/api/calls/${CALL}/allocations/page?kind=other&limit=0`,
    );
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.fields.map((field) => field.field).sort(), ['query.kind', 'query.limit']);
  });

  test('shows an instructeur only the lines of their territories, with their totals', async () => {
    const session = await signInAs(api.app, api.database.db, 'instructeur', ['boulonnais']);
    const page = await request<AllocationPage>(
      api.app,
      'GET',
      `/api/calls/${CALL}/allocations/page?limit=1000`,
      undefined,
      session,
    );
    assertStatus(page, 200);
    assert.ok(page.body.lines.length > 0);
    for (const line of page.body.lines) assert.ok(line.territories.includes('Boulonnais'), line.reference);
    assert.equal(
      page.body.total,
      page.body.lines.reduce((sum, line) => sum + line.amount, 0),
    );
  });
});

describe('the dashboard', () => {
  test('gives the envelopes, the applications by state and the findings in one answer', async () => {
    const answer = await get<Dashboard>(api.app, `/api/calls/${CALL}/dashboard`);
    assertStatus(answer, 200);
    assert.deepEqual(
      answer.body.budget.map((row) => [row.line.code, row.balance]),
      [
        ['C02-446A05', 218889628],
        ['C01-444H02', 181402290],
      ],
    );
    assert.ok(answer.body.states.some((row) => row.state === 'proposed' && row.count >= 135));
    assert.equal(answer.body.check.errors, 0);
  });

  test('computes the consistency report again as soon as the data changes', async () => {
    const first = await get<Dashboard>(api.app, `/api/calls/${CALL}/dashboard`);
    const again = await get<Dashboard>(api.app, `/api/calls/${CALL}/dashboard`);
    assert.deepEqual(again.body.check, first.body.check);
    // A structure one letter away from an existing one is a new finding, seen at once.
    await createStructure(api.app, { legalName: 'Unartois Insertions' });
    const afterStructure = await get<Dashboard>(api.app, `/api/calls/${CALL}/dashboard`);
    assert.equal(afterStructure.body.check.warnings, first.body.check.warnings + 1);
    assert.ok(
      afterStructure.body.check.findings.some((finding) => finding.message.includes('Unartois Insertions')),
    );
    // An application proposed beyond its rule without justification cannot exist; one proposed on
    // a fixed-amount operation changes the operation total: an error appears.
    const tetes = await operation(api.app, 2, 5);
    const structure = await createStructure(api.app);
    const created = await createApplication(api.app, {
      operationId: tetes.id,
      structureId: structure.id,
      territories: ['departement'],
      label: 'Soutien supplémentaire',
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      retainedCents: 100000,
    });
    await moveThrough(api.app, created.id, ['submitted', 'under_review', 'proposed']);
    const afterProposal = await get<Dashboard>(api.app, `/api/calls/${CALL}/dashboard`);
    assert.ok(
      afterProposal.body.check.findings.some((finding) => finding.code === 'OPERATION_TOTAL_MISMATCH'),
      JSON.stringify(afterProposal.body.check.findings.map((finding) => finding.code)),
    );
  });
});

describe('the export of a filtered allocation table', () => {
  test('holds the lines the filter keeps, with their total', async () => {
    const csv = await get<string>(
      api.app,
      `/api/calls/${CALL}/exports/allocations?format=csv&kind=amendment`,
    );
    assertStatus(csv, 200);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines.length, 3);
    assert.ok(lines.slice(1).every((line) => line.endsWith(',amendment')));
    const whole = await get<string>(api.app, `/api/calls/${CALL}/exports/allocations?format=csv`);
    const table = await get<AllocationPage>(api.app, `/api/calls/${CALL}/allocations/page?limit=1`);
    assert.equal(whole.body.trim().split('\r\n').length, table.body.totalLines + 1);
    const bad = await get<{ fields: { field: string }[] }>(
      api.app,
      `/api/calls/${CALL}/exports/allocations?kind=x`,
    );
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.fields.map((field) => field.field),
      ['query.kind'],
    );
  });
});
