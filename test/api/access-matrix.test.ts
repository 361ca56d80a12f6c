/**
 * Who may do what: every route of the application (ROUTES) requested by every role and by an
 * anonymous visitor. Anonymous → 401 on every route that is not public; a role lacking the route's
 * permission (ROLE_PERMISSIONS) → 403; a role having it gets past the check (never 401 or 403).
 * Then the territories: an instructeur of the Boulonnais does not see, change or move anything of
 * the Artois — it answers 404 as if absent, lists and exports leave it out — and cannot put an
 * application on a territory not theirs (403); the same requests by a role of the whole
 * département succeed, which proves the refusals come from the territory rule.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ROUTES } from '../../src/app.ts';
import { createUserDirectly, ROLE_PERMISSIONS, ROLES, type Role } from '../../src/modules/identity/index.ts';
import type { RouteDefinition } from '../../src/platform/http.ts';
import {
  type Api,
  type Application,
  assertStatus,
  CALL,
  createApplication,
  createStructure,
  type ErrorBody,
  moveThrough,
  openApi,
  operation,
  type Page,
  parseCsv,
  request,
  type SessionHeaders,
  signInAs,
  uniqueName,
} from './api-helpers.ts';

/** CCAS de Bruay-la-Buissière, on the Artois only. */
const ARTOIS_REFERENCE = 'DPID-2023-P2-T1-O1-04';
/** A convention of the SIVOM du Bruaysis voted on 15 May 2023, on the Artois only. */
const ARTOIS_VOTED_REFERENCE = 'DPID-2023-P1-T1-O1-01';
/** CCAS Wimereux, on the Boulonnais. */
const BOULONNAIS_REFERENCE = 'DPID-2023-P2-T1-O1-02';

type Who = Role | 'anonyme';
const WHO: readonly Who[] = ['anonyme', ...ROLES];

let api: Api;
let aiOperationId: number;

before(async () => {
  api = await openApi();
  aiOperationId = (await operation(api.app, 2, 1)).id;
});

after(async () => {
  await api.close();
});

async function idOf(reference: string): Promise<number> {
  const [row] = await api.database.db.query<{ id: number }>(
    'select id from applications where reference = $1',
    [reference],
  );
  assert.ok(row, reference);
  return row.id;
}

async function current(table: 'applications' | 'structures' | 'users', id: number) {
  const [row] = await api.database.db.query<{ version: number; state?: string }>(
    `select version${table === 'applications' ? ', state' : ''} from ${table} where id = $1`,
    [id],
  );
  assert.ok(row, `${table} ${id}`);
  return row;
}

const routeKey = (route: RouteDefinition) => `${route.method} ${route.url}`;

