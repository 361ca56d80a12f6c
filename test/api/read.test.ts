/**
 * The read side of the API on the specification's dataset: the calls and their rules, annexe 3,
 * the budget table of Rapport N°42, the consistency check, the applications and their filters,
 * the OpenAPI document, the permissions of the routes and the exports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROUTES } from '../../src/app.ts';
import {
  type Api,
  type Application,
  assertStatus,
  assertValidation,
  type BudgetSituation,
  CALL,
  type CallTree,
  type ErrorBody,
  get,
  NBSP,
  openApi,
  type Page,
  parseCsv,
} from './api-helpers.ts';

/** Annexe 3: the total of each operation, in cents, theme by theme. */
const ANNEXE_3: Record<number, number[]> = {
  1: [1792000, 2825000, 5858600, 1031300],
  2: [
    123318000, 48300000, 130365600, 24300000, 6900000, 32855621, 24424309, 38509500, 39124205, 2259180,
    14259495, 30600000, 8200000,
  ],
};

const ALLOCATIONS_HEADER =
  'theme,operation,operation_title,territory,structure,label,quantity,unit,period_start,period_end,amount,kind';

let api: Api;

before(async () => {
  api = await openApi();
});

after(async () => {
  await api.close();
});

describe('platform', () => {
  test('GET /api/health answers ok with the engine in use', async () => {
    const answer = await get<{ status: string; database: string }>(api.app, '/api/health');
    assertStatus(answer, 200);
    assert.deepEqual(answer.body, { status: 'ok', database: api.database.dialect });
  });

  test('an unknown address is a 404 with a French message', async () => {
    const answer = await get<ErrorBody>(api.app, '/api/nulle-part');
    assertStatus(answer, 404);
    assert.equal(answer.body.error, 'NOT_FOUND');
    assert.match(answer.body.message, /Aucune ressource.*\/api\/nulle-part/);
  });
});

describe('calls', () => {
  test('GET /api/calls lists both phases of the 2023 call', async () => {
    const answer = await get<{ code: string; year: number; title: string }[]>(api.app, '/api/calls');
    assertStatus(answer, 200);
    const codes = answer.body.map((item) => item.code);
    assert.ok(codes.includes('DPID-2023-P1'), codes.join(', '));
    assert.ok(codes.includes('DPID-2023-P2'), codes.join(', '));
    for (const item of answer.body) assert.equal(item.year, 2023);
  });

  test(`GET /api/calls/${CALL} has 2 themes of 4 and 13 operations, each with a rule described in French`, async () => {
    const answer = await get<CallTree>(api.app, `/api/calls/${CALL}`);
    assertStatus(answer, 200);
    assert.equal(answer.body.code, CALL);
    assert.deepEqual(
      answer.body.themes.map((theme) => [theme.number, theme.operations.length]),
      [
        [1, 4],
        [2, 13],
      ],
    );
    for (const theme of answer.body.themes) {
      for (const operation of theme.operations) {
        const where = `opération ${theme.number}.${operation.number}`;
        assert.ok(operation.rules.length >= 1, where);
        for (const rule of operation.rules) {
          assert.ok(rule.label.length > 0, where);
          // French: a sentence with accents or French words, never a bare code such as "cost_based".
          assert.match(rule.description, /€|[Mm]ontant|[Cc]harges|[Ff]orfait/, where);
          assert.doesNotMatch(rule.description, /_/, where);
        }
      }
    }
    const ai = answer.body.themes[1]?.operations[0];
    assert.ok(ai);
    assert.match(ai.rules[0]?.description ?? '', new RegExp(`195${NBSP}€ maximum par mois et par poste`));
  });

  test('an unknown call is a 404 whose French message names the code', async () => {
    const answer = await get<ErrorBody>(api.app, '/api/calls/DPID-1999-P9');
    assertStatus(answer, 404);
    assert.equal(answer.body.error, 'NOT_FOUND');
    assert.match(answer.body.message, /introuvable/);
    assert.match(answer.body.message, /DPID-1999-P9/);
  });

  test(`GET /api/calls/${CALL}/allocations gives the totals of annexe 3`, async () => {
    const answer = await get<{
      total: number;
      lines: unknown[];
      themes: {
        themeNumber: number;
        amount: number;
        operations: { operationNumber: number; amount: number }[];
      }[];
    }>(api.app, `/api/calls/${CALL}/allocations`);
    assertStatus(answer, 200);
    assert.deepEqual(
      answer.body.themes.map((theme) => [theme.themeNumber, theme.amount]),
      [
        [1, 11506900],
        [2, 523415910],
      ],
    );
    for (const theme of answer.body.themes) {
      assert.deepEqual(
        theme.operations.map((op) => op.amount),
        ANNEXE_3[theme.themeNumber],
        `thématique ${theme.themeNumber}`,
      );
      assert.deepEqual(
        theme.operations.map((op) => op.operationNumber),
        (ANNEXE_3[theme.themeNumber] ?? []).map((_, index) => index + 1),
      );
    }
    assert.equal(answer.body.total, 11506900 + 523415910);
    assert.equal(answer.body.lines.length, 136);
  });

  test(`GET /api/calls/${CALL}/budget gives the figures of Rapport N°42`, async () => {
    const answer = await get<BudgetSituation[]>(api.app, `/api/calls/${CALL}/budget`);
    assertStatus(answer, 200);
    const byCode = new Map(answer.body.map((row) => [row.line.code, row]));
    const referents = byCode.get('C02-446A05');
    const parcours = byCode.get('C01-444H02');
    assert.ok(referents && parcours);
    assert.deepEqual(
      {
        ae: referents.ae,
        committedBefore: referents.committedBefore,
        available: referents.available,
        proposed: referents.proposed,
        balance: referents.balance,
      },
      {
        ae: 680164300,
        committedBefore: 449767772,
        available: 230396528,
        proposed: 11506900,
        balance: 218889628,
      },
    );
    assert.deepEqual(
      {
        ae: parcours.ae,
        committedBefore: parcours.committedBefore,
        available: parcours.available,
        proposed: parcours.proposed,
        balance: parcours.balance,
      },
      { ae: 704818200, committedBefore: 0, available: 704818200, proposed: 523415910, balance: 181402290 },
    );
    for (const row of answer.body) {
      assert.equal(row.available, row.ae - row.committedBefore, row.line.code);
      assert.equal(row.balance, row.available - row.proposed, row.line.code);
    }
  });

  test(`GET /api/calls/${CALL}/check finds no error on the dataset`, async () => {
    const answer = await get<{ callCode: string; errors: number; findings: { severity: string }[] }>(
      api.app,
      `/api/calls/${CALL}/check`,
    );
    assertStatus(answer, 200);
    assert.equal(answer.body.callCode, CALL);
    assert.equal(answer.body.errors, 0, JSON.stringify(answer.body.findings));
    assert.equal(answer.body.findings.filter((finding) => finding.severity === 'error').length, 0);
  });
});

