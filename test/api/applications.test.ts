/**
 * Applications through the API: a draft computed by its operation's rule and explained, every bad
 * field named, a retained amount that departs from the rule justified, optimistic locking, the
 * states from draft to the committee's vote with their history, and the budget charge that
 * proposing makes and taking back releases.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Api,
  type Application,
  assertStatus,
  assertValidation,
  budgetLine,
  CALL,
  createApplication,
  createStructure,
  type ErrorBody,
  get,
  getApplication,
  moveThrough,
  NBSP,
  openApi,
  operation,
  type Page,
  patch,
  post,
  transition,
} from './api-helpers.ts';

/** The budget line of theme 2 (Appui aux parcours intégrés). */
const LINE = 'C01-444H02';

let api: Api;
/** Theme 2, operation 1: aide à l'encadrement dans les associations intermédiaires (195 € / mois / poste). */
let aiOperationId: number;
let structureId: number;

before(async () => {
  api = await openApi();
  aiOperationId = (await operation(api.app, 2, 1)).id;
  structureId = (await createStructure(api.app, { category: 'ai', siaeTypes: ['AI'] })).id;
});

after(async () => {
  await api.close();
});

/** 10 postes in an association intermédiaire for 2024: 10 × 195 € × 12 months = 23 400 €. */
function draftInput(overrides: object = {}) {
  return {
    operationId: aiOperationId,
    structureId,
    territories: ['artois'],
    label: 'Encadrement de 10 postes en insertion',
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
    quantity: 10,
    unit: 'postes',
    ...overrides,
  };
}

async function applicationCount(): Promise<number> {
  const answer = await get<Page<Application>>(api.app, `/api/applications?call=${CALL}&limit=1`);
  assertStatus(answer, 200);
  return answer.body.total;
}

describe('creating an application', () => {
  test('a draft for 10 postes in 2024 is computed by the rule (23 400 €) and explained', async () => {
    const answer = await post<Application>(api.app, '/api/applications', draftInput());
    assertStatus(answer, 201);
    const created = answer.body;
    assert.equal(created.state, 'draft');
    assert.equal(created.stateLabel, 'Brouillon');
    assert.match(created.reference, /^DPID-2023-P2-\d{4}$/);
    assert.equal(created.operationId, aiOperationId);
    assert.equal(created.themeNumber, 2);
    assert.equal(created.operationNumber, 1);
    assert.deepEqual(created.territories, [{ code: 'artois', name: 'Artois' }]);
    assert.equal(created.computedCents, 2340000);
    assert.equal(created.computation?.status, 'computed');
    const explanation = created.computation?.explanation ?? '';
    assert.ok(explanation.includes('10 postes'), explanation);
    assert.ok(explanation.includes(`195${NBSP}€`), explanation);
    assert.ok(explanation.includes('12 mois'), explanation);
    assert.ok(explanation.includes(`23${NBSP}400,00${NBSP}€`), explanation);
    assert.equal(created.retainedCents, null);
    assert.equal(created.version, 1);
    assert.deepEqual(
      created.decisions?.map((decision) => [decision.from, decision.to, decision.author]),
      [[null, 'draft', 'Test administrateur']],
    );
    const read = await getApplication(api.app, created.id);
    assert.equal(read.computedCents, 2340000);
  });

  test('a negative quantity is refused (400 naming quantity) and nothing is saved', async () => {
    const before = await applicationCount();
    const answer = await post<ErrorBody>(api.app, '/api/applications', draftInput({ quantity: -10 }));
    const messages = assertValidation(answer, ['quantity']);
    assert.match(messages.get('quantity') ?? '', /négative/);
    assert.equal(await applicationCount(), before);
  });

  test('a period ending before it starts is refused (400 naming periodEnd)', async () => {
    const before = await applicationCount();
    const answer = await post<ErrorBody>(
      api.app,
      '/api/applications',
      draftInput({ periodStart: '2024-07-01', periodEnd: '2024-06-30' }),
    );
    const messages = assertValidation(answer, ['periodEnd']);
    assert.match(messages.get('periodEnd') ?? '', /précède/);
    assert.ok((messages.get('periodEnd') ?? '').includes('30/06/2024'));
    assert.equal(await applicationCount(), before);
  });

  test('an unknown territory is refused (400 naming territories and the code)', async () => {
    const before = await applicationCount();
    const answer = await post<ErrorBody>(
      api.app,
      '/api/applications',
      draftInput({ territories: ['artois', 'paris'] }),
    );
    const messages = assertValidation(answer, ['territories']);
    assert.match(messages.get('territories') ?? '', /territoire inconnu : paris/);
    assert.equal(await applicationCount(), before);
  });

  test('an unknown operation and an unknown structure are both named', async () => {
    const before = await applicationCount();
    const answer = await post<ErrorBody>(
      api.app,
      '/api/applications',
      draftInput({ operationId: 987654, structureId: 876543 }),
    );
    const messages = assertValidation(answer, ['operationId', 'structureId']);
    assert.match(messages.get('operationId') ?? '', /opération inconnue : 987654/);
    assert.match(messages.get('structureId') ?? '', /structure inconnue : 876543/);
    assert.equal(await applicationCount(), before);
  });

  test('a retained amount other than the computed one needs a justification', async () => {
    const before = await applicationCount();
    const refused = await post<ErrorBody>(
      api.app,
      '/api/applications',
      draftInput({ retainedCents: 2000000 }),
    );
    const messages = assertValidation(refused, ['deviationJustification']);
    const message = messages.get('deviationJustification') ?? '';
    assert.match(message, /justification est obligatoire/);
    assert.ok(message.includes(`20${NBSP}000,00`), message);
    assert.ok(message.includes(`23${NBSP}400,00`), message);
    assert.equal(await applicationCount(), before);

    const accepted = await createApplication(
      api.app,
      draftInput({ retainedCents: 2000000, deviationJustification: 'Deux postes ouverts en mars seulement' }),
    );
    assert.equal(accepted.computedCents, 2340000);
    assert.equal(accepted.retainedCents, 2000000);
    assert.equal(accepted.deviationJustification, 'Deux postes ouverts en mars seulement');
    assert.equal(await applicationCount(), before + 1);
  });

  test('a quantity too large to be stored is refused (400 naming quantity), not a server error', async () => {
    // Operation 2.5 has no scale (montant fixé à l'instruction): the quantity is only recorded.
    const fixed = await operation(api.app, 2, 5);
    const answer = await post<ErrorBody>(
      api.app,
      '/api/applications',
      draftInput({ operationId: fixed.id, quantity: 100_000_000_000, retainedCents: 100000 }),
    );
    assertValidation(answer, ['quantity']);
  });
});

