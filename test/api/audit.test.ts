/**
 * The audit trail through the API and the database: each change of a structure, an application
 * or an account adds exactly one row with who did it, what, on which record, and the record before
 * and after (as the API answered it); a refused change adds none; the database refuses to change,
 * delete or empty the trail; GET /api/audit gives a record's history in order, and an instructeur
 * only the history of what they may see.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Api,
  type Application,
  assertStatus,
  assertValidation,
  budgetLine,
  createApplication,
  createStructure,
  type ErrorBody,
  moveThrough,
  openApi,
  operation,
  request,
  type SessionHeaders,
  type Structure,
  signInAs,
  transition,
  uniqueName,
} from './api-helpers.ts';

interface AuditRow {
  id: number;
  actor_user_id: number | null;
  actor_login: string;
  action: string;
  entity: string;
  entity_id: string;
  before_state: unknown;
  after_state: unknown;
}

interface AuditEntry {
  id: number;
  occurredAt: string;
  actorLogin: string;
  action: string;
  entity: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

interface SessionView {
  user: { id: number; login: string; version: number };
  csrfToken: string;
}

/** The budget line of theme 2, whose operation 5 takes any retained amount (fixed on review). */
const LINE = 'C01-444H02';
/** An application of the dataset on the Artois only (CCAS de Bruay-la-Buissière). */
const ARTOIS_REFERENCE = 'DPID-2023-P2-T1-O1-04';

let api: Api;
let adminLogin: string;
let instructeur: SessionHeaders;
let instructeurUser: SessionView['user'];
let direction: SessionHeaders;
/** Theme 2, operation 1: 195 € per poste and month in an association intermédiaire. */
let aiOperationId: number;
/** Theme 2, operation 5: amount fixed on review, charged to LINE. */
let fixedOperationId: number;
let aiStructure: Structure;
let artoisApplicationId: number;

before(async () => {
  api = await openApi();
  adminLogin = (await request<SessionView>(api.app, 'GET', '/api/session')).body.user.login;
  instructeur = await signInAs(api.app, api.database.db, 'instructeur', ['boulonnais']);
  instructeurUser = (await request<SessionView>(api.app, 'GET', '/api/session', undefined, instructeur)).body
    .user;
  direction = await signInAs(api.app, api.database.db, 'direction');
  aiOperationId = (await operation(api.app, 2, 1)).id;
  fixedOperationId = (await operation(api.app, 2, 5)).id;
  aiStructure = await createStructure(api.app, { category: 'ai', siaeTypes: ['AI'] });
  const [row] = await api.database.db.query<{ id: number }>(
    'select id from applications where reference = $1',
    [ARTOIS_REFERENCE],
  );
  assert.ok(row, ARTOIS_REFERENCE);
  artoisApplicationId = row.id;
});

after(async () => {
  await api.close();
});

async function auditCount(): Promise<number> {
  const [row] = await api.database.db.query<{ total: number }>(
    'select count(*)::int as total from audit_log',
  );
  return row?.total ?? 0;
}

async function lastAuditId(): Promise<number> {
  const [row] = await api.database.db.query<{ last: number }>(
    'select coalesce(max(id), 0)::int as last from audit_log',
  );
  return row?.last ?? 0;
}

/** The rows written since `afterId`, oldest first. */
function auditSince(afterId: number): Promise<AuditRow[]> {
  return api.database.db.query<AuditRow>(
    `select id, actor_user_id, actor_login, action, entity, entity_id, before_state, after_state
       from audit_log where id > $1 order by id`,
    [afterId],
  );
}

/** The one row a change wrote. */
async function onlyRowSince(afterId: number): Promise<AuditRow> {
  const rows = await auditSince(afterId);
  assert.equal(
    rows.length,
    1,
    `une ligne d'audit attendue : ${JSON.stringify(rows.map((row) => row.action))}`,
  );
  return rows[0] as AuditRow;
}

/** An application as the audit trail holds it: the API's answer without its decision history. */
function withoutDecisions(application: Application): Omit<Application, 'decisions'> {
  const { decisions: _decisions, ...rest } = application;
  return rest;
}

