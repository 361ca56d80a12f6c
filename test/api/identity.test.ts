/**
 * Identity through the API: signing in (the session cookie and its attributes, the same answer
 * for an unknown login, a wrong password and an inactive account, the rate limit), sessions
 * (missing, forged, malformed, expired, signed out), the CSRF token every state change must carry,
 * passwords stored as argon2id hashes only, the administration of accounts, and the first
 * administrator created with a random password on an empty database.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createUserDirectly, ensureInitialAdministrator } from '../../src/modules/identity/index.ts';
import { openTestDatabase } from '../support/database.ts';
import {
  type Api,
  assertStatus,
  assertValidation,
  createStructure,
  type ErrorBody,
  openApi,
  request,
  type SessionHeaders,
  type Structure,
} from './api-helpers.ts';

interface UserView {
  id: number;
  login: string;
  displayName: string;
  role: string;
  roleLabel: string;
  territories: string[];
  active: boolean;
  version: number;
}

interface SessionView {
  user: UserView;
  csrfToken: string;
}

const PASSWORD = 'mot-de-passe-identite-123';

let api: Api;
/** The administrator openApi() signed in (every request() without a session is theirs). */
let admin: UserView;
let run = 0;

before(async () => {
  api = await openApi();
  const session = await request<SessionView>(api.app, 'GET', '/api/session');
  assertStatus(session, 200);
  admin = session.body.user;
});

after(async () => {
  await api.close();
});

/** A login no other test uses. */
function freshLogin(prefix: string): string {
  run += 1;
  return `${prefix}-${process.pid}-${run}`;
}

/** Each test of the rate limit signs in from its own address, so that their failures never add up. */
let addresses = 0;
function freshAddress(): string {
  addresses += 1;
  return `10.77.${Math.floor(addresses / 250)}.${(addresses % 250) + 1}`;
}

function signIn(
  login: string,
  password: string,
  remoteAddress = '127.0.0.1',
): Promise<LightMyRequestResponse> {
  return api.app.inject({ method: 'POST', url: '/api/session', payload: { login, password }, remoteAddress });
}

function setCookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  return Array.isArray(header) ? header.join('\n') : String(header ?? '');
}

/** The session headers of a successful sign-in answer. */
function sessionOf(response: LightMyRequestResponse): SessionHeaders {
  assert.equal(response.statusCode, 200, response.body);
  const cookie = setCookieOf(response).split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': response.json<SessionView>().csrfToken };
}

function tokenOf(session: SessionHeaders): string {
  return decodeURIComponent(session.cookie.slice('inclusio_session='.length));
}

async function newUser(
  role: 'administrateur' | 'instructeur' | 'budget' | 'direction' | 'lecture' = 'lecture',
  territories: string[] = [],
): Promise<UserView> {
  return (await createUserDirectly(api.database.db, {
    login: freshLogin(role),
    displayName: `Compte ${role}`,
    role,
    territories,
    password: PASSWORD,
  })) as UserView;
}

async function readUser(id: number): Promise<UserView> {
  const answer = await request<UserView[]>(api.app, 'GET', '/api/users');
  assertStatus(answer, 200);
  const found = answer.body.find((user) => user.id === id);
  assert.ok(found, `compte ${id}`);
  return found;
}

async function sessionsOf(userId: number): Promise<number> {
  const [row] = await api.database.db.query<{ total: number }>(
    'select count(*)::int as total from user_sessions where user_id = $1',
    [userId],
  );
  return row?.total ?? 0;
}

async function structureCount(): Promise<number> {
  const [row] = await api.database.db.query<{ total: number }>(
    'select count(*)::int as total from structures',
  );
  return row?.total ?? 0;
}

