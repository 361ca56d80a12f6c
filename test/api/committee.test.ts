/**
 * The session of 12 June 2023 through the API: reading it with any role, the vote and the
 * conflicts changed only by who may (versioned, audited), the documents' missing data, completing
 * an operation's convention terms and the contact of the conventions, then the generation in the
 * background with its progress, the stored documents and their download, and a preview.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { SessionView } from '../../src/modules/committee/index.ts';
import type { PackageJob, StoredDocument } from '../../src/modules/documents/package/generate-package.ts';
import { completeConventionData } from '../support/convention-data.ts';
import { type Api, openApi, request, type SessionHeaders, signInAs } from './api-helpers.ts';

interface PackageView {
  documents: { key: string; label: string; ready: boolean }[];
  missing: string[];
  missingItems: { kind: string; id: number | null; subject: string; fields: string[] }[];
  job: PackageJob | null;
  stored: StoredDocument[];
}

let api: Api;
let direction: SessionHeaders;
let lecture: SessionHeaders;

async function put<T>(url: string, payload: object, session: SessionHeaders) {
  const response = await api.app.inject({ method: 'PUT', url, payload, headers: { ...session } });
  return { status: response.statusCode, body: response.json<T>() };
}

before(async () => {
  api = await openApi();
  direction = await signInAs(api.app, api.database.db, 'direction');
  lecture = await signInAs(api.app, api.database.db, 'lecture');
});
after(async () => api.close());

describe('la séance par l’API', () => {
  test('tout rôle la lit, avec le décompte tel que la délibération l’écrit', async () => {
    const answer = await request<SessionView>(api.app, 'GET', '/api/sessions/2023-06-12', undefined, lecture);
    assert.equal(answer.status, 200);
    assert.equal(answer.body.reports[0]?.tally?.outcomeWording, '(Adopté)');
    assert.match(answer.body.reports[0]?.tally?.wording ?? '', /^Pour : 28 voix/);
    const impossible = await request(api.app, 'GET', '/api/sessions/2023-02-30', undefined, lecture);
    assert.equal(impossible.status, 400);
    const none = await request(api.app, 'GET', '/api/sessions/2023-06-13', undefined, lecture);
    assert.equal(none.status, 404);
  });

  test('le vote : refusé en lecture, enregistré par la direction, conflit de version, audité', async () => {
    const session = (await request<SessionView>(api.app, 'GET', '/api/sessions/2023-06-12')).body;
    const report = session.reports[0];
    assert.ok(report);
    const voter = Object.keys(report.votes)[0];
    assert.ok(voter);
    const votes = { ...report.votes, [voter]: 'against' };
    const refused = await put(`/api/reports/${report.id}/votes`, { votes, version: report.version }, lecture);
    assert.equal(refused.status, 403);
    const saved = await put<SessionView>(
      `/api/reports/${report.id}/votes`,
      { votes, version: report.version },
      direction,
    );
    assert.equal(saved.status, 200);
    assert.equal(saved.body.reports[0]?.tally?.counts.against, 1);
    const stale = await put(
      `/api/reports/${report.id}/votes`,
      { votes: report.votes, version: report.version },
      direction,
    );
    assert.equal(stale.status, 409);
    const bad = await put<{ fields: { field: string }[] }>(
      `/api/reports/${report.id}/votes`,
      { votes: { [voter]: 'peut-être' }, version: report.version + 1 },
      direction,
    );
    assert.equal(bad.status, 400);
    const restored = await put<SessionView>(
      `/api/reports/${report.id}/votes`,
      { votes: report.votes, version: report.version + 1 },
      direction,
    );
    assert.equal(restored.status, 200);
    assert.match(restored.body.reports[0]?.tally?.wording ?? '', /^Pour : 28 voix/);
    const audit = await api.database.db.query<{ action: string; actor_login: string }>(
      "select action, actor_login from audit_log where entity = 'committee_report' order by id",
    );
    assert.deepEqual(
      audit.map((row) => row.action),
      ['report.votes', 'report.votes'],
    );
    assert.match(audit[0]?.actor_login ?? '', /^direction-/);
  });

  test("un siège au conseil d'une structure financée fait proposer l'élu comme intéressé", async () => {
    const session = (await request<SessionView>(api.app, 'GET', '/api/sessions/2023-06-12')).body;
    const cuvillier = session.members.find((member) => member.name === 'Valérie CUVILLIER');
    assert.ok(cuvillier);
    const [funded] = await api.database.db.query<{ structure_id: number }>(
      `select a.structure_id from applications a join report_applications r on r.application_id = a.id limit 1`,
    );
    assert.ok(funded);
    const seat = { structureId: Number(funded.structure_id), role: 'administratrice' };
    const refused = await request(api.app, 'POST', `/api/members/${cuvillier.id}/board-seats`, seat, lecture);
    assert.equal(refused.status, 403);
    const added = await request(api.app, 'POST', `/api/members/${cuvillier.id}/board-seats`, seat, direction);
    assert.equal(added.status, 201);
    const twice = await request(api.app, 'POST', `/api/members/${cuvillier.id}/board-seats`, seat, direction);
    assert.equal(twice.status, 422);
    const proposed = (await request<SessionView>(api.app, 'GET', '/api/sessions/2023-06-12')).body.reports[0]
      ?.proposedConflicts;
    assert.deepEqual(
      proposed?.map((conflict) => [conflict.memberId, conflict.structures[0]?.roles]),
      [[cuvillier.id, ['administratrice']]],
    );
    const removed = await request(
      api.app,
      'DELETE',
      `/api/members/${cuvillier.id}/board-seats?structureId=${seat.structureId}&role=administratrice`,
      undefined,
      direction,
    );
    assert.equal(removed.status, 200);
    const after_ = (await request<SessionView>(api.app, 'GET', '/api/sessions/2023-06-12')).body.reports[0];
    assert.deepEqual(after_?.proposedConflicts, []);
  });

  test('la présence et les dates de légalité : contrôlées, versionnées, auditées', async () => {
    const session = (await request<SessionView>(api.app, 'GET', '/api/sessions/2023-06-12')).body;
    const byName = (name: string) => session.members.find((member) => member.name === name)?.id ?? '';
    const cottel = byName('Jean-Jacques COTTEL');
    const maciejasz = byName('Daniel MACIEJASZ');
    // COTTEL, absent, now excused with a delegation to a holder who already has one: refused
    const refused = await put<{ message: string }>(
      '/api/sessions/2023-06-12/attendance',
      {
        attendance: { ...session.attendance, [cottel]: { kind: 'excused', proxyHolderId: maciejasz } },
        version: session.version,
      },
      direction,
    );
    assert.equal(refused.status, 422, JSON.stringify(refused.body));
    assert.match(refused.body.message, /ne peut en recevoir que 1/);
    // the two absent members delegating to each other: both refusals named at once, nothing saved
    const absents = Object.entries(session.attendance)
      .filter(([, attendance]) => attendance.kind === 'absent')
      .map(([id]) => id);
    const [first, second] = absents;
    assert.ok(first && second, JSON.stringify(absents));
    const both = await put<{
      message: string;
      fields: { field: string }[];
      details: { problems: { code: string; field: string; message: string }[] };
    }>(
      '/api/sessions/2023-06-12/attendance',
      {
        attendance: {
          ...session.attendance,
          [first]: { kind: 'excused', proxyHolderId: second },
          [second]: { kind: 'excused', proxyHolderId: first },
        },
        version: session.version,
      },
      direction,
    );
    assert.equal(both.status, 422, JSON.stringify(both.body));
    assert.equal(both.body.details.problems.length, 2);
    assert.deepEqual(
      both.body.details.problems.map((problem) => [problem.code, problem.field]).sort(),
      [
        ['PROXY_HOLDER_NOT_PRESENT', `attendance.${first}.proxyHolderId`],
        ['PROXY_HOLDER_NOT_PRESENT', `attendance.${second}.proxyHolderId`],
      ].sort(),
    );
    assert.match(both.body.message, /^2 problèmes de présence : /);
    const unchanged = (await request<SessionView>(api.app, 'GET', '/api/sessions/2023-06-12')).body;
    assert.equal(unchanged.version, session.version);
    assert.deepEqual(unchanged.attendance, session.attendance);
    // to a present member without delegation: recorded, he is no longer absent without delegation
    const holder = byName('Valérie CUVILLIER');
    const saved = await put<SessionView>(
      '/api/sessions/2023-06-12/attendance',
      {
        attendance: { ...session.attendance, [cottel]: { kind: 'excused', proxyHolderId: holder } },
        version: session.version,
      },
      direction,
    );
    assert.equal(saved.status, 200);
    assert.equal(saved.body.reports[0]?.tally, null, 'le vote de COTTEL reste à saisir');
    assert.match(saved.body.reports[0]?.tallyError ?? '', /COTTEL/);
    const stale = await put(
      '/api/sessions/2023-06-12/attendance',
      { attendance: session.attendance, version: session.version },
      direction,
    );
    assert.equal(stale.status, 409);
    const restored = await put<SessionView>(
      '/api/sessions/2023-06-12/attendance',
      { attendance: session.attendance, version: session.version + 1 },
      direction,
    );
    assert.equal(restored.status, 200);
    assert.match(restored.body.reports[0]?.tally?.wording ?? '', /Absents sans délégation de vote : 2/);
    const early = await put<{ fields: { field: string }[] }>(
      '/api/sessions/2023-06-12/legality',
      { sentToLegalityControlOn: '2023-06-01', publishedOn: null, version: session.version + 2 },
      direction,
    );
    assert.equal(early.status, 400);
    const dates = await put<SessionView>(
      '/api/sessions/2023-06-12/legality',
      { sentToLegalityControlOn: '2023-07-04', publishedOn: '2023-07-05', version: session.version + 2 },
      direction,
    );
    assert.equal(dates.status, 200);
    assert.equal(dates.body.sentToLegalityControlOn, '2023-07-04');
    const audit = await api.database.db.query<{ action: string }>(
      "select action from audit_log where entity = 'committee_session' order by id",
    );
    assert.deepEqual(
      audit.map((row) => row.action),
      ['session.attendance', 'session.attendance', 'session.legality'],
    );
    await put(
      '/api/sessions/2023-06-12/legality',
      { sentToLegalityControlOn: '2023-07-03', publishedOn: '2023-07-03', version: session.version + 3 },
      direction,
    );
  });

  test('les documents : ce qui manque, la génération refusée puis faite en arrière-plan, téléchargée', async () => {
    const first = (await request<PackageView>(api.app, 'GET', '/api/sessions/2023-06-12/package')).body;
    assert.ok(first.missingItems.some((item) => item.kind === 'structure' && item.id !== null));
    const refused = await request(api.app, 'POST', '/api/sessions/2023-06-12/package', {});
    assert.equal(refused.status, 422);

    const operation = first.missingItems.find((item) => item.kind === 'operation');
    assert.ok(operation?.id);
    const terms = {
      objectives: 'Lever les freins à l’insertion',
      procedure: 'Entretiens',
      professionalProfile: 'Conseiller en insertion',
      advancePercent: 50,
      review: 'Bilan avant le 31 mars',
    };
    const tree = await request<{
      themes: { operations: { id: number; conventionTermsVersion: number }[] }[];
    }>(api.app, 'GET', '/api/calls/DPID-2023-P2');
    const read = tree.body.themes
      .flatMap((theme) => theme.operations)
      .find((item) => item.id === operation.id);
    assert.ok(read);
    const version = { version: read.conventionTermsVersion };
    assert.equal(
      (await put(`/api/operations/${operation.id}/convention-terms`, { ...terms, ...version }, lecture))
        .status,
      403,
    );
    const badTerms = await put(
      `/api/operations/${operation.id}/convention-terms`,
      { advancePercent: 150, ...version },
      direction,
    );
    assert.equal(badTerms.status, 400);
    const savedTerms = await put<{ conventionTerms: object; conventionTermsVersion: number }>(
      `/api/operations/${operation.id}/convention-terms`,
      { ...terms, ...version },
      direction,
    );
    assert.equal(savedTerms.status, 200);
    assert.deepEqual(savedTerms.body.conventionTerms, terms);
    assert.equal(savedTerms.body.conventionTermsVersion, version.version + 1);
    // A save made on the reading before is refused: nothing of the other's is lost.
    const stale = await put(
      `/api/operations/${operation.id}/convention-terms`,
      { ...terms, ...version },
      direction,
    );
    assert.equal(stale.status, 409);
    const collectivite = await request<{ settingsVersion: number }>(api.app, 'GET', '/api/collectivite');
    const settingsVersion = collectivite.body.settingsVersion;
    const badContact = await put(
      '/api/collectivite/convention-contact',
      { email: 'pas-un-mail', service: 'S', version: settingsVersion },
      direction,
    );
    assert.equal(badContact.status, 400);
    const contact = await put(
      '/api/collectivite/convention-contact',
      { email: 'conventions@example.org', service: 'Service des conventions', version: settingsVersion },
      direction,
    );
    assert.equal(contact.status, 200);
    // the same reading saved again: refused, the contact just saved is kept
    const staleContact = await put(
      '/api/collectivite/convention-contact',
      { email: 'autre@example.org', service: 'Autre service', version: settingsVersion },
      direction,
    );
    assert.equal(staleContact.status, 409);
    const second = (await request<PackageView>(api.app, 'GET', '/api/sessions/2023-06-12/package')).body;
    assert.ok(!second.missingItems.some((item) => item.kind === 'collectivite'));
    assert.ok(!second.missingItems.some((item) => item.kind === 'operation' && item.id === operation.id));

    await completeConventionData(api.database.db);
    const preview = await api.app.inject({
      method: 'GET',
      url: '/api/sessions/2023-06-12/preview?document=deliberation&format=pdf',
      headers: { ...lecture },
    });
    assert.equal(preview.statusCode, 200);
    assert.equal(preview.headers['content-type'], 'application/pdf');
    assert.equal(
      (await request(api.app, 'POST', '/api/sessions/2023-06-12/package', {}, lecture)).status,
      403,
    );
    const started = await request<PackageJob>(
      api.app,
      'POST',
      '/api/sessions/2023-06-12/package',
      {},
      direction,
    );
    assert.equal(started.status, 202);
    assert.equal(started.body.status, 'running');
    const again = await request(api.app, 'POST', '/api/sessions/2023-06-12/package', {}, direction);
    assert.equal(again.status, 409, 'une seule génération à la fois');
    let view = (await request<PackageView>(api.app, 'GET', '/api/sessions/2023-06-12/package')).body;
    const progress = new Set<number>();
    for (let i = 0; i < 600 && view.job?.status === 'running'; i += 1) {
      progress.add(view.job.done);
      await new Promise((resolve) => setTimeout(resolve, 250));
      view = (await request<PackageView>(api.app, 'GET', '/api/sessions/2023-06-12/package')).body;
    }
    assert.equal(view.job?.status, 'done', view.job?.error ?? '');
    assert.equal(view.job?.done, view.job?.total);
    assert.ok(progress.size > 1, `la progression avance pendant la génération : ${[...progress].join(', ')}`);
    const deliberation = view.stored.find((document) => document.fileName === '02-deliberation-2023-259.pdf');
    assert.ok(deliberation);
    const download = await api.app.inject({
      method: 'GET',
      url: `/api/sessions/2023-06-12/documents/${deliberation.id}`,
      headers: { ...lecture },
    });
    assert.equal(download.statusCode, 200);
    assert.equal(createHash('sha256').update(download.rawPayload).digest('hex'), deliberation.sha256);
    assert.match(String(download.headers['content-disposition']), /02-deliberation-2023-259\.pdf/);
  });
});