function draftInput(overrides: object = {}) {
  return {
    operationId: aiOperationId,
    structureId: aiStructure.id,
    territories: ['boulonnais'],
    label: uniqueName('Encadrement de postes'),
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
    quantity: 4,
    unit: 'postes',
    ...overrides,
  };
}

describe('each change adds one audit row, with the record before and after', () => {
  let structure: Structure;
  let application: Application;

  test('creating a structure', async () => {
    const start = await lastAuditId();
    structure = await createStructure(api.app, { legalName: uniqueName('Structure auditée') });
    const row = await onlyRowSince(start);
    assert.equal(row.actor_login, adminLogin);
    assert.equal(row.action, 'create');
    assert.equal(row.entity, 'structure');
    assert.equal(row.entity_id, String(structure.id));
    assert.equal(row.before_state, null);
    assert.deepEqual(row.after_state, structure);
  });

  test('updating a structure', async () => {
    const start = await lastAuditId();
    const answer = await request<Structure>(api.app, 'PATCH', `/api/structures/${structure.id}`, {
      phone: '03 21 00 00 00',
      version: structure.version,
    });
    assertStatus(answer, 200);
    const row = await onlyRowSince(start);
    assert.equal(row.actor_login, adminLogin);
    assert.equal(row.action, 'update');
    assert.equal(row.entity, 'structure');
    assert.equal(row.entity_id, String(structure.id));
    assert.deepEqual(row.before_state, structure);
    assert.deepEqual(row.after_state, answer.body);
    assert.notDeepEqual(row.before_state, row.after_state);
    structure = answer.body;
  });

  test('creating an application (by an instructeur: their login is recorded)', async () => {
    const start = await lastAuditId();
    const answer = await request<Application>(
      api.app,
      'POST',
      '/api/applications',
      draftInput(),
      instructeur,
    );
    assertStatus(answer, 201);
    application = answer.body;
    const row = await onlyRowSince(start);
    assert.equal(row.actor_login, instructeurUser.login);
    assert.equal(row.actor_user_id, instructeurUser.id);
    assert.equal(row.action, 'create');
    assert.equal(row.entity, 'application');
    assert.equal(row.entity_id, String(application.id));
    assert.equal(row.before_state, null);
    assert.deepEqual(row.after_state, withoutDecisions(application));
  });

  test('updating an application', async () => {
    const start = await lastAuditId();
    const answer = await request<Application>(
      api.app,
      'PATCH',
      `/api/applications/${application.id}`,
      { quantity: 5, version: application.version },
      instructeur,
    );
    assertStatus(answer, 200);
    const row = await onlyRowSince(start);
    assert.equal(row.actor_login, instructeurUser.login);
    assert.equal(row.action, 'update');
    assert.equal(row.entity, 'application');
    assert.equal(row.entity_id, String(application.id));
    assert.deepEqual(row.before_state, withoutDecisions(application));
    assert.deepEqual(row.after_state, withoutDecisions(answer.body));
    assert.equal((row.before_state as Application).quantity, 4);
    assert.equal((row.after_state as Application).quantity, 5);
    application = answer.body;
  });

  test('moving an application to another state', async () => {
    const start = await lastAuditId();
    const answer = await transition(api.app, application.id, 'submitted', 'Dossier complet');
    assertStatus(answer, 200);
    const row = await onlyRowSince(start);
    assert.equal(row.actor_login, adminLogin);
    assert.equal(row.action, 'transition:submitted');
    assert.equal(row.entity, 'application');
    assert.equal(row.entity_id, String(application.id));
    assert.deepEqual(row.before_state, withoutDecisions(application));
    assert.deepEqual(row.after_state, withoutDecisions(answer.body));
    assert.equal((row.before_state as Application).state, 'draft');
    assert.equal((row.after_state as Application).state, 'submitted');
    application = answer.body;
  });

  test('GET /api/audit gives the application’s history in order, each state following the previous', async () => {
    const answer = await request<AuditEntry[]>(
      api.app,
      'GET',
      `/api/audit?entity=application&id=${application.id}`,
    );
    assertStatus(answer, 200);
    const entries = answer.body;
    assert.deepEqual(
      entries.map((entry) => [entry.action, entry.actorLogin]),
      [
        ['create', instructeurUser.login],
        ['update', instructeurUser.login],
        ['transition:submitted', adminLogin],
      ],
    );
    for (const [index, entry] of entries.entries()) {
      assert.equal(entry.entity, 'application');
      assert.equal(entry.entityId, String(application.id));
      assert.ok(!Number.isNaN(Date.parse(entry.occurredAt)), entry.occurredAt);
      const previous = entries[index - 1];
      if (!previous) continue;
      assert.ok(entry.id > previous.id);
      assert.ok(Date.parse(entry.occurredAt) >= Date.parse(previous.occurredAt));
      assert.deepEqual(entry.before, previous.after, `${entry.action} starts where ${previous.action} ended`);
    }
    assert.equal(entries[0]?.before, null);
    assert.deepEqual(entries.at(-1)?.after, withoutDecisions(application));
    // The same rows as in the table.
    const rows = await api.database.db.query<{ id: number }>(
      `select id from audit_log where entity = 'application' and entity_id = $1 order by id`,
      [String(application.id)],
    );
    assert.deepEqual(
      entries.map((entry) => entry.id),
      rows.map((row) => row.id),
    );
  });

  test('GET /api/audit gives the structure’s history: create, then update', async () => {
    const answer = await request<AuditEntry[]>(
      api.app,
      'GET',
      `/api/audit?entity=structure&id=${structure.id}`,
    );
    assertStatus(answer, 200);
    assert.deepEqual(
      answer.body.map((entry) => entry.action),
      ['create', 'update'],
    );
    assert.deepEqual(answer.body[1]?.after, structure);
  });

  test('creating and updating an account: audited, and never with the password or its hash', async () => {
    const start = await lastAuditId();
    const password = 'mot-de-passe-audit-123';
    const created = await request<{ id: number; login: string; version: number }>(
      api.app,
      'POST',
      '/api/users',
      {
        login: `audit-${process.pid}`,
        displayName: 'Compte audité',
        role: 'lecture',
        password,
      },
    );
    assertStatus(created, 201);
    const createRow = await onlyRowSince(start);
    assert.equal(createRow.entity, 'user');
    assert.equal(createRow.action, 'create');
    assert.equal(createRow.entity_id, String(created.body.id));
    assert.equal(createRow.actor_login, adminLogin);
    assert.deepEqual(createRow.after_state, created.body);

    const middle = await lastAuditId();
    const changed = await request(api.app, 'PATCH', `/api/users/${created.body.id}`, {
      password: 'un-autre-mot-de-passe-456',
      version: created.body.version,
    });
    assertStatus(changed, 200);
    const updateRow = await onlyRowSince(middle);
    assert.equal(updateRow.action, 'update');
    for (const row of [createRow, updateRow]) {
      const text = JSON.stringify([row.before_state, row.after_state]);
      assert.ok(!text.includes('argon2'), text);
      assert.ok(!text.includes(password), text);
      assert.ok(!text.includes('un-autre-mot-de-passe-456'), text);
      assert.ok(!/password|hash/i.test(text), text);
    }
  });
});