describe('signing in', () => {
  test('answers 200 with the user and a CSRF token, and an HttpOnly SameSite=Strict session cookie', async () => {
    const user = await newUser('direction');
    const response = await signIn(user.login, PASSWORD);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json<SessionView>();
    assert.equal(body.user.id, user.id);
    assert.equal(body.user.login, user.login);
    assert.equal(body.user.role, 'direction');
    assert.equal(body.user.active, true);
    assert.match(body.csrfToken, /^[A-Za-z0-9_-]{32,}$/);

    const cookie = setCookieOf(response);
    const attributes = cookie.split(';').map((part) => part.trim());
    assert.match(attributes[0] ?? '', /^inclusio_session=[A-Za-z0-9_-]{43,}$/, cookie);
    assert.ok(attributes.includes('Path=/'), cookie);
    assert.ok(attributes.includes('HttpOnly'), cookie);
    assert.ok(attributes.includes('SameSite=Strict'), cookie);
    assert.ok(attributes.includes(`Max-Age=${10 * 3600}`), cookie);
    // Over plain http (inject) the cookie is not Secure. Fastify's trustProxy is off, so
    // X-Forwarded-Proto is ignored too: Secure is only set when Node itself serves TLS.
    assert.ok(!attributes.some((part) => part.toLowerCase() === 'secure'), cookie);

    // The answer holds neither the session token nor the password or its hash.
    const token = (attributes[0] ?? '').slice('inclusio_session='.length);
    assert.ok(!response.body.includes(token));
    assert.ok(!response.body.includes(PASSWORD));
    assert.ok(!response.body.includes('argon2'));

    const session = sessionOf(response);
    const current = await request<SessionView>(api.app, 'GET', '/api/session', undefined, session);
    assertStatus(current, 200);
    assert.equal(current.body.user.id, user.id);
    assert.equal(current.body.csrfToken, body.csrfToken);
  });

  test('the session token is stored as its SHA-256 digest only', async () => {
    const user = await newUser();
    const session = sessionOf(await signIn(user.login, PASSWORD));
    const token = tokenOf(session);
    const rows = await api.database.db.query<{ token_hash: string }>(
      'select token_hash from user_sessions where user_id = $1',
      [user.id],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.token_hash, createHash('sha256').update(token).digest('hex'));
    assert.notEqual(rows[0]?.token_hash, token);
  });

  test('an unknown login and a wrong password get byte-identical 401 answers, without cookie', async () => {
    const user = await newUser();
    const address = freshAddress();
    const unknown = await signIn(freshLogin('personne'), PASSWORD, address);
    const wrong = await signIn(user.login, 'pas-le-bon-mot-de-passe', address);
    for (const response of [unknown, wrong]) {
      assert.equal(response.statusCode, 401, response.body);
      assert.equal(response.json<ErrorBody>().error, 'INVALID_CREDENTIALS');
      assert.equal(response.headers['set-cookie'], undefined);
    }
    assert.equal(unknown.body, wrong.body);
    assert.equal(unknown.headers['content-type'], wrong.headers['content-type']);
    assert.match(unknown.json<ErrorBody>().message, /Identifiant ou mot de passe incorrect/);
  });

  test('an inactive account cannot sign in, and gets the same 401 as a wrong password', async () => {
    const user = await newUser();
    const deactivated = await request<UserView>(api.app, 'PATCH', `/api/users/${user.id}`, {
      active: false,
      version: user.version,
    });
    assertStatus(deactivated, 200);
    assert.equal(deactivated.body.active, false);
    const address = freshAddress();
    const inactive = await signIn(user.login, PASSWORD, address);
    const wrong = await signIn(user.login, 'pas-le-bon-mot-de-passe', address);
    assert.equal(inactive.statusCode, 401, inactive.body);
    assert.equal(inactive.headers['set-cookie'], undefined);
    assert.equal(inactive.body, wrong.body);
    assert.equal(await sessionsOf(user.id), 0);
  });

  test('after 5 failures for one login, the 6th attempt is refused (429) even with the right password', async () => {
    const user = await newUser();
    const address = freshAddress();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await signIn(user.login, `mauvais-${attempt}`, address);
      assert.equal(response.statusCode, 401, `tentative ${attempt} : ${response.body}`);
    }
    const sixth = await signIn(user.login, PASSWORD, address);
    assert.equal(sixth.statusCode, 429, sixth.body);
    const body = sixth.json<ErrorBody>();
    assert.equal(body.error, 'TOO_MANY_ATTEMPTS');
    assert.match(body.message, /Trop de tentatives de connexion échouées/);
    assert.match(body.message, /15 minutes/);
    assert.equal(sixth.headers['set-cookie'], undefined);
    assert.equal(await sessionsOf(user.id), 0);

    // The limit is per login, whatever its case and whatever the address.
    const otherCase = await signIn(user.login.toUpperCase(), PASSWORD, freshAddress());
    assert.equal(otherCase.statusCode, 429, otherCase.body);
    // Another account from the same address still signs in.
    const other = await newUser();
    assert.equal((await signIn(other.login, PASSWORD, address)).statusCode, 200);
  });

  test('after 30 failures from one address, every login from it is refused (429), not from another', async () => {
    const user = await newUser();
    const address = freshAddress();
    for (let attempt = 1; attempt <= 30; attempt += 1) {
      const response = await signIn(freshLogin('inconnu'), 'mauvais', address);
      assert.equal(response.statusCode, 401, `tentative ${attempt} : ${response.body}`);
    }
    const refused = await signIn(user.login, PASSWORD, address);
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json<ErrorBody>().error, 'TOO_MANY_ATTEMPTS');
    assert.equal((await signIn(user.login, PASSWORD, freshAddress())).statusCode, 200);
  });

  test('ten simultaneous wrong passwords for one login: no more than 5 are even tried (the others 429)', async () => {
    const user = await newUser();
    const address = freshAddress();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, index) => signIn(user.login, `essai-parallele-${index}`, address)),
    );
    const statuses = answers.map((response) => response.statusCode);
    assert.ok(
      statuses.every((status) => status === 401 || status === 429),
      statuses.join(', '),
    );
    assert.ok(
      statuses.filter((status) => status === 401).length <= 5,
      `au plus 5 mots de passe essayés, ${statuses.filter((status) => status === 401).length} l'ont été : ${statuses.join(', ')}`,
    );
  });
});

