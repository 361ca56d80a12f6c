/** Merging two records of one structure: data combined, applications moved, history kept. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Api,
  assertStatus,
  CALL,
  createApplication,
  createStructure,
  get,
  getApplication,
  openApi,
  operation,
  post,
  request,
  type Structure,
  signInAs,
} from './api-helpers.ts';

let api: Api;

before(async () => {
  api = await openApi();
});

after(async () => {
  await api.close();
});

interface MergeAnswer {
  kept: Structure;
  merged: Structure;
  movedApplications: number;
}

describe('merging two records of one structure', () => {
  test('moves the applications, keeps every name as an alias and fills the missing data', async () => {
    const kept = await createStructure(api.app, {
      legalName: 'Association Passerelle Emploi',
      category: 'association',
    });
    const duplicate = await createStructure(api.app, {
      legalName: 'PASSERELLE EMPLOI',
      shortName: 'APE',
      category: 'association',
      siret: '73282932000074',
      addressCity: 'Arras',
      addressPostalCode: '62000',
    });
    const ai = await operation(api.app, 2, 6);
    const application = await createApplication(api.app, {
      operationId: ai.id,
      structureId: duplicate.id,
      territories: ['arrageois'],
      label: 'Ateliers',
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
    });
    const answer = await post<MergeAnswer>(api.app, `/api/structures/${duplicate.id}/merge`, {
      intoId: kept.id,
      version: duplicate.version,
      intoVersion: kept.version,
    });
    assertStatus(answer, 200);
    assert.equal(answer.body.movedApplications, 1);
    assert.equal(answer.body.kept.legalName, 'Association Passerelle Emploi');
    assert.equal(answer.body.kept.siret, '73282932000074');
    assert.equal(answer.body.kept.addressCity, 'Arras');
    assert.deepEqual([...answer.body.kept.aliases].sort(), ['APE', 'PASSERELLE EMPLOI']);
    const moved = await getApplication(api.app, application.id);
    assert.equal(moved.structureId, kept.id);
    assert.match(moved.decisions?.at(-1)?.motivation ?? '', /fusionnée/);
    const search = await get<{ items: Structure[] }>(api.app, '/api/structures?q=passerelle');
    assert.deepEqual(
      search.body.items.map((item) => item.id),
      [kept.id],
    );
    const history = await get<{ action: string }[]>(api.app, `/api/audit?entity=structure&id=${kept.id}`);
    assert.deepEqual(
      history.body.map((entry) => entry.action),
      ['create', 'merge'],
    );
  });

  test('removes the look-alike finding of the consistency check once merged', async () => {
    const check = await get<{ findings: { code: string; message: string }[] }>(
      api.app,
      `/api/calls/${CALL}/check`,
    );
    const ats = check.body.findings.find((finding) => finding.message.includes('« ATS »'));
    assert.ok(ats);
    const list = await get<{ items: Structure[] }>(api.app, '/api/structures?q=ATS&limit=50');
    const short = list.body.items.find((item) => item.displayName === 'ATS');
    const long = (await get<{ items: Structure[] }>(api.app, '/api/structures?q=Artois%20Technique')).body
      .items[0];
    assert.ok(short && long);
    assertStatus(
      await post(api.app, `/api/structures/${short.id}/merge`, {
        intoId: long.id,
        version: short.version,
        intoVersion: long.version,
      }),
      200,
    );
    const after = await get<{ findings: { message: string }[] }>(api.app, `/api/calls/${CALL}/check`);
    assert.ok(!after.body.findings.some((finding) => finding.message.includes('« ATS »')));
  });

  test('refuses two different SIRETs, a merge into itself, a stale version and an instructeur', async () => {
    const a = await createStructure(api.app, {
      siret: '73282932000074'.replace('73282932000074', '55203253400646'),
    });
    const b = await createStructure(api.app, { siret: '44306184100047' });
    const different = await post<{ fields: { field: string; message: string }[] }>(
      api.app,
      `/api/structures/${a.id}/merge`,
      {
        intoId: b.id,
        version: a.version,
        intoVersion: b.version,
      },
    );
    assert.equal(different.status, 400);
    assert.match(different.body.fields[0]?.message ?? '', /SIRET différents/);
    const itself = await post(api.app, `/api/structures/${a.id}/merge`, {
      intoId: a.id,
      version: a.version,
      intoVersion: a.version,
    });
    assert.equal(itself.status, 400);
    const c = await createStructure(api.app);
    const stale = await post(api.app, `/api/structures/${c.id}/merge`, {
      intoId: b.id,
      version: c.version + 1,
      intoVersion: b.version,
    });
    assert.equal(stale.status, 409);
    const session = await signInAs(api.app, api.database.db, 'instructeur', ['artois']);
    const refused = await request(
      api.app,
      'POST',
      `/api/structures/${c.id}/merge`,
      { intoId: b.id, version: c.version, intoVersion: b.version },
      session,
    );
    assert.equal(refused.status, 403);
    const unchanged = await get<Structure>(api.app, `/api/structures/${c.id}`);
    assert.equal(unchanged.body.version, c.version);
  });
});