describe('a refused change adds no audit row', () => {
  /** Runs the refused request and checks its status, and that the trail did not grow. */
  async function refused(
    label: string,
    status: number,
    send: () => Promise<{ status: number; response: { body: string } }>,
  ) {
    const before = await auditCount();
    const answer = await send();
    assert.equal(
      answer.status,
      status,
      `${label} : ${status} attendu, reçu ${answer.status} : ${answer.response.body}`,
    );
    assert.equal(await auditCount(), before, `${label} : aucune ligne d'audit`);
  }

  test('400: a SIRET already taken, an unknown territory, an instructeur without territory', async () => {
    const holder = await createStructure(api.app, { siret: '23350001600040' });
    await refused('SIRET déjà pris', 400, () =>
      request(api.app, 'POST', '/api/structures', {
        legalName: uniqueName('Doublon de SIRET'),
        category: 'association',
        siret: holder.siret,
      }),
    );
    await refused('territoire inconnu', 400, () =>
      request(api.app, 'POST', '/api/applications', draftInput({ territories: ['paris'] })),
    );
    await refused('instructeur sans territoire', 400, () =>
      request(api.app, 'POST', '/api/users', {
        login: `sans-territoire-${process.pid}`,
        displayName: 'Sans territoire',
        role: 'instructeur',
        territories: [],
        password: 'mot-de-passe-long-123',
      }),
    );
  });

  test('409: a stale version of a structure, an application, an account', async () => {
    const structure = await createStructure(api.app);
    assertStatus(
      await request(api.app, 'PATCH', `/api/structures/${structure.id}`, {
        phone: '03 21 11 11 11',
        version: structure.version,
      }),
      200,
    );
    await refused('structure périmée', 409, () =>
      request(api.app, 'PATCH', `/api/structures/${structure.id}`, {
        phone: '03 21 22 22 22',
        version: structure.version,
      }),
    );
    const application = await createApplication(api.app, draftInput());
    assertStatus(
      await request(api.app, 'PATCH', `/api/applications/${application.id}`, {
        quantity: 6,
        version: application.version,
      }),
      200,
    );
    await refused('demande périmée', 409, () =>
      request(api.app, 'PATCH', `/api/applications/${application.id}`, {
        quantity: 7,
        version: application.version,
      }),
    );
    await refused('compte périmé', 409, () =>
      request(api.app, 'PATCH', `/api/users/${instructeurUser.id}`, {
        displayName: 'Nom périmé',
        version: instructeurUser.version + 100,
      }),
    );
  });

  test('422: the budget exceeded (a proposal, and a proposed amount raised), a transition not allowed', async () => {
    const line = await budgetLine(api.app, LINE);
    const application = await createApplication(api.app, {
      operationId: fixedOperationId,
      structureId: aiStructure.id,
      territories: ['departement'],
      label: uniqueName('Au-delà du solde'),
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      retainedCents: line.balance + 1,
    });
    await moveThrough(api.app, application.id, ['submitted', 'under_review']);
    await refused('budget dépassé', 422, () =>
      transition(api.app, application.id, 'proposed', 'Proposition'),
    );

    const small = await createApplication(api.app, {
      operationId: fixedOperationId,
      structureId: aiStructure.id,
      territories: ['departement'],
      label: uniqueName('Dans le solde'),
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      retainedCents: 1000,
    });
    const proposed = await moveThrough(api.app, small.id, ['submitted', 'under_review', 'proposed']);
    assert.ok(proposed);
    // The application row is written before the budget refuses: the whole transaction is undone.
    await refused('montant proposé relevé au-delà du solde', 422, () =>
      request(api.app, 'PATCH', `/api/applications/${small.id}`, {
        retainedCents: line.balance + 1,
        version: proposed.version,
      }),
    );
    const read = await request<Application>(api.app, 'GET', `/api/applications/${small.id}`);
    assert.equal(read.body.retainedCents, 1000);
    assert.equal(read.body.version, proposed.version);
    await moveThrough(api.app, small.id, ['under_review']);

    const draft = await createApplication(api.app, draftInput());
    await refused('transition interdite', 422, () => transition(api.app, draft.id, 'voted', 'Vote direct'));
  });

  test('403 and 404: no CSRF token, a territory not the instructeur’s, an application they cannot see', async () => {
    await refused('sans jeton CSRF', 403, () =>
      request(
        api.app,
        'POST',
        '/api/structures',
        { legalName: uniqueName('Sans jeton'), category: 'association' },
        {
          ...instructeur,
          'x-csrf-token': 'faux',
        },
      ),
    );
    await refused('territoire d’un autre', 403, () =>
      request(api.app, 'POST', '/api/applications', draftInput({ territories: ['artois'] }), instructeur),
    );
    await refused('demande d’un autre territoire', 404, () =>
      request(
        api.app,
        'PATCH',
        `/api/applications/${artoisApplicationId}`,
        { label: 'Changée', version: 1 },
        instructeur,
      ),
    );
  });
});