describe('sessions', () => {
  test('without a cookie: GET /api/session is 401 UNAUTHENTICATED, and so is a protected route', async () => {
    const session = await request<ErrorBody>(api.app, 'GET', '/api/session', undefined, null);
    assertStatus(session, 401);
    assert.equal(session.body.error, 'UNAUTHENTICATED');
    assert.match(session.body.message, /connecté/);
    const calls = await request<ErrorBody>(api.app, 'GET', '/api/calls', undefined, null);
    assertStatus(calls, 401);
    assert.equal(calls.body.error, 'UNAUTHENTICATED');
    assert.match(calls.body.message, /Connectez-vous/);
  });

  test('a forged cookie is 401', async () => {
    const forged: SessionHeaders = {
      cookie: `inclusio_session=${'A'.repeat(43)}`,
      'x-csrf-token': 'nimporte-quoi',
    };
    for (const url of ['/api/session', '/api/calls']) {
      const answer = await request<ErrorBody>(api.app, 'GET', url, undefined, forged);
      assertStatus(answer, 401);
      assert.equal(answer.body.error, 'UNAUTHENTICATED');
    }
    // The digest of a real session is not a token either.
    const user = await newUser();
    const real = sessionOf(await signIn(user.login, PASSWORD));
    const digest = createHash('sha256').update(tokenOf(real)).digest('hex');
    const withDigest = await request<ErrorBody>(api.app, 'GET', '/api/calls', undefined, {
      ...real,
      cookie: `inclusio_session=${digest}`,
    });
    assertStatus(withDigest, 401);
    const posted = await request<ErrorBody>(api.app, 'POST', '/api/structures', { legalName: 'X' }, forged);
    assertStatus(posted, 401);
  });

  test('a cookie that is not even valid percent-encoding is 401, not a server error', async () => {
    const malformed: SessionHeaders = { cookie: 'inclusio_session=%E0%A4%A', 'x-csrf-token': 'x' };
    for (const url of ['/api/session', '/api/calls']) {
      const answer = await request<ErrorBody>(api.app, 'GET', url, undefined, malformed);
      assert.equal(answer.status, 401, `${url} : ${answer.response.body}`);
    }
  });

  test('an expired session is 401', async () => {
    const user = await newUser();
    const session = sessionOf(await signIn(user.login, PASSWORD));
    assertStatus(await request(api.app, 'GET', '/api/calls', undefined, session), 200);
    await api.database.db.query(
      `update user_sessions set expires_at = now() - interval '1 second' where token_hash = $1`,
      [createHash('sha256').update(tokenOf(session)).digest('hex')],
    );
    const answer = await request<ErrorBody>(api.app, 'GET', '/api/calls', undefined, session);
    assertStatus(answer, 401);
    assert.equal(answer.body.error, 'UNAUTHENTICATED');
    assertStatus(await request(api.app, 'GET', '/api/session', undefined, session), 401);
  });

  test('DELETE /api/session signs out: the cookie is cleared and no longer works', async () => {
    const user = await newUser();
    const session = sessionOf(await signIn(user.login, PASSWORD));
    const out = await request<{ signedOut: boolean }>(api.app, 'DELETE', '/api/session', undefined, session);
    assertStatus(out, 200);
    assert.deepEqual(out.body, { signedOut: true });
    const cleared = setCookieOf(out.response);
    assert.match(cleared, /^inclusio_session=;/);
    assert.match(cleared, /Max-Age=0/);
    assert.equal(await sessionsOf(user.id), 0);
    assertStatus(await request(api.app, 'GET', '/api/session', undefined, session), 401);
    assertStatus(await request(api.app, 'GET', '/api/calls', undefined, session), 401);
  });

  test('signing out needs the CSRF token too (a foreign page cannot sign anybody out)', async () => {
    const user = await newUser();
    const session = sessionOf(await signIn(user.login, PASSWORD));
    const answer = await request<ErrorBody>(api.app, 'DELETE', '/api/session', undefined, {
      ...session,
      'x-csrf-token': '',
    });
    assertStatus(answer, 403);
    assert.equal(answer.body.error, 'CSRF_INVALID');
    assertStatus(await request(api.app, 'GET', '/api/session', undefined, session), 200);
  });
});