describe('applications (read)', () => {
  test(`GET /api/applications?call=${CALL} counts the 136 lines and pages them`, async () => {
    const first = await get<Page<Application>>(api.app, `/api/applications?call=${CALL}`);
    assertStatus(first, 200);
    assert.equal(first.body.total, 136);
    assert.equal(first.body.items.length, 50);
    const all = await get<Page<Application>>(api.app, `/api/applications?call=${CALL}&limit=500`);
    assert.equal(all.body.items.length, 136);
    assert.equal(new Set(all.body.items.map((item) => item.id)).size, 136);
    for (const item of all.body.items) assert.equal(item.callCode, CALL);
    const last = await get<Page<Application>>(api.app, `/api/applications?call=${CALL}&limit=50&offset=100`);
    assert.deepEqual(
      last.body.items.map((item) => item.id),
      all.body.items.slice(100).map((item) => item.id),
    );
  });

  test('the territory filter keeps exactly the lines of that territory', async () => {
    const all = await get<Page<Application>>(api.app, `/api/applications?call=${CALL}&limit=500`);
    const expected = all.body.items
      .filter((item) => item.territories.some((territory) => territory.code === 'artois'))
      .map((item) => item.id);
    assert.ok(expected.length > 0);
    const answer = await get<Page<Application>>(
      api.app,
      `/api/applications?call=${CALL}&territory=artois&limit=500`,
    );
    assertStatus(answer, 200);
    assert.equal(answer.body.total, expected.length);
    assert.deepEqual(
      answer.body.items.map((item) => item.id),
      expected,
    );
  });

  test('the q filter searches structure names, labels and references, ignoring case', async () => {
    const answer = await get<Page<Application>>(api.app, `/api/applications?call=${CALL}&q=sivom`);
    assertStatus(answer, 200);
    const references = answer.body.items.map((item) => item.reference);
    assert.ok(references.includes('DPID-2023-P2-T1-O1-03'), references.join(', '));
    assert.ok(references.includes('DPID-2023-P2-T1-O2-03'), references.join(', '));
    assert.equal(answer.body.total, answer.body.items.length);
    assert.ok(answer.body.total < 136);
    for (const item of answer.body.items) {
      assert.match(`${item.structureName} ${item.label} ${item.reference}`, /sivom/i);
    }
    const byReference = await get<Page<Application>>(api.app, '/api/applications?q=DPID-2023-P2-T2-O13');
    assert.deepEqual(
      byReference.body.items.map((item) => item.reference),
      ['DPID-2023-P2-T2-O13-01'],
    );
  });

  test('the SIVOM amendment (T1-O1-03) is computed and explained', async () => {
    const found = await get<Page<Application>>(api.app, '/api/applications?q=DPID-2023-P2-T1-O1-03');
    const summary = found.body.items[0];
    assert.ok(summary);
    const answer = await get<Application>(api.app, `/api/applications/${summary.id}`);
    assertStatus(answer, 200);
    const application = answer.body;
    assert.equal(application.reference, 'DPID-2023-P2-T1-O1-03');
    assert.equal(application.kind, 'amendment');
    assert.equal(application.computedCents, -5400000);
    assert.equal(application.retainedCents, -5400000);
    const explanation = application.computation?.explanation ?? '';
    assert.ok(explanation.includes(`24${NBSP}800,00`), explanation);
    assert.ok(explanation.includes(`20${NBSP}400,00`), explanation);
    assert.ok(explanation.includes(`-54${NBSP}000,00`), explanation);
    assert.ok(Array.isArray(application.decisions) && application.decisions.length >= 1);
  });

  test('an unknown application is a 404, a malformed id a 400 naming params.id', async () => {
    const missing = await get<ErrorBody>(api.app, '/api/applications/987654');
    assertStatus(missing, 404);
    assert.match(missing.body.message, /Demande introuvable : 987654/);
    const malformed = await get<ErrorBody>(api.app, '/api/applications/abc');
    const messages = assertValidation(malformed, ['params.id']);
    assert.match(messages.get('params.id') ?? '', /identifiant numérique/);
  });
});