describe('the trail is append-only in the database', () => {
  async function snapshot(): Promise<string> {
    const [row] = await api.database.db.query<{ digest: string }>(
      `select md5(coalesce(string_agg(id::text || actor_login || action || entity || entity_id
              || coalesce(before_state::text, '') || coalesce(after_state::text, ''), '|' order by id), '')) as digest
         from audit_log`,
    );
    return row?.digest ?? '';
  }

  for (const statement of [
    `update audit_log set actor_login = 'quelqu''un d''autre'`,
    `update audit_log set after_state = null where id = (select max(id) from audit_log)`,
    'delete from audit_log',
    'delete from audit_log where id = (select min(id) from audit_log)',
    'truncate audit_log',
  ]) {
    test(`refuses: ${statement}`, async () => {
      const count = await auditCount();
      assert.ok(count > 0);
      const digest = await snapshot();
      await assert.rejects(
        api.database.db.query(statement),
        /journal d'audit ne peut être ni modifié ni supprimé/,
      );
      assert.equal(await auditCount(), count);
      assert.equal(await snapshot(), digest);
    });
  }

  test('refuses inside a transaction too, and the transaction is undone', async () => {
    const count = await auditCount();
    await assert.rejects(
      api.database.db.transaction(async (tx) => {
        await tx.query('delete from audit_log where id = (select max(id) from audit_log)');
      }),
      /ni modifié ni supprimé/,
    );
    assert.equal(await auditCount(), count);
  });
});