describe('the access matrix: every role × every route', () => {
  /** Records made for the matrix only, so that its writes change nothing the other tests read. */
  let structureId: number;
  let applicationId: number;
  let targetUserId: number;
  let sessions: Map<Who, SessionHeaders | null>;

  before(async () => {
    structureId = (await createStructure(api.app, { category: 'ai', siaeTypes: ['AI'] })).id;
    const application = await createApplication(api.app, {
      operationId: aiOperationId,
      structureId,
      territories: ['boulonnais'],
      label: uniqueName('Demande de la matrice'),
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      quantity: 3,
      unit: 'postes',
    });
    applicationId = application.id;
    // under_review ↔ postponed: a transition that is always possible and charges no budget.
    await moveThrough(api.app, applicationId, ['submitted', 'under_review']);
    targetUserId = (
      await createUserDirectly(api.database.db, {
        login: `cible-matrice-${process.pid}`,
        displayName: 'Cible de la matrice',
        role: 'lecture',
        password: 'mot-de-passe-cible-123',
      })
    ).id;
    sessions = new Map<Who, SessionHeaders | null>([['anonyme', null]]);
    for (const role of ROLES) {
      sessions.set(
        role,
        await signInAs(api.app, api.database.db, role, role === 'instructeur' ? ['boulonnais'] : []),
      );
    }
  });

  interface Built {
    url: string;
    payload?: object;
  }

  /** Well-formed requests (bodies that would be accepted): a 2xx is expected whenever allowed. */
  const builders: Record<string, () => Promise<Built>> = {
    'GET /api/audit': async () => ({ url: `/api/audit?entity=application&id=${applicationId}` }),
    'POST /api/users': async () => ({
      url: '/api/users',
      payload: {
        login: `matrice-${process.pid}-${Math.random().toString(36).slice(2, 10)}`,
        displayName: 'Compte de la matrice',
        role: 'lecture',
        password: 'mot-de-passe-matrice-123',
      },
    }),
    'PATCH /api/users/:id': async () => ({
      url: `/api/users/${targetUserId}`,
      payload: { displayName: uniqueName('Cible'), version: (await current('users', targetUserId)).version },
    }),
    'POST /api/structures': async () => ({
      url: '/api/structures',
      payload: { legalName: uniqueName('Structure de la matrice'), category: 'association' },
    }),
    'PATCH /api/structures/:id': async () => ({
      url: `/api/structures/${structureId}`,
      payload: {
        legalName: uniqueName('Structure de la matrice'),
        version: (await current('structures', structureId)).version,
      },
    }),
    'POST /api/applications': async () => ({
      url: '/api/applications',
      payload: {
        operationId: aiOperationId,
        structureId,
        territories: ['boulonnais'],
        label: uniqueName('Demande de la matrice'),
        periodStart: '2024-01-01',
        periodEnd: '2024-12-31',
        quantity: 1,
        unit: 'postes',
      },
    }),
    'PATCH /api/applications/:id': async () => ({
      url: `/api/applications/${applicationId}`,
      payload: {
        label: uniqueName('Demande de la matrice'),
        version: (await current('applications', applicationId)).version,
      },
    }),
    'POST /api/applications/:id/transitions': async () => {
      const { state } = await current('applications', applicationId);
      return {
        url: `/api/applications/${applicationId}/transitions`,
        payload: {
          to: state === 'under_review' ? 'postponed' : 'under_review',
          motivation: 'Matrice des accès',
        },
      };
    },
  };

  /** Any other route (one added later, say): its path parameters filled in, an empty body. */
  function generic(route: RouteDefinition): Built {
    const url = route.url.replace(/:([a-zA-Z]+)/g, (_match, name: string) => {
      if (name === 'code') return CALL;
      if (route.url.startsWith('/api/applications/')) return String(applicationId);
      if (route.url.startsWith('/api/structures/')) return String(structureId);
      if (route.url.startsWith('/api/users/')) return String(targetUserId);
      return '1';
    });
    return route.method === 'GET' || route.method === 'DELETE' ? { url } : { url, payload: {} };
  }

  /** Whether the request built for the route is well-formed, so that an allowed caller gets a 2xx. */
  function wellFormed(route: RouteDefinition): boolean {
    if (routeKey(route) in builders || routeKey(route) === 'DELETE /api/session') return true;
    if (route.method !== 'GET' || route.permission === 'public') return false;
    // A GET filled in by generic(): well-formed when its query may be empty and its ids are real.
    const queryOptional = !route.query || route.query.safeParse({}).success;
    const knownIds =
      !route.url.includes(':id') ||
      ['/api/applications/', '/api/structures/', '/api/users/'].some((prefix) =>
        route.url.startsWith(prefix),
      );
    const knownParams = [...route.url.matchAll(/:([a-zA-Z]+)/g)].every(
      (match) => match[1] === 'code' || match[1] === 'id',
    );
    return queryOptional && knownIds && knownParams;
  }

  function allowed(who: Who, route: RouteDefinition): boolean {
    if (route.permission === 'public') return true;
    if (who === 'anonyme') return false;
    return ROLE_PERMISSIONS[who].includes(route.permission);
  }

  test('the routes declare sensible permissions', () => {
    const keys = ROUTES.map(routeKey);
    assert.equal(new Set(keys).size, keys.length, 'each route once');
    for (const route of ROUTES) {
      if (route.permission === 'public') {
        assert.ok(
          ['GET /api/health', 'GET /api/session', 'POST /api/session'].includes(routeKey(route)),
          `${routeKey(route)} is public`,
        );
      }
      if (
        route.method !== 'GET' &&
        routeKey(route) !== 'DELETE /api/session' &&
        routeKey(route) !== 'POST /api/session'
      ) {
        assert.ok(
          !ROLE_PERMISSIONS.lecture.includes(route.permission),
          `${routeKey(route)} changes something: the read-only role may not do it`,
        );
      }
      if (route.url.startsWith('/api/users')) assert.equal(route.permission, 'users:admin', routeKey(route));
    }
  });

  test('anonymous → 401, lacking the permission → 403, having it → past the check; no unauthorised success', async () => {
    // Signing out comes last, as it ends the session the other requests use.
    const ordered = [
      ...ROUTES.filter((route) => routeKey(route) !== 'DELETE /api/session'),
      ...ROUTES.filter((route) => routeKey(route) === 'DELETE /api/session'),
    ];
    const statuses = new Map<string, Map<Who, number>>();
    const problems: string[] = [];
    let unauthorisedSuccesses = 0;
    let cells = 0;

    for (const who of WHO) {
      const session = sessions.get(who) ?? null;
      for (const route of ordered) {
        const built = await (builders[routeKey(route)]?.() ?? Promise.resolve(generic(route)));
        // app.inject rather than request(): a route may use any method (PUT included).
        const response = await api.app.inject({
          method: route.method,
          url: built.url,
          ...(built.payload === undefined ? {} : { payload: built.payload }),
          ...(session ? { headers: { ...session } } : {}),
        });
        const answer = {
          status: response.statusCode,
          body: (String(response.headers['content-type'] ?? '').startsWith('application/json')
            ? response.json()
            : {}) as Partial<ErrorBody>,
          response,
        };
        cells += 1;
        const row = statuses.get(routeKey(route)) ?? new Map<Who, number>();
        row.set(who, answer.status);
        statuses.set(routeKey(route), row);

        const where = `${who} ${route.method} ${built.url} (${route.permission}) → ${answer.status} ${answer.response.body.slice(0, 160)}`;
        const success = answer.status >= 200 && answer.status < 300;
        if (answer.status >= 500) problems.push(`erreur serveur : ${where}`);
        if (!allowed(who, route)) {
          if (success) unauthorisedSuccesses += 1;
          const expected = who === 'anonyme' ? 401 : 403;
          const code = who === 'anonyme' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
          if (answer.status !== expected || answer.body.error !== code)
            problems.push(`${expected} ${code} attendu : ${where}`);
        } else if (route.permission !== 'public') {
          if (answer.status === 401 || answer.status === 403)
            problems.push(`autorisé mais refusé : ${where}`);
          else if (wellFormed(route) && !success) problems.push(`2xx attendu : ${where}`);
        }
      }
    }

    // Public routes: the health check for all, the session for those who have one.
    for (const who of WHO) {
      assert.equal(statuses.get('GET /api/health')?.get(who), 200, `${who} GET /api/health`);
      assert.equal(
        statuses.get('GET /api/session')?.get(who),
        who === 'anonyme' ? 401 : 200,
        `${who} GET /api/session`,
      );
      assert.equal(statuses.get('POST /api/session')?.get(who), 400, `${who} POST /api/session (empty body)`);
    }

    const width = Math.max(...[...statuses.keys()].map((key) => key.length));
    const header = `${'route'.padEnd(width)}  ${'permission'.padEnd(20)} ${WHO.map((who) => who.slice(0, 6).padStart(6)).join(' ')}`;
    const lines = ROUTES.map((route) => {
      const row = statuses.get(routeKey(route));
      return `${routeKey(route).padEnd(width)}  ${route.permission.padEnd(20)} ${WHO.map((who) => String(row?.get(who) ?? '-').padStart(6)).join(' ')}`;
    });
    const tally = WHO.map((who) => {
      const values = [...statuses.values()].map((row) => row.get(who) ?? 0);
      const count = (test: (status: number) => boolean) => values.filter(test).length;
      return `${who}: ${count((s) => s >= 200 && s < 300)}×2xx ${count((s) => s === 401)}×401 ${count((s) => s === 403)}×403 ${count((s) => s >= 400 && s !== 401 && s !== 403)}×autre`;
    });
    console.log(
      [
        `Matrice des accès : ${ROUTES.length} routes × ${WHO.length} appelants = ${cells} requêtes`,
        header,
        ...lines,
        ...tally,
        `succès non autorisés : ${unauthorisedSuccesses}`,
      ].join('\n'),
    );

    assert.equal(cells, ROUTES.length * WHO.length);
    assert.equal(unauthorisedSuccesses, 0, 'no 2xx where the permission is lacking');
    assert.deepEqual(problems, []);
  });
});