describe('editing an application (optimistic locking)', () => {
  test('PATCH with the version read saves the change, recomputes and records it', async () => {
    const created = await createApplication(api.app, draftInput());
    const answer = await patch<Application>(api.app, `/api/applications/${created.id}`, {
      version: created.version,
      quantity: 5,
      label: 'Encadrement de 5 postes',
    });
    assertStatus(answer, 200);
    assert.equal(answer.body.version, created.version + 1);
    assert.equal(answer.body.quantity, 5);
    assert.equal(answer.body.label, 'Encadrement de 5 postes');
    assert.equal(answer.body.computedCents, 1170000);
    assert.equal(answer.body.territories[0]?.code, 'artois', 'the fields not sent are kept');
    const last = answer.body.decisions?.at(-1);
    assert.ok(last);
    assert.match(last.motivation, /Modification : .*Quantité/);
  });

  test('PATCH with a stale version is a 409 carrying the winner’s change, which is kept', async () => {
    const created = await createApplication(api.app, draftInput());
    const first = await patch<Application>(api.app, `/api/applications/${created.id}`, {
      version: created.version,
      label: 'Libellé du premier',
    });
    assertStatus(first, 200);
    const second = await patch<ErrorBody>(api.app, `/api/applications/${created.id}`, {
      version: created.version,
      label: 'Libellé du second',
    });
    assertStatus(second, 409);
    assert.equal(second.body.error, 'CONFLICT');
    assert.match(second.body.message, /modifiée par quelqu'un d'autre/);
    const current = second.body.details?.current as Application | undefined;
    assert.ok(current);
    assert.equal(current.label, 'Libellé du premier');
    const read = await getApplication(api.app, created.id);
    assert.equal(read.label, 'Libellé du premier');
    assert.equal(read.version, created.version + 1);
  });

  test('PATCH with a version read before a change of state is a 409 showing the new state', async () => {
    const created = await createApplication(api.app, draftInput());
    await moveThrough(api.app, created.id, ['submitted']);
    const answer = await patch<ErrorBody>(api.app, `/api/applications/${created.id}`, {
      version: created.version,
      label: 'Trop tard',
    });
    assertStatus(answer, 409);
    const current = answer.body.details?.current as Application | undefined;
    assert.ok(current);
    assert.equal(current.state, 'submitted');
    assert.ok(current.version > created.version);
    const read = await getApplication(api.app, created.id);
    assert.equal(read.label, created.label);
  });

  test('a voted application cannot be edited (422), whether from the dataset or voted here', async () => {
    const found = await get<Page<Application>>(api.app, '/api/applications?q=DPID-2023-P1-T1-O1-01');
    const datasetVoted = found.body.items[0];
    assert.ok(datasetVoted);
    assert.equal(datasetVoted.state, 'voted');

    const mine = await createApplication(api.app, draftInput({ retainedCents: 2340000 }));
    await moveThrough(api.app, mine.id, ['submitted', 'under_review', 'proposed', 'voted']);
    const voted = await getApplication(api.app, mine.id);
    assert.equal(voted.state, 'voted');

    for (const application of [datasetVoted, voted]) {
      const answer = await patch<ErrorBody>(api.app, `/api/applications/${application.id}`, {
        version: application.version,
        label: 'Modification interdite',
      });
      assertStatus(answer, 422);
      assert.equal(answer.body.error, 'APPLICATION_LOCKED');
      assert.match(answer.body.message, /Votée.*ne peut plus être modifiée.*avenant/);
      const read = await getApplication(api.app, application.id);
      assert.equal(read.label, application.label);
      assert.equal(read.version, application.version);
    }
  });
});