describe('OpenAPI and permissions', () => {
  test('GET /api/openapi.json is OpenAPI 3.1 and describes every route with its permission', async () => {
    const answer = await get<{
      openapi: string;
      paths: Record<string, Record<string, { 'x-permission'?: string; summary?: string }>>;
    }>(api.app, '/api/openapi.json');
    assertStatus(answer, 200);
    assert.match(answer.body.openapi, /^3\.1\./);
    for (const route of ROUTES) {
      const path = route.url.replace(/:([a-zA-Z]+)/g, '{$1}');
      const operation = answer.body.paths[path]?.[route.method.toLowerCase()];
      assert.ok(operation, `${route.method} ${path} absent du document OpenAPI`);
      assert.equal(operation['x-permission'], route.permission, `${route.method} ${path}`);
      assert.ok((operation.summary ?? '').length > 0, `${route.method} ${path}`);
    }
  });

  test('every route of ROUTES declares a permission', () => {
    assert.ok(ROUTES.length > 0);
    const missing = ROUTES.filter(
      (route) => typeof route.permission !== 'string' || route.permission.trim() === '',
    ).map((route) => `${route.method} ${route.url}`);
    assert.deepEqual(missing, [], `routes sans permission : ${missing.join(', ')}`);
    // Signing in is the one write open to anybody.
    for (const route of ROUTES) {
      if (route.method !== 'GET' && !(route.method === 'POST' && route.url === '/api/session'))
        assert.notEqual(route.permission, 'public', `${route.method} ${route.url} writes: not public`);
    }
  });
});

describe('exports', () => {
  test('the allocations CSV has the exact header and one line per application of annexe 3', async () => {
    const answer = await get<string>(api.app, `/api/calls/${CALL}/exports/allocations?format=csv`);
    assertStatus(answer, 200);
    assert.match(String(answer.response.headers['content-type']), /^text\/csv/);
    assert.match(String(answer.response.headers['content-disposition']), /attachment; filename=".+\.csv"/);
    const text = answer.response.body;
    assert.equal(text.split(/\r?\n/)[0], ALLOCATIONS_HEADER);
    const [header, ...lines] = parseCsv(text);
    assert.deepEqual(header, ALLOCATIONS_HEADER.split(','));
    assert.equal(lines.length, 136);
    for (const line of lines) assert.equal(line.length, 12, line.join(','));
    const sivom = lines.filter((line) => line[11] === 'amendment').map((line) => line[10]);
    assert.deepEqual(sivom.sort(), ['-33750.00', '-54000.00']);
  });

  test('the allocations XLSX is a zip with the spreadsheet content type', async () => {
    const answer = await get<string>(api.app, `/api/calls/${CALL}/exports/allocations?format=xlsx`);
    assertStatus(answer, 200);
    assert.equal(
      answer.response.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const bytes = answer.response.rawPayload;
    assert.ok(bytes.length > 1000);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  });

  test('an unknown export format is a 400 naming query.format', async () => {
    const answer = await get<ErrorBody>(api.app, `/api/calls/${CALL}/exports/allocations?format=pdf`);
    const messages = assertValidation(answer, ['query.format']);
    assert.match(messages.get('query.format') ?? '', /csv/);
  });

  test('the budget CSV states the envelope of each line in euros', async () => {
    const answer = await get<string>(api.app, `/api/calls/${CALL}/exports/budget?format=csv`);
    assertStatus(answer, 200);
    const [header, ...rows] = parseCsv(answer.response.body);
    assert.deepEqual(header, [
      'code',
      'imputation',
      'label',
      'ae',
      'committed_before',
      'available',
      'proposed',
      'balance',
    ]);
    const parcours = rows.find((row) => row[0] === 'C01-444H02');
    assert.ok(parcours);
    assert.deepEqual(parcours.slice(3), ['7048182.00', '0.00', '7048182.00', '5234159.10', '1814022.90']);
  });
});