describe('the CSRF token', () => {
  let instructeur: SessionHeaders;
  let other: SessionHeaders;
  let structure: Structure;

  before(async () => {
    const user = await newUser('instructeur', ['boulonnais']);
    instructeur = sessionOf(await signIn(user.login, PASSWORD));
    const second = await newUser('instructeur', ['boulonnais']);
    other = sessionOf(await signIn(second.login, PASSWORD));
    structure = await createStructure(api.app);
  });

  /** Sends a request with the instructeur's cookie and these headers instead of theirs. */
  async function send(method: 'POST' | 'PATCH', url: string, payload: object, csrf: string | undefined) {
    const response = await api.app.inject({
      method,
      url,
      payload,
      headers: { cookie: instructeur.cookie, ...(csrf === undefined ? {} : { 'x-csrf-token': csrf }) },
    });
    return { status: response.statusCode, body: response.json<ErrorBody>(), response };
  }

  test('a creation without X-CSRF-Token, with a wrong one or with another session’s is 403 CSRF_INVALID, and nothing is saved', async () => {
    const before = await structureCount();
    for (const csrf of [
      undefined,
      '',
      'faux-jeton',
      other['x-csrf-token'],
      `${instructeur['x-csrf-token']}x`,
    ]) {
      const answer = await send(
        'POST',
        '/api/structures',
        { legalName: 'Structure sans jeton', category: 'association' },
        csrf,
      );
      assert.equal(answer.status, 403, `jeton ${String(csrf)} : ${answer.response.body}`);
      assert.equal(answer.body.error, 'CSRF_INVALID');
      assert.match(answer.body.message, /CSRF/);
    }
    assert.equal(await structureCount(), before);
    // With the session's token, the same request is accepted.
    const accepted = await send(
      'POST',
      '/api/structures',
      { legalName: 'Structure avec jeton', category: 'association' },
      instructeur['x-csrf-token'],
    );
    assert.equal(accepted.status, 201, accepted.response.body);
    assert.equal(await structureCount(), before + 1);
  });

  test('a modification without the token is 403 and changes nothing', async () => {
    const answer = await send(
      'PATCH',
      `/api/structures/${structure.id}`,
      { legalName: 'Renommée sans jeton', version: structure.version },
      undefined,
    );
    assertStatus(answer, 403);
    assert.equal(answer.body.error, 'CSRF_INVALID');
    const read = await request<Structure>(api.app, 'GET', `/api/structures/${structure.id}`);
    assert.equal(read.body.legalName, structure.legalName);
    assert.equal(read.body.version, structure.version);
  });

  test('reads need no token', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: `/api/structures/${structure.id}`,
      headers: { cookie: instructeur.cookie },
    });
    assert.equal(response.statusCode, 200, response.body);
  });
});

