/**
 * The read cache of the application list, the allocation table and the dashboard (platform/
 * response-cache.ts): a repeated read costs one query (the session and the data version), its bytes
 * are those the route gives without the cache, a write — through the API, or made in the database
 * by another connection — is seen by the very next read, a signed-out or deactivated account is
 * refused at once, and no actor ever gets an answer cached for another scope.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp, ROUTES } from '../../src/app.ts';
import { authorizer } from '../../src/modules/identity/index.ts';
import type { Database } from '../../src/platform/database.ts';
import { buildServer } from '../../src/platform/http.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  type Application,
  assertStatus,
  CALL,
  createApplication,
  createStructure,
  moveThrough,
  operation,
  type Page,
  request,
  type SessionHeaders,
  signInAs,
  useDefaultSession,
} from './api-helpers.ts';

const LIST = `/api/applications?call=${CALL}&limit=50`;
const PAGE = `/api/calls/${CALL}/allocations/page?limit=100`;
const DASHBOARD = `/api/calls/${CALL}/dashboard`;
const CACHED_READS = [
  LIST,
  `/api/applications?call=${CALL}&limit=20&offset=20&q=ccas`,
  PAGE,
  `/api/calls/${CALL}/allocations`,
  DASHBOARD,
  `/api/calls/${CALL}/check`,
];

interface AllocationPage {
  totalLines: number;
  total: number;
  lines: { reference: string; territories: string[]; structure: string }[];
}
interface Dashboard {
  states: { state: string; count: number }[];
  check: { errors: number; warnings: number; findings: { subject: string }[] };
}
interface SessionView {
  user: { id: number; version: number };
}

let database: TestDatabase;
/** The application under test, on a database that counts the queries it is sent. */
let app: FastifyInstance;
/** The same routes on the same database without any cache: what each answer must be. */
let uncached: FastifyInstance;
let queries = 0;
let admin: SessionHeaders;

/** The database as the application sees it, counting the queries sent outside transactions. */
function counting(db: Database): Database {
  return {
    dialect: db.dialect,
    query: (text, params) => {
      queries += 1;
      return db.query(text, params);
    },
    exec: (script) => db.exec(script),
    transaction: (work) => db.transaction(work),
    close: () => db.close(),
  };
}

before(async () => {
  database = await openTestDatabase({ seed: true });
  app = await buildApp(counting(database.db));
  uncached = await buildServer({
    db: database.db,
    routes: ROUTES,
    authorize: authorizer(database.db),
    responseCacheBytes: 0,
  });
  admin = await signInAs(app, database.db, 'administrateur');
  useDefaultSession(app, admin);
});

after(async () => {
  await app.close();
  await uncached.close();
  await database.close();
});

const read = <T>(url: string, session: SessionHeaders | null = admin, on = app) =>
  request<T>(on, 'GET', url, undefined, session);

/** Runs `work` and says how many queries it sent. */
async function queriesOf(work: () => Promise<unknown>): Promise<number> {
  const before = queries;
  await work();
  return queries - before;
}