describe('the states of an application', () => {
  test('draft → submitted → under_review → proposed (charges the budget) → voted, all recorded', async () => {
    const created = await createApplication(api.app, draftInput({ retainedCents: 2340000 }));
    const budgetBefore = await budgetLine(api.app, LINE);

    const steps: [string, string, string][] = [
      ['submitted', 'Dossier complet déposé le 15/01/2024', 'Déposée'],
      ['under_review', 'Instruction confiée au service IAE', 'En instruction'],
      ['proposed', 'Proposée à la Commission Permanente', 'Proposée à la commission'],
    ];
    for (const [to, motivation, label] of steps) {
      const answer = await transition(api.app, created.id, to, motivation);
      assertStatus(answer, 200);
      assert.equal(answer.body.state, to);
      assert.equal(answer.body.stateLabel, label);
    }

    const proposedBudget = await budgetLine(api.app, LINE);
    assert.equal(proposedBudget.proposed, budgetBefore.proposed + 2340000);
    assert.equal(proposedBudget.balance, budgetBefore.balance - 2340000);
    assert.equal(proposedBudget.available, budgetBefore.available);

    const vote = await post<Application>(api.app, `/api/applications/${created.id}/transitions`, {
      to: 'voted',
      motivation: 'Adoptée par la Commission Permanente',
      decidedOn: '2024-02-05',
    });
    assertStatus(vote, 200);
    assert.equal(vote.body.state, 'voted');
    const votedBudget = await budgetLine(api.app, LINE);
    assert.equal(votedBudget.proposed, proposedBudget.proposed, 'a vote keeps the charge');
    assert.equal(votedBudget.balance, proposedBudget.balance);

    const read = await getApplication(api.app, created.id);
    assert.deepEqual(
      read.decisions?.map((decision) => ({
        from: decision.from,
        to: decision.to,
        author: decision.author,
        motivation: decision.motivation,
      })),
      [
        { from: null, to: 'draft', author: 'Test administrateur', motivation: 'Création de la demande' },
        {
          from: 'draft',
          to: 'submitted',
          author: 'Test administrateur',
          motivation: 'Dossier complet déposé le 15/01/2024',
        },
        {
          from: 'submitted',
          to: 'under_review',
          author: 'Test administrateur',
          motivation: 'Instruction confiée au service IAE',
        },
        {
          from: 'under_review',
          to: 'proposed',
          author: 'Test administrateur',
          motivation: 'Proposée à la Commission Permanente',
        },
        {
          from: 'proposed',
          to: 'voted',
          author: 'Test administrateur',
          motivation: 'Adoptée par la Commission Permanente',
        },
      ],
    );
    for (const decision of read.decisions ?? []) assert.ok(decision.decidedAt.length > 0);
  });

  test('a proposed application appears in annexe 3 with its retained amount', async () => {
    const before = await get<{ total: number; lines: unknown[] }>(api.app, `/api/calls/${CALL}/allocations`);
    const created = await createApplication(api.app, draftInput({ retainedCents: 2340000 }));
    await moveThrough(api.app, created.id, ['submitted', 'under_review']);
    const unchanged = await get<{ total: number; lines: unknown[] }>(
      api.app,
      `/api/calls/${CALL}/allocations`,
    );
    assert.equal(
      unchanged.body.lines.length,
      before.body.lines.length,
      'a line under review is not in annexe 3',
    );
    await moveThrough(api.app, created.id, ['proposed']);
    const after = await get<{ total: number; lines: unknown[] }>(api.app, `/api/calls/${CALL}/allocations`);
    assert.equal(after.body.lines.length, before.body.lines.length + 1);
    assert.equal(after.body.total, before.body.total + 2340000);
    await moveThrough(api.app, created.id, ['under_review']);
  });

  test('an illegal transition (draft → voted) is a 422 TRANSITION_NOT_ALLOWED in French', async () => {
    const created = await createApplication(api.app, draftInput({ retainedCents: 2340000 }));
    const budgetBefore = await budgetLine(api.app, LINE);
    const answer = await transition(api.app, created.id, 'voted', 'Vote sans instruction');
    assertStatus(answer, 422);
    assert.equal(answer.body.error, 'TRANSITION_NOT_ALLOWED');
    assert.match(answer.body.message, /Une demande « Brouillon » ne peut pas passer à « Votée »/);
    assert.match(answer.body.message, /possible : « Déposée »/);
    assert.deepEqual(
      answer.body.fields?.map((field) => field.field),
      ['to'],
    );
    const read = await getApplication(api.app, created.id);
    assert.equal(read.state, 'draft');
    assert.equal(read.version, created.version);
    assert.equal(read.decisions?.length, 1);
    assert.deepEqual(await budgetLine(api.app, LINE), budgetBefore);
  });

  test('a transition without motivation is refused (400 naming motivation)', async () => {
    const created = await createApplication(api.app, draftInput());
    const missing = await post<ErrorBody>(api.app, `/api/applications/${created.id}/transitions`, {
      to: 'submitted',
    });
    assert.match(
      assertValidation(missing, ['motivation']).get('motivation') ?? '',
      /motivation est obligatoire/,
    );
    const blank = await post<ErrorBody>(api.app, `/api/applications/${created.id}/transitions`, {
      to: 'submitted',
      motivation: '   ',
    });
    assert.match(
      assertValidation(blank, ['motivation']).get('motivation') ?? '',
      /motivation est obligatoire/,
    );
    const unknown = await post<ErrorBody>(api.app, `/api/applications/${created.id}/transitions`, {
      to: 'archived',
      motivation: 'Classement',
    });
    assert.match(assertValidation(unknown, ['to']).get('to') ?? '', /état attendu/);
    const read = await getApplication(api.app, created.id);
    assert.equal(read.state, 'draft');
    assert.equal(read.decisions?.length, 1);
  });

  test('proposing without a retained amount is refused (400 naming retainedCents)', async () => {
    const created = await createApplication(api.app, draftInput());
    await moveThrough(api.app, created.id, ['submitted', 'under_review']);
    const budgetBefore = await budgetLine(api.app, LINE);
    const answer = await transition(api.app, created.id, 'proposed');
    assert.match(
      assertValidation(answer, ['retainedCents']).get('retainedCents') ?? '',
      /montant retenu est obligatoire/,
    );
    assert.equal((await getApplication(api.app, created.id)).state, 'under_review');
    assert.deepEqual(await budgetLine(api.app, LINE), budgetBefore);
  });

  test('taking a proposed application back to under_review releases its charge', async () => {
    const created = await createApplication(api.app, draftInput({ retainedCents: 2340000 }));
    await moveThrough(api.app, created.id, ['submitted', 'under_review']);
    const budgetBefore = await budgetLine(api.app, LINE);
    await moveThrough(api.app, created.id, ['proposed']);
    assert.equal((await budgetLine(api.app, LINE)).proposed, budgetBefore.proposed + 2340000);
    const back = await transition(api.app, created.id, 'under_review', 'Retirée de l’ordre du jour');
    assertStatus(back, 200);
    assert.equal(back.body.state, 'under_review');
    assert.deepEqual(await budgetLine(api.app, LINE), budgetBefore);
    // And it can be proposed again.
    await moveThrough(api.app, created.id, ['proposed']);
    assert.equal((await budgetLine(api.app, LINE)).proposed, budgetBefore.proposed + 2340000);
    await moveThrough(api.app, created.id, ['rejected']);
    assert.deepEqual(await budgetLine(api.app, LINE), budgetBefore, 'a rejection releases the charge too');
  });

  test('a transition from a stale version is a 409', async () => {
    const created = await createApplication(api.app, draftInput());
    await moveThrough(api.app, created.id, ['submitted']);
    const answer = await post<ErrorBody>(api.app, `/api/applications/${created.id}/transitions`, {
      to: 'withdrawn',
      motivation: 'Abandon du projet',
      version: created.version,
    });
    assertStatus(answer, 409);
    assert.equal(answer.body.error, 'CONFLICT');
    assert.equal((await getApplication(api.app, created.id)).state, 'submitted');
  });
});