describe('who may read which history', () => {
  test('an instructeur reads the history of an application of their territory', async () => {
    const own = await createApplication(api.app, draftInput());
    const answer = await request<AuditEntry[]>(
      api.app,
      'GET',
      `/api/audit?entity=application&id=${own.id}`,
      undefined,
      instructeur,
    );
    assertStatus(answer, 200);
    assert.deepEqual(
      answer.body.map((entry) => entry.action),
      ['create'],
    );
  });

  test('an instructeur gets 404 for an application of another territory, as for one that does not exist', async () => {
    const other = await request<ErrorBody>(
      api.app,
      'GET',
      `/api/audit?entity=application&id=${artoisApplicationId}`,
      undefined,
      instructeur,
    );
    assertStatus(other, 404);
    const absent = await request<ErrorBody>(
      api.app,
      'GET',
      '/api/audit?entity=application&id=987654',
      undefined,
      instructeur,
    );
    assertStatus(absent, 404);
    assert.equal(other.body.error, absent.body.error);
    assert.equal(
      other.body.message.replace(String(artoisApplicationId), 'N'),
      absent.body.message.replace('987654', 'N'),
    );
    // The direction sees the whole département: the same request succeeds.
    const seen = await request<AuditEntry[]>(
      api.app,
      'GET',
      `/api/audit?entity=application&id=${artoisApplicationId}`,
      undefined,
      direction,
    );
    assertStatus(seen, 200);
    assert.ok(seen.body.length >= 1);
    assert.equal(seen.body[0]?.action, 'create');
  });

  test('an instructeur gets 404 for the history of an account (even their own)', async () => {
    for (const id of [
      instructeurUser.id,
      (await request<SessionView>(api.app, 'GET', '/api/session')).body.user.id,
    ]) {
      const answer = await request<ErrorBody>(
        api.app,
        'GET',
        `/api/audit?entity=user&id=${id}`,
        undefined,
        instructeur,
      );
      assertStatus(answer, 404);
    }
    const seen = await request<AuditEntry[]>(
      api.app,
      'GET',
      `/api/audit?entity=user&id=${instructeurUser.id}`,
    );
    assertStatus(seen, 200);
  });

  test('an unknown entity is a 400 naming it; without a session, a 401', async () => {
    assertValidation(await request(api.app, 'GET', '/api/audit?entity=budget&id=1'), ['query.entity']);
    assertStatus(await request(api.app, 'GET', '/api/audit?entity=structure&id=1', undefined, null), 401);
  });
});