describe('territories: an instructeur of the Boulonnais and the Artois', () => {
  let boulonnais: SessionHeaders;
  let artois: SessionHeaders;
  let direction: SessionHeaders;
  let artoisId: number;
  let own: Application;
  let matrixStructureId: number;

  before(async () => {
    boulonnais = await signInAs(api.app, api.database.db, 'instructeur', ['boulonnais']);
    artois = await signInAs(api.app, api.database.db, 'instructeur', ['artois']);
    direction = await signInAs(api.app, api.database.db, 'direction');
    artoisId = await idOf(ARTOIS_REFERENCE);
    matrixStructureId = (await createStructure(api.app, { category: 'ai', siaeTypes: ['AI'] })).id;
    const created = await request<Application>(api.app, 'POST', '/api/applications', draft(), boulonnais);
    assertStatus(created, 201);
    own = created.body;
  });

  function draft(overrides: object = {}) {
    return {
      operationId: aiOperationId,
      structureId: matrixStructureId,
      territories: ['boulonnais'],
      label: uniqueName('Demande du Boulonnais'),
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      quantity: 2,
      unit: 'postes',
      ...overrides,
    };
  }

  async function applicationCount(): Promise<number> {
    const [row] = await api.database.db.query<{ total: number }>(
      'select count(*)::int as total from applications',
    );
    return row?.total ?? 0;
  }

  /** A 404 like the one for an application that does not exist (same code, same message but the id). */
  async function assertAsAbsent(
    answer: { status: number; body: unknown; response: { body: string } },
    id: number,
    send: (absentId: number) => Promise<{ status: number; body: unknown }>,
  ) {
    assertStatus(answer as Parameters<typeof assertStatus>[0], 404);
    const absent = await send(987654);
    assert.equal(absent.status, 404);
    const body = answer.body as ErrorBody;
    const absentBody = absent.body as ErrorBody;
    assert.equal(body.error, absentBody.error);
    assert.equal(body.message.replace(String(id), 'N'), absentBody.message.replace('987654', 'N'));
  }

  test('the dataset: CCAS de Bruay on the Artois only, CCAS Wimereux on the Boulonnais', async () => {
    const artoisApplication = await request<Application>(api.app, 'GET', `/api/applications/${artoisId}`);
    assertStatus(artoisApplication, 200);
    assert.deepEqual(
      artoisApplication.body.territories.map((territory) => territory.code),
      ['artois'],
    );
    assert.match(artoisApplication.body.structureName, /Bruay/);
    const wimereux = await request<Application>(
      api.app,
      'GET',
      `/api/applications/${await idOf(BOULONNAIS_REFERENCE)}`,
      undefined,
      boulonnais,
    );
    assertStatus(wimereux, 200);
    assert.match(wimereux.body.structureName, /Wimereux/);
  });

  test('GET of an Artois application: 404 as if absent; the Artois instructeur and the direction see it', async () => {
    const send = (id: number) =>
      request<ErrorBody>(api.app, 'GET', `/api/applications/${id}`, undefined, boulonnais);
    await assertAsAbsent(await send(artoisId), artoisId, send);
    assertStatus(await request(api.app, 'GET', `/api/applications/${artoisId}`, undefined, artois), 200);
    assertStatus(await request(api.app, 'GET', `/api/applications/${artoisId}`, undefined, direction), 200);
  });

  test('PATCH of an Artois application: 404 and nothing changes; the Artois instructeur may', async () => {
    const before = await current('applications', artoisId);
    const send = (id: number) =>
      request<ErrorBody>(
        api.app,
        'PATCH',
        `/api/applications/${id}`,
        { label: 'Changée par le Boulonnais', version: before.version },
        boulonnais,
      );
    await assertAsAbsent(await send(artoisId), artoisId, send);
    assert.equal((await current('applications', artoisId)).version, before.version);
    const accepted = await request<Application>(
      api.app,
      'PATCH',
      `/api/applications/${artoisId}`,
      { label: '450 places d’accompagnement (relu)', version: before.version },
      artois,
    );
    assertStatus(accepted, 200);
    assert.equal(accepted.body.version, before.version + 1);
  });

  test('a transition of an Artois application: 404 and nothing changes; the direction may', async () => {
    const before = await current('applications', artoisId);
    assert.equal(before.state, 'proposed');
    const send = (id: number) =>
      request<ErrorBody>(
        api.app,
        'POST',
        `/api/applications/${id}/transitions`,
        { to: 'under_review', motivation: 'Retirée par le Boulonnais' },
        boulonnais,
      );
    await assertAsAbsent(await send(artoisId), artoisId, send);
    assert.deepEqual(await current('applications', artoisId), before);
    const moved = await request<Application>(
      api.app,
      'POST',
      `/api/applications/${artoisId}/transitions`,
      { to: 'under_review', motivation: 'Retirée de l’ordre du jour' },
      direction,
    );
    assertStatus(moved, 200);
    const back = await request<Application>(
      api.app,
      'POST',
      `/api/applications/${artoisId}/transitions`,
      { to: 'proposed', motivation: 'Remise à l’ordre du jour' },
      direction,
    );
    assertStatus(back, 200);
    assert.equal(back.body.state, 'proposed');
  });

  test('the list of the call holds only applications of the Boulonnais, all of them', async () => {
    const url = `/api/applications?call=${CALL}&limit=500`;
    const mine = await request<Page<Application>>(api.app, 'GET', url, undefined, boulonnais);
    assertStatus(mine, 200);
    assert.ok(mine.body.items.length > 0);
    assert.equal(mine.body.total, mine.body.items.length);
    for (const item of mine.body.items) {
      assert.ok(
        item.territories.some((territory) => territory.code === 'boulonnais'),
        `${item.reference} : ${item.territories.map((territory) => territory.code).join(', ')}`,
      );
    }
    assert.ok(!mine.body.items.some((item) => item.id === artoisId));
    assert.ok(mine.body.items.some((item) => item.id === own.id));

    const all = await request<Page<Application>>(api.app, 'GET', url, undefined, direction);
    assertStatus(all, 200);
    assert.ok(
      all.body.items.some((item) => item.id === artoisId),
      'the direction sees the Artois',
    );
    const expected = all.body.items
      .filter((item) => item.territories.some((territory) => territory.code === 'boulonnais'))
      .map((item) => item.id)
      .sort((a, b) => a - b);
    assert.deepEqual(
      mine.body.items.map((item) => item.id).sort((a, b) => a - b),
      expected,
    );
    assert.ok(all.body.total > mine.body.total);

    // Filters do not reach past the territories either.
    const bruay = (await request<Application>(api.app, 'GET', `/api/applications/${artoisId}`)).body
      .structureId;
    for (const filter of ['territory=artois', `structureId=${bruay}`, 'q=Bruay']) {
      const answer = await request<Page<Application>>(
        api.app,
        'GET',
        `${url}&${filter}`,
        undefined,
        boulonnais,
      );
      assertStatus(answer, 200);
      assert.ok(
        answer.body.items.every((item) =>
          item.territories.some((territory) => territory.code === 'boulonnais'),
        ),
        filter,
      );
      if (filter !== 'q=Bruay') assert.equal(answer.body.total, 0, filter);
    }
  });

  test('the allocation table holds only lines of the Boulonnais', async () => {
    interface Table {
      lines: { applicationId: number; territories: string[]; structure: string }[];
      total: number;
    }
    const url = `/api/calls/${CALL}/allocations`;
    const mine = await request<Table>(api.app, 'GET', url, undefined, boulonnais);
    assertStatus(mine, 200);
    assert.ok(mine.body.lines.length > 0);
    for (const line of mine.body.lines)
      assert.ok(line.territories.includes('Boulonnais'), JSON.stringify(line));
    const all = await request<Table>(api.app, 'GET', url, undefined, direction);
    assertStatus(all, 200);
    assert.ok(all.body.lines.some((line) => line.applicationId === artoisId));
    assert.deepEqual(
      mine.body.lines.map((line) => line.applicationId),
      all.body.lines
        .filter((line) => line.territories.includes('Boulonnais'))
        .map((line) => line.applicationId),
    );
    assert.ok(mine.body.total < all.body.total);
  });

  test('the CSV export of the allocations holds only lines of the Boulonnais', async () => {
    const url = `/api/calls/${CALL}/exports/allocations?format=csv`;
    const rowsOf = async (session: SessionHeaders) => {
      const answer = await request<string>(api.app, 'GET', url, undefined, session);
      assertStatus(answer, 200);
      const [header, ...rows] = parseCsv(answer.response.body.replace(/^\ufeff/, ''));
      const column = header?.indexOf('territory') ?? -1;
      assert.ok(column >= 0, `territory column in ${header?.join(',')}`);
      return rows.map((row) => (row[column] ?? '').split(' / '));
    };
    const mine = await rowsOf(boulonnais);
    assert.ok(mine.length > 0);
    for (const territories of mine) assert.ok(territories.includes('Boulonnais'), territories.join(' / '));
    const all = await rowsOf(direction);
    assert.ok(
      all.some((territories) => territories.includes('Artois') && !territories.includes('Boulonnais')),
    );
    assert.equal(mine.length, all.filter((territories) => territories.includes('Boulonnais')).length);
  });

  test('the consistency check names no application of another territory', async () => {
    interface Report {
      findings: { subject: string }[];
    }
    const visible = new Set(
      (
        await request<Page<Application>>(
          api.app,
          'GET',
          `/api/applications?call=${CALL}&limit=500`,
          undefined,
          boulonnais,
        )
      ).body.items.map((item) => `application:${item.id}`),
    );
    const answer = await request<Report>(api.app, 'GET', `/api/calls/${CALL}/check`, undefined, boulonnais);
    assertStatus(answer, 200);
    for (const finding of answer.body.findings) {
      if (finding.subject.startsWith('application:'))
        assert.ok(visible.has(finding.subject), finding.subject);
    }
  });

  test('creating an application on the Artois (alone or with the Boulonnais) is 403 and saves nothing', async () => {
    const before = await applicationCount();
    for (const territories of [['artois'], ['boulonnais', 'artois']]) {
      const answer = await request<ErrorBody>(
        api.app,
        'POST',
        '/api/applications',
        draft({ territories }),
        boulonnais,
      );
      assertStatus(answer, 403);
      assert.equal(answer.body.error, 'FORBIDDEN');
      assert.match(answer.body.message, /artois/);
    }
    assert.equal(await applicationCount(), before);
    // The Artois instructeur and an administrator may.
    assertStatus(
      await request(api.app, 'POST', '/api/applications', draft({ territories: ['artois'] }), artois),
      201,
    );
    assertStatus(
      await request(api.app, 'POST', '/api/applications', draft({ territories: ['artois'] })),
      201,
    );
  });

  test('moving their own application to the Artois is 403 and changes nothing', async () => {
    for (const territories of [['artois'], ['boulonnais', 'artois']]) {
      const answer = await request<ErrorBody>(
        api.app,
        'PATCH',
        `/api/applications/${own.id}`,
        { territories, version: own.version },
        boulonnais,
      );
      assertStatus(answer, 403);
      assert.equal(answer.body.error, 'FORBIDDEN');
    }
    const read = await request<Application>(
      api.app,
      'GET',
      `/api/applications/${own.id}`,
      undefined,
      boulonnais,
    );
    assert.equal(read.body.version, own.version);
    assert.deepEqual(
      read.body.territories.map((territory) => territory.code),
      ['boulonnais'],
    );
    // An administrator may.
    const moved = await request<Application>(api.app, 'PATCH', `/api/applications/${own.id}`, {
      territories: ['boulonnais', 'artois'],
      version: own.version,
    });
    assertStatus(moved, 200);
    assert.deepEqual(moved.body.territories.map((territory) => territory.code).sort(), [
      'artois',
      'boulonnais',
    ]);
  });

  /**
   * Asks, as the Boulonnais instructeur, for an amendment of the application `reference` (of the
   * Artois), and checks the answer is the one for an application that does not exist: the same
   * 400 naming amendsApplicationId, nothing created, nothing of the application disclosed.
   */
  async function assertAmendmentAsAbsent(reference: string) {
    const operation11 = (await operation(api.app, 1, 1)).id;
    const target = (await request<Application>(api.app, 'GET', `/api/applications/${await idOf(reference)}`))
      .body;
    assert.deepEqual(
      target.territories.map((territory) => territory.code),
      ['artois'],
    );
    const amendment = (amendsApplicationId: number) => ({
      operationId: operation11,
      structureId: target.structureId,
      territories: ['boulonnais'],
      label: uniqueName('Avenant'),
      periodStart: '2023-04-01',
      periodEnd: '2023-12-31',
      quantity: 100,
      unit: 'places',
      kind: 'amendment',
      amendsApplicationId,
      effectiveFrom: '2023-04-01',
    });
    /** The answer with the id asked for written N: what an instructeur learns from it. */
    const seen = (answer: { status: number; body: ErrorBody }, id: number) => ({
      status: answer.status,
      error: answer.body.error,
      fields: answer.body.fields?.map((field) => ({
        field: field.field,
        message: field.message.replace(new RegExp(`\\b${id}\\b`, 'g'), 'N'),
      })),
    });
    const before = await applicationCount();
    const absent = await request<ErrorBody>(
      api.app,
      'POST',
      '/api/applications',
      amendment(987654),
      boulonnais,
    );
    const expected = seen(absent, 987654);
    assert.equal(expected.status, 400);
    assert.match(expected.fields?.[0]?.message ?? '', /inconnue : N/);
    const answer = await request<ErrorBody>(
      api.app,
      'POST',
      '/api/applications',
      amendment(target.id),
      boulonnais,
    );
    assert.deepEqual(
      seen(answer, target.id),
      expected,
      `${reference} (${target.stateLabel}, Artois) : attendu ${JSON.stringify(expected)}, reçu ${answer.status} ${answer.response.body.slice(0, 400)}`,
    );
    assert.equal(await applicationCount(), before);
  }

  test('amending a voted convention of another territory is refused as if it did not exist', async () => {
    await assertAmendmentAsAbsent(ARTOIS_VOTED_REFERENCE);
  });

  test('pointing an amendment at an application of another territory does not disclose it', async () => {
    await assertAmendmentAsAbsent(ARTOIS_REFERENCE);
  });
});
