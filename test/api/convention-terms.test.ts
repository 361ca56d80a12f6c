/**
 * An operation's convention terms through the API (PUT /api/operations/:id/convention-terms): the
 * advance as a percentage or as a fixed amount in cents, never both, the acomptes with their date,
 * and the advance and acomptes together within 100 %, refused in French beside the field they name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Api,
  CALL,
  type CallTree,
  type ErrorBody,
  get,
  openApi,
  type SessionHeaders,
  signInAs,
} from './api-helpers.ts';

interface OperationAnswer {
  id: number;
  conventionTerms: Record<string, unknown>;
}

let api: Api;
let direction: SessionHeaders;
let lecture: SessionHeaders;
let operationId: number;

/** The version of the terms as read now (each save moves it). */
async function currentVersion(): Promise<number> {
  const tree = await get<CallTree>(api.app, `/api/calls/${CALL}`);
  const operation = tree.body.themes
    .flatMap((theme) => theme.operations)
    .find((item) => item.id === operationId);
  assert.ok(operation);
  return (operation as unknown as { conventionTermsVersion: number }).conventionTermsVersion;
}

/** PUT with the version read just before, unless the payload gives one. */
async function put<T>(payload: object, session: SessionHeaders = direction) {
  const response = await api.app.inject({
    method: 'PUT',
    url: `/api/operations/${operationId}/convention-terms`,
    payload: { version: await currentVersion(), ...payload },
    headers: { ...session },
  });
  return { status: response.statusCode, body: response.json<T>() };
}

/** The message of the 400 for a field. */
async function refused(payload: object, field: string): Promise<string> {
  const answer = await put<ErrorBody>(payload);
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  const issue = answer.body.fields?.find((candidate) => candidate.field === field);
  assert.ok(issue, `champ ${field} attendu dans ${JSON.stringify(answer.body.fields)}`);
  return issue.message;
}

const TEXTS = {
  objectives: 'Lever les freins à l’insertion',
  procedure: 'Entretiens',
  professionalProfile: 'Conseiller en insertion',
  review: 'Bilan avant le 31 mars',
};

before(async () => {
  api = await openApi();
  direction = await signInAs(api.app, api.database.db, 'direction');
  lecture = await signInAs(api.app, api.database.db, 'lecture');
  const tree = await get<CallTree>(api.app, `/api/calls/${CALL}`);
  const first = tree.body.themes[0]?.operations[0];
  assert.ok(first);
  operationId = first.id;
});
after(async () => api.close());

describe("les conditions de versement d'une opération par l'API", () => {
  test('une avance fixe et des acomptes, enregistrés tels quels et relus avec l’appel', async () => {
    const terms = {
      ...TEXTS,
      advanceAmountCents: 1_200_000,
      instalments: [{ percent: 20 }, { percent: 30, dueOn: '2023-09-01' }],
    };
    assert.equal((await put(terms, lecture)).status, 403);
    const saved = await put<OperationAnswer>(terms);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.conventionTerms, terms);
    const tree = await get<{ themes: { operations: OperationAnswer[] }[] }>(api.app, `/api/calls/${CALL}`);
    const read = tree.body.themes.flatMap((theme) => theme.operations).find((op) => op.id === operationId);
    assert.deepEqual(read?.conventionTerms, terms);
  });

  test('une avance en pourcentage, sans acompte : la liste vide est laissée de côté', async () => {
    const saved = await put<OperationAnswer>({ ...TEXTS, advancePercent: 12.5, instalments: [] });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.conventionTerms, { ...TEXTS, advancePercent: 12.5 });
  });

  test('0 % et un montant : le montant est l’avance (0 % ne fait pas deux avances)', async () => {
    const saved = await put<OperationAnswer>({ advancePercent: 0, advanceAmountCents: 500_000 });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.conventionTerms, { advancePercent: 0, advanceAmountCents: 500_000 });
  });

  test('refusé : un pourcentage et un montant à la fois', async () => {
    assert.equal(
      await refused({ advancePercent: 30, advanceAmountCents: 500_000 }, 'advanceAmountCents'),
      "l'avance est soit un pourcentage, soit un montant",
    );
  });

  test('refusé : l’avance et les acomptes au-delà de 100 %', async () => {
    assert.equal(
      await refused(
        { advancePercent: 60, instalments: [{ percent: 30 }, { percent: 10.01 }] },
        'instalments',
      ),
      'les avances et acomptes dépassent 100 %',
    );
    assert.equal(
      await refused(
        { instalments: [{ percent: 33.34 }, { percent: 33.33 }, { percent: 33.34 }] },
        'instalments',
      ),
      'les avances et acomptes dépassent 100 %',
    );
    // exactly 100 % is accepted (thirds to the hundredth)
    const exact = await put<OperationAnswer>({
      advancePercent: 33.34,
      instalments: [{ percent: 33.33 }, { percent: 33.33 }],
    });
    assert.equal(exact.status, 200);
  });

  test('refusé : les valeurs hors limites, en français', async () => {
    assert.equal(
      await refused({ advancePercent: 150 }, 'advancePercent'),
      "l'avance est comprise entre 0 et 100 %",
    );
    assert.equal(
      await refused({ advancePercent: 12.345 }, 'advancePercent'),
      'deux décimales au plus (par exemple 12,5 ou 33,33)',
    );
    assert.equal(
      await refused({ advanceAmountCents: -1 }, 'advanceAmountCents'),
      "le montant de l'avance est positif ou nul",
    );
    assert.equal(
      await refused({ advanceAmountCents: 12.5 }, 'advanceAmountCents'),
      'montant en centimes entiers attendu',
    );
    assert.equal(
      await refused({ instalments: [{ percent: 101 }] }, 'instalments.0.percent'),
      "l'acompte est compris entre 0 et 100 %",
    );
    assert.equal(
      await refused({ instalments: [{ percent: 10, dueOn: '2023-02-30' }] }, 'instalments.0.dueOn'),
      'date invalide (AAAA-MM-JJ)',
    );
    assert.equal(
      await refused({ instalments: Array.from({ length: 13 }, () => ({ percent: 1 })) }, 'instalments'),
      '12 acomptes au plus',
    );
  });

  test('la description OpenAPI de la route reste produite', async () => {
    const openapi = await get<{ paths: Record<string, unknown> }>(api.app, '/api/openapi.json');
    assert.equal(openapi.status, 200);
    assert.ok(openapi.body.paths['/api/operations/{id}/convention-terms']);
  });
  test('une sauvegarde faite sur une lecture dépassée est refusée (409), rien de l’autre n’est perdu', async () => {
    const version = await currentVersion();
    const first = await put<OperationAnswer>({ ...TEXTS, advancePercent: 40, version });
    assert.equal(first.status, 200);
    const stale = await put<ErrorBody>({ ...TEXTS, advancePercent: 10, version });
    assert.equal(stale.status, 409);
    assert.match(stale.body.message, /modifiées par quelqu'un d'autre/);
    const again = await get<{ themes: { operations: OperationAnswer[] }[] }>(api.app, `/api/calls/${CALL}`);
    const operation = again.body.themes
      .flatMap((theme) => theme.operations)
      .find((item) => item.id === operationId);
    assert.equal(operation?.conventionTerms.advancePercent, 40);
  });
});