describe('passwords', () => {
  test('are stored as argon2id PHC strings, salted, never in clear nor in any answer', async () => {
    const first = await newUser();
    const second = await newUser();
    const rows = await api.database.db.query<{ id: number; password_hash: string }>(
      'select id, password_hash from users where id = any($1::bigint[]) order by id',
      [[first.id, second.id]],
    );
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.ok(row.password_hash.startsWith('$argon2id$v=19$'), row.password_hash);
      assert.match(
        row.password_hash,
        /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]{16,}\$[A-Za-z0-9+/]{32,}$/,
      );
      assert.ok(!row.password_hash.includes(PASSWORD));
    }
    assert.notEqual(rows[0]?.password_hash, rows[1]?.password_hash, 'the same password, two salts');
    const [clear] = await api.database.db.query<{ total: number }>(
      `select count(*)::int as total from users where password_hash not like '$argon2id$v=19$%' or password_hash like '%' || $1 || '%'`,
      [PASSWORD],
    );
    assert.equal(clear?.total, 0);

    const list = await request<UserView[]>(api.app, 'GET', '/api/users');
    assertStatus(list, 200);
    assert.ok(!list.response.body.includes('argon2'));
    assert.ok(!list.response.body.toLowerCase().includes('password'));
  });
});

describe('accounts (administrateur)', () => {
  function userInput(overrides: object = {}) {
    return {
      login: freshLogin('agent'),
      displayName: 'Agent de test',
      role: 'instructeur',
      territories: ['boulonnais'],
      password: 'un-mot-de-passe-solide',
      ...overrides,
    };
  }

  async function userCount(): Promise<number> {
    const [row] = await api.database.db.query<{ total: number }>('select count(*)::int as total from users');
    return row?.total ?? 0;
  }

  test('creates an account (201) that signs in, without the password in the answer', async () => {
    const input = userInput();
    const answer = await request<UserView>(api.app, 'POST', '/api/users', input);
    assertStatus(answer, 201);
    assert.equal(answer.body.login, input.login);
    assert.equal(answer.body.role, 'instructeur');
    assert.equal(answer.body.roleLabel, 'Instructeur·rice');
    assert.deepEqual(answer.body.territories, ['boulonnais']);
    assert.equal(answer.body.active, true);
    assert.equal(answer.body.version, 1);
    assert.ok(!answer.response.body.includes(input.password));
    assert.ok(!answer.response.body.includes('argon2'));
    const session = sessionOf(await signIn(input.login, input.password));
    const me = await request<SessionView>(api.app, 'GET', '/api/session', undefined, session);
    assert.deepEqual(me.body.user.territories, ['boulonnais']);
  });

  test('a login already taken (in any case) is refused: 400 naming login', async () => {
    const input = userInput();
    assertStatus(await request(api.app, 'POST', '/api/users', input), 201);
    const before = await userCount();
    for (const login of [input.login, input.login.toUpperCase()]) {
      const answer = await request<ErrorBody>(api.app, 'POST', '/api/users', userInput({ login }));
      const messages = assertValidation(answer, ['login']);
      assert.match(messages.get('login') ?? '', /déjà pris/);
    }
    assert.equal(await userCount(), before);
  });

  test('simultaneous creations of one login: one 201, the others 400 naming login, never a server error', async () => {
    // Several rounds of four: on PostgreSQL the requests really overlap on several connections.
    for (let round = 0; round < 3; round += 1) {
      const input = userInput({ role: 'lecture', territories: [] });
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => request<ErrorBody>(api.app, 'POST', '/api/users', input)),
      );
      assert.deepEqual(
        answers.map((answer) => answer.status).sort(),
        [201, 400, 400, 400],
        `tour ${round} : ${answers.map((answer) => `${answer.status} ${answer.response.body.slice(0, 120)}`).join(' | ')}`,
      );
      for (const answer of answers.filter((answer) => answer.status === 400))
        assertValidation(answer, ['login']);
    }
  });

  test('an instructeur without territory is refused: 400 naming territories', async () => {
    const before = await userCount();
    const answer = await request<ErrorBody>(api.app, 'POST', '/api/users', userInput({ territories: [] }));
    const messages = assertValidation(answer, ['territories']);
    assert.match(messages.get('territories') ?? '', /territoire/);
    assert.equal(await userCount(), before);
  });

  test('an unknown territory is refused: 400 naming territories and the code', async () => {
    const before = await userCount();
    const answer = await request<ErrorBody>(
      api.app,
      'POST',
      '/api/users',
      userInput({ territories: ['boulonnais', 'paris'] }),
    );
    const messages = assertValidation(answer, ['territories']);
    assert.match(messages.get('territories') ?? '', /territoire inconnu : paris/);
    assert.equal(await userCount(), before);
  });

  test('a short password is refused: 400 naming password', async () => {
    const before = await userCount();
    const answer = await request<ErrorBody>(api.app, 'POST', '/api/users', userInput({ password: 'court' }));
    const messages = assertValidation(answer, ['password']);
    assert.match(messages.get('password') ?? '', /12 caractères/);
    assert.equal(await userCount(), before);
  });

  test('PATCH with a stale version is 409 and changes nothing', async () => {
    const user = await newUser();
    const first = await request<UserView>(api.app, 'PATCH', `/api/users/${user.id}`, {
      displayName: 'Premier nom',
      version: user.version,
    });
    assertStatus(first, 200);
    assert.equal(first.body.version, user.version + 1);
    const stale = await request<ErrorBody>(api.app, 'PATCH', `/api/users/${user.id}`, {
      displayName: 'Second nom',
      version: user.version,
    });
    assertStatus(stale, 409);
    assert.equal(stale.body.error, 'CONFLICT');
    const read = await readUser(user.id);
    assert.equal(read.displayName, 'Premier nom');
    assert.equal(read.version, user.version + 1);
  });

  test('turning an account into an instructeur without territory is refused (400 naming territories)', async () => {
    const user = await newUser('lecture');
    const answer = await request<ErrorBody>(api.app, 'PATCH', `/api/users/${user.id}`, {
      role: 'instructeur',
      version: user.version,
    });
    assertValidation(answer, ['territories']);
    assert.equal((await readUser(user.id)).role, 'lecture');
  });

  test('deactivating an account ends its sessions (reactivating it does not revive them)', async () => {
    const user = await newUser('instructeur', ['artois']);
    const session = sessionOf(await signIn(user.login, PASSWORD));
    assertStatus(await request(api.app, 'GET', '/api/calls', undefined, session), 200);
    const off = await request<UserView>(api.app, 'PATCH', `/api/users/${user.id}`, {
      active: false,
      version: user.version,
    });
    assertStatus(off, 200);
    assert.equal(off.body.active, false);
    assert.equal(await sessionsOf(user.id), 0);
    assertStatus(await request(api.app, 'GET', '/api/calls', undefined, session), 401);
    const on = await request<UserView>(api.app, 'PATCH', `/api/users/${user.id}`, {
      active: true,
      version: off.body.version,
    });
    assertStatus(on, 200);
    assertStatus(await request(api.app, 'GET', '/api/calls', undefined, session), 401);
    assert.equal((await signIn(user.login, PASSWORD)).statusCode, 200);
  });

  test('changing a password ends the sessions; the new password works, the old one no longer', async () => {
    const user = await newUser();
    const session = sessionOf(await signIn(user.login, PASSWORD));
    const changed = await request<UserView>(api.app, 'PATCH', `/api/users/${user.id}`, {
      password: 'un-tout-nouveau-mot-de-passe',
      version: user.version,
    });
    assertStatus(changed, 200);
    assertStatus(await request(api.app, 'GET', '/api/session', undefined, session), 401);
    const address = freshAddress();
    assert.equal((await signIn(user.login, PASSWORD, address)).statusCode, 401);
    assert.equal((await signIn(user.login, 'un-tout-nouveau-mot-de-passe', address)).statusCode, 200);
  });

  test('an administrator can neither deactivate themself nor change their own role', async () => {
    const current = await readUser(admin.id);
    const deactivate = await request<ErrorBody>(api.app, 'PATCH', `/api/users/${admin.id}`, {
      active: false,
      version: current.version,
    });
    assertValidation(deactivate, ['active']);
    const demote = await request<ErrorBody>(api.app, 'PATCH', `/api/users/${admin.id}`, {
      role: 'lecture',
      version: current.version,
    });
    assertValidation(demote, ['role']);
    const after = await readUser(admin.id);
    assert.equal(after.active, true);
    assert.equal(after.role, 'administrateur');
    assert.equal(after.version, current.version);
    assertStatus(await request(api.app, 'GET', '/api/session'), 200);
  });

  test('PATCH of an unknown account is 404', async () => {
    const answer = await request<ErrorBody>(api.app, 'PATCH', '/api/users/987654', {
      displayName: 'Personne',
      version: 1,
    });
    assertStatus(answer, 404);
    assert.equal(answer.body.error, 'NOT_FOUND');
  });
});