/** A write made by another connection to the database (on PGlite, the only one: not through the API). */
async function writeElsewhere(text: string, params: unknown[]): Promise<void> {
  if (database.url === undefined) {
    await database.db.query(text, params);
    return;
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

async function firstListed(session: SessionHeaders = admin): Promise<Application> {
  const list = await read<Page<Application>>(LIST, session);
  assertStatus(list, 200);
  const first = list.body.items[0];
  assert.ok(first, 'the call has applications');
  return first;
}

describe('a repeated read', () => {
  test('is served from the cache: a single query (the session and the data version)', async () => {
    for (const url of CACHED_READS) {
      const first = await read(url);
      assertStatus(first, 200);
      const again = await queriesOf(async () => {
        const second = await read(url);
        assertStatus(second, 200);
        assert.equal(second.response.body, first.response.body, url);
      });
      assert.equal(again, 1, `${url}: ${again} queries`);
    }
  });

  test('of the same query written otherwise (order, unknown parameters) is the same entry', async () => {
    await read(`/api/applications?call=${CALL}&limit=7&offset=3`);
    const sent = await queriesOf(() => read(`/api/applications?offset=3&limit=7&call=${CALL}&unknown=1`));
    assert.equal(sent, 1);
  });

  test('gives the bytes and the type the route gives without the cache', async () => {
    for (const url of CACHED_READS) {
      await read(url);
      const cached = await read(url);
      const direct = await read(url, admin, uncached);
      assertStatus(direct, 200);
      assert.equal(cached.response.body, direct.response.body, url);
      assert.equal(cached.response.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(cached.response.headers['content-type'], direct.response.headers['content-type']);
    }
  });

  test('checks the session first: without one, 401, even when the answer is kept', async () => {
    await read(LIST);
    const anonymous = await read(LIST, null);
    assertStatus(anonymous, 401);
    const forged = await read(LIST, { cookie: 'inclusio_session=forged', 'x-csrf-token': 'x' });
    assertStatus(forged, 401);
  });

  test('an error is not kept: an unknown call stays 404, a known one answers', async () => {
    const unknown = await read('/api/applications?call=NO-SUCH-CALL&limit=5');
    assertStatus(unknown, 404);
    assertStatus(await read('/api/applications?call=NO-SUCH-CALL&limit=5'), 404);
    const invalid = await read(`/api/applications?call=${CALL}&limit=-1`);
    assertStatus(invalid, 400);
  });
});

describe('a write is seen by the next read', () => {
  test('through the API: an edited label, a proposed application in the table and the dashboard', async () => {
    const target = await firstListed();
    const detail = await read<Application>(`/api/applications/${target.id}`);
    const label = `${target.label} (modifié)`;
    const edited = await request<Application>(app, 'PATCH', `/api/applications/${target.id}`, {
      label,
      version: detail.body.version,
    });
    assertStatus(edited, 200);
    assert.equal((await firstListed()).label, label);

    const pageBefore = await read<AllocationPage>(PAGE);
    const dashboardBefore = await read<Dashboard>(DASHBOARD);
    const tetes = await operation(app, 2, 5);
    const structure = await createStructure(app);
    const created = await createApplication(app, {
      operationId: tetes.id,
      structureId: structure.id,
      territories: ['departement'],
      label: 'Demande proposée pendant le test du cache',
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
      retainedCents: 100000,
    });
    await moveThrough(app, created.id, ['submitted', 'under_review', 'proposed']);
    const pageAfter = await read<AllocationPage>(PAGE);
    assert.equal(pageAfter.body.totalLines, pageBefore.body.totalLines + 1);
    assert.ok(pageAfter.body.total > pageBefore.body.total);
    const proposed = (body: Dashboard) => body.states.find((state) => state.state === 'proposed')?.count ?? 0;
    const dashboardAfter = await read<Dashboard>(DASHBOARD);
    assert.equal(proposed(dashboardAfter.body), proposed(dashboardBefore.body) + 1);
  });

  test('made in the database by another connection: the list, the table and the dashboard', async () => {
    const target = await firstListed();
    await read(PAGE);
    await read(DASHBOARD);
    const label = `Libellé écrit hors de l’API ${process.pid}`;
    await writeElsewhere('update applications set label = $1 where id = $2', [label, target.id]);
    assert.equal((await firstListed()).label, label);

    const page = await read<AllocationPage>(PAGE);
    const dashboard = await read<Dashboard>(DASHBOARD);
    const [line] = page.body.lines;
    assert.ok(line);
    const renamed = `Structure renommée hors de l’API ${process.pid}`;
    await writeElsewhere(
      `update structures set short_name = $1
        where id = (select structure_id from applications where reference = $2)`,
      [renamed, line.reference],
    );
    const pageAfter = await read<AllocationPage>(PAGE);
    assert.equal(pageAfter.body.lines[0]?.structure, renamed);

    // A proposed line put back to draft: one line less in the table, one proposal less on the dashboard.
    const proposedLine = pageAfter.body.lines.find((candidate) => candidate.reference !== line.reference);
    assert.ok(proposedLine);
    const [row] = await database.db.query<{ state: string }>(
      'select state from applications where reference = $1',
      [proposedLine.reference],
    );
    assert.ok(row);
    await writeElsewhere(`update applications set state = 'draft' where reference = $1`, [
      proposedLine.reference,
    ]);
    assert.equal((await read<AllocationPage>(PAGE)).body.totalLines, page.body.totalLines - 1);
    const count = (body: Dashboard, state: string) =>
      body.states.find((entry) => entry.state === state)?.count ?? 0;
    const dashboardAfter = await read<Dashboard>(DASHBOARD);
    assert.equal(count(dashboardAfter.body, row.state), count(dashboard.body, row.state) - 1);
    assert.equal(count(dashboardAfter.body, 'draft'), count(dashboard.body, 'draft') + 1);
    assert.equal(
      (await read(DASHBOARD)).response.body,
      (await read(DASHBOARD, admin, uncached)).response.body,
    );
  });
});

describe('sessions are read on every request', () => {
  test('signed out: refused at once, with the answer still kept for others', async () => {
    const reader = await signInAs(app, database.db, 'lecture');
    assertStatus(await read(LIST, reader), 200);
    assertStatus(await read(LIST, reader), 200);
    assertStatus(await request(app, 'DELETE', '/api/session', undefined, reader), 200);
    assertStatus(await read(LIST, reader), 401);
    assertStatus(await read(DASHBOARD, reader), 401);
    assertStatus(await read(LIST), 200);
  });

  test('deactivated by an administrator, or in the database by another connection: refused at once', async () => {
    const first = await signInAs(app, database.db, 'instructeur', ['boulonnais']);
    const second = await signInAs(app, database.db, 'instructeur', ['boulonnais']);
    assertStatus(await read(LIST, first), 200);
    assertStatus(await read(LIST, second), 200);

    const user = (await request<SessionView>(app, 'GET', '/api/session', undefined, first)).body.user;
    const deactivated = await request(app, 'PATCH', `/api/users/${user.id}`, {
      active: false,
      version: user.version,
    });
    assertStatus(deactivated, 200);
    assertStatus(await read(LIST, first), 401);

    const other = (await request<SessionView>(app, 'GET', '/api/session', undefined, second)).body.user;
    await writeElsewhere('update users set is_active = false where id = $1', [other.id]);
    assertStatus(await read(LIST, second), 401);
  });

  test('requests that arrive together share one query, each getting its own session', async () => {
    const boulonnais = await signInAs(app, database.db, 'instructeur', ['boulonnais']);
    const artois = await signInAs(app, database.db, 'instructeur', ['artois']);
    const gone = await signInAs(app, database.db, 'lecture');
    assertStatus(await request(app, 'DELETE', '/api/session', undefined, gone), 200);
    const forged: SessionHeaders = { cookie: 'inclusio_session=forged', 'x-csrf-token': 'x' };
    const sessions = [admin, boulonnais, artois, gone, forged, boulonnais, admin];
    const expected = await Promise.all(
      sessions.map(async (session) => (await read(LIST, session, uncached)).response),
    );
    const sent = await queriesOf(async () => {
      const answers = await Promise.all(sessions.map((session) => read(LIST, session)));
      answers.forEach((answer, index) => {
        assert.equal(answer.status, expected[index]?.statusCode, `request ${index}`);
        assert.equal(answer.response.body, expected[index]?.body, `request ${index}`);
      });
    });
    assert.deepEqual(
      expected.map((answer) => answer.statusCode),
      [200, 200, 200, 401, 401, 200, 200],
    );
    // One query for the sessions of all seven, then the lists of three scopes (kept or not yet).
    assert.ok(sent < sessions.length, `${sent} queries for ${sessions.length} requests`);
  });

  test('territories changed by an administrator apply to the next read', async () => {
    const instructeur = await signInAs(app, database.db, 'instructeur', ['boulonnais']);
    const codes = async () =>
      new Set(
        (await read<Page<Application>>(LIST, instructeur)).body.items.flatMap((item) =>
          item.territories.map((territory) => territory.code),
        ),
      );
    assert.ok((await codes()).has('boulonnais'));
    const user = (await request<SessionView>(app, 'GET', '/api/session', undefined, instructeur)).body.user;
    assertStatus(
      await request(app, 'PATCH', `/api/users/${user.id}`, {
        territories: ['artois'],
        version: user.version,
      }),
      200,
    );
    assert.ok((await codes()).has('artois'));
    for (const item of (await read<Page<Application>>(LIST, instructeur)).body.items) {
      assert.ok(
        item.territories.some((territory) => territory.code === 'artois'),
        item.reference,
      );
    }
  });
});

describe('scopes are never shared', () => {
  let boulonnais: SessionHeaders;
  let artois: SessionHeaders;
  let direction: SessionHeaders;

  before(async () => {
    boulonnais = await signInAs(app, database.db, 'instructeur', ['boulonnais']);
    artois = await signInAs(app, database.db, 'instructeur', ['artois']);
    direction = await signInAs(app, database.db, 'direction');
  });

  test('two instructeurs of other territories and an administrator, same URLs, warm cache', async () => {
    const actors = [
      ['administrateur', admin],
      ['Boulonnais', boulonnais],
      ['Artois', artois],
      ['direction', direction],
    ] as const;
    for (const url of CACHED_READS) {
      // Warmed by each in turn, then asked again in the reverse order: each gets their own answer.
      const first = new Map<string, string>();
      for (const [name, session] of actors) {
        const answer = await read(url, session);
        assertStatus(answer, 200);
        first.set(name, answer.response.body);
      }
      for (const [name, session] of [...actors].reverse()) {
        const answer = await read(url, session);
        const direct = await read(url, session, uncached);
        assert.equal(answer.response.body, first.get(name), `${url} as ${name}`);
        assert.equal(answer.response.body, direct.response.body, `${url} as ${name}, without cache`);
      }
      assert.notEqual(first.get('Boulonnais'), first.get('Artois'), url);
      assert.notEqual(first.get('Boulonnais'), first.get('administrateur'), url);
    }
  });

  test('an instructeur sees only their territories in the cached list and table', async () => {
    await read(LIST, admin);
    await read(PAGE, admin);
    const list = await read<Page<Application>>(LIST, artois);
    assert.ok(list.body.items.length > 0);
    for (const item of list.body.items) {
      assert.ok(
        item.territories.some((territory) => territory.code === 'artois'),
        item.reference,
      );
    }
    const adminList = await read<Page<Application>>(LIST, admin);
    assert.ok(list.body.total < adminList.body.total);
    const page = await read<AllocationPage>(PAGE, boulonnais);
    const adminPage = await read<AllocationPage>(PAGE, admin);
    assert.ok(page.body.totalLines < adminPage.body.totalLines);
    assert.ok(page.body.total < adminPage.body.total);
  });
});