describe('the first administrator', () => {
  async function onFreshDatabase<T>(work: (app: FastifyInstance, db: Api['database']['db']) => Promise<T>) {
    const database = await openTestDatabase();
    const app = await buildApp(database.db);
    try {
      return await work(app, database.db);
    } finally {
      await app.close();
      await database.close();
    }
  }

  test('is created once on an empty database, with a random password that signs in', async () => {
    const passwords: string[] = [];
    for (let round = 0; round < 2; round += 1) {
      await onFreshDatabase(async (app, db) => {
        const created = await ensureInitialAdministrator(db);
        assert.ok(created, 'an account is created on an empty database');
        assert.equal(created.login, 'admin');
        assert.ok(created.password.length >= 16, created.password);
        passwords.push(created.password);

        const response = await app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { login: 'admin', password: created.password },
        });
        assert.equal(response.statusCode, 200, response.body);
        const session = response.json<SessionView>();
        assert.equal(session.user.role, 'administrateur');
        assert.equal(session.user.active, true);
        const [row] = await db.query<{ password_hash: string }>(
          `select password_hash from users where login = 'admin'`,
        );
        assert.ok(row?.password_hash.startsWith('$argon2id$v=19$'));

        assert.equal(await ensureInitialAdministrator(db), null, 'the second call creates nothing');
        const [count] = await db.query<{ total: number }>('select count(*)::int as total from users');
        assert.equal(count?.total, 1);
      });
    }
    assert.equal(passwords.length, 2);
    assert.notEqual(passwords[0], passwords[1], 'two fresh databases, two different passwords');
  });

  test('is not created on a database that has accounts', async () => {
    assert.equal(await ensureInitialAdministrator(api.database.db), null);
    const [row] = await api.database.db.query<{ total: number }>(
      `select count(*)::int as total from users where login = 'admin'`,
    );
    assert.equal(row?.total, 0);
  });
});
