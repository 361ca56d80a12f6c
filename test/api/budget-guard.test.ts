/**
 * The budget guard: proposing an application charges its retained amount to its budget line, and
 * a charge beyond what the line has left is refused (422 BUDGET_EXCEEDED), including when two
 * proposals arrive at the same time (on PostgreSQL they run on two connections of the pool; on
 * PGlite they are serialised: the outcome must be the same). These tests fail without the guard.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Api,
  type Application,
  assertStatus,
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
  patch,
  transition,
} from './api-helpers.ts';

const LINE = 'C01-444H02';

let api: Api;
/** Theme 2, operation 5 (soutien aux têtes de réseau de l'IAE): amount fixed on review, line C01-444H02. */
let operationId: number;
let structureId: number;

before(async () => {
  api = await openApi();
  const fixed = await operation(api.app, 2, 5);
  const line = await budgetLine(api.app, LINE);
  assert.equal(fixed.budgetLineId, line.line.id, `operation 2.5 is charged to ${LINE}`);
  assert.equal(fixed.rules[0]?.rule.kind, 'fixed_on_review');
  operationId = fixed.id;
  structureId = (await createStructure(api.app, { legalName: 'Tête de réseau IAE (test)' })).id;
});

after(async () => {
  await api.close();
});

/** "1 814 022,90 €" with no-break spaces, as the French messages write amounts. */
function frenchEuros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')}${NBSP}€`;
}

/** An application of `amount` cents on the line, moved to under_review, ready to be proposed. */
async function underReview(amount: number, label = `Appui de ${amount} centimes`): Promise<Application> {
  const created = await createApplication(api.app, {
    operationId,
    structureId,
    territories: ['departement'],
    label,
    periodStart: '2024-01-01',
    periodEnd: '2024-12-31',
    retainedCents: amount,
  });
  assert.equal(created.computedCents, null, 'no scale: the retained amount needs no justification');
  await moveThrough(api.app, created.id, ['submitted', 'under_review']);
  return created;
}

function propose(id: number) {
  return transition(api.app, id, 'proposed', 'Proposée à la Commission Permanente');
}

describe(`the budget guard on ${LINE}`, () => {
  test('the dataset leaves 181 402 290 cents on the line', async () => {
    const line = await budgetLine(api.app, LINE);
    assert.equal(line.balance, 181402290);
    assert.equal(line.available, 704818200);
    assert.equal(line.proposed, 523415910);
  });

  test('a proposal beyond the balance is refused (422 BUDGET_EXCEEDED) with the figures, and changes nothing', async () => {
    const budgetBefore = await budgetLine(api.app, LINE);
    const remaining = budgetBefore.balance;
    const amount = remaining + 1;
    const application = await underReview(amount);
    const allocationsBefore = await get<{ total: number }>(api.app, `/api/calls/${CALL}/allocations`);

    const answer = await propose(application.id);
    assertStatus(answer, 422);
    assert.equal(answer.body.error, 'BUDGET_EXCEEDED');
    const message = answer.body.message;
    assert.match(message, /Crédits insuffisants/);
    assert.ok(message.includes(LINE), message);
    assert.ok(message.includes(`${frenchEuros(amount)} demandés`), message);
    assert.ok(message.includes(`${frenchEuros(remaining)} disponibles`), message);

    const read = await getApplication(api.app, application.id);
    assert.equal(read.state, 'under_review');
    assert.equal(read.version, application.version + 2, 'only the two earlier transitions changed it');
    assert.deepEqual(
      read.decisions?.map((decision) => decision.to),
      ['draft', 'submitted', 'under_review'],
    );
    assert.deepEqual(await budgetLine(api.app, LINE), budgetBefore);
    const allocationsAfter = await get<{ total: number }>(api.app, `/api/calls/${CALL}/allocations`);
    assert.equal(allocationsAfter.body.total, allocationsBefore.body.total);
  });

  test('the refusal names the retainedCents field of the application', async () => {
    const budgetBefore = await budgetLine(api.app, LINE);
    const application = await underReview(budgetBefore.balance + 100);
    const answer = await propose(application.id);
    assertStatus(answer, 422);
    assert.deepEqual(
      answer.body.fields?.map((field) => field.field),
      ['retainedCents'],
    );
  });

  test('an amount exactly equal to the balance is accepted; one cent more is then refused', async () => {
    const budgetBefore = await budgetLine(api.app, LINE);
    const remaining = budgetBefore.balance;
    assert.ok(remaining > 0);
    const exact = await underReview(remaining, 'Solde exact de la ligne');
    const accepted = await propose(exact.id);
    assertStatus(accepted, 200);
    assert.equal(accepted.body.state, 'proposed');
    const full = await budgetLine(api.app, LINE);
    assert.equal(full.balance, 0);
    assert.equal(full.proposed, budgetBefore.proposed + remaining);

    const oneCent = await underReview(1, 'Un centime de trop');
    const refused = await propose(oneCent.id);
    assertStatus(refused, 422);
    assert.equal(refused.body.error, 'BUDGET_EXCEEDED');
    assert.ok(refused.body.message.includes(`${frenchEuros(0)} disponibles`), refused.body.message);
    assert.deepEqual(await budgetLine(api.app, LINE), full);

    // Taken off the agenda, the charge is released and the line is as before.
    await moveThrough(api.app, exact.id, ['under_review']);
    assert.deepEqual(await budgetLine(api.app, LINE), budgetBefore);
  });

  test('raising the retained amount of a proposed application beyond the balance is refused', async () => {
    const budgetBefore = await budgetLine(api.app, LINE);
    const application = await underReview(100000);
    await moveThrough(api.app, application.id, ['proposed']);
    const proposed = await getApplication(api.app, application.id);
    const answer = await patch<ErrorBody>(api.app, `/api/applications/${application.id}`, {
      version: proposed.version,
      retainedCents: budgetBefore.balance + 1,
    });
    assertStatus(answer, 422);
    assert.equal(answer.body.error, 'BUDGET_EXCEEDED');
    const read = await getApplication(api.app, application.id);
    assert.equal(read.retainedCents, 100000);
    assert.equal(read.version, proposed.version);
    assert.equal((await budgetLine(api.app, LINE)).proposed, budgetBefore.proposed + 100000);
    await moveThrough(api.app, application.id, ['under_review']);
    assert.deepEqual(await budgetLine(api.app, LINE), budgetBefore);
  });

  test('two simultaneous proposals that fit only one at a time: exactly one is accepted', async () => {
    // Several rounds: on PostgreSQL the two transactions really overlap on two connections.
    for (let round = 0; round < 3; round += 1) {
      const budgetBefore = await budgetLine(api.app, LINE);
      const remaining = budgetBefore.balance;
      // A ≤ remaining < 2A: each fits alone, both together do not.
      const amount = Math.floor(remaining / 2) + 1000;
      assert.ok(amount <= remaining && remaining < 2 * amount, `round ${round}: A ≤ solde < 2A`);
      const first = await underReview(amount, `Concurrente A${round}`);
      const second = await underReview(amount, `Concurrente B${round}`);

      const answers = await Promise.all([propose(first.id), propose(second.id)]);
      assert.deepEqual(
        answers.map((answer) => answer.status).sort(),
        [200, 422],
        `round ${round}: ${answers.map((answer) => answer.response.body.slice(0, 200)).join(' | ')}`,
      );
      const winnerIndex = answers[0]?.status === 200 ? 0 : 1;
      const winner = [first, second][winnerIndex];
      const loser = [first, second][1 - winnerIndex];
      const refusal = answers[1 - winnerIndex];
      assert.ok(winner && loser && refusal);
      assert.equal(refusal.body.error, 'BUDGET_EXCEEDED');
      assert.match(refusal.body.message, /disponibles/);

      assert.equal((await getApplication(api.app, winner.id)).state, 'proposed');
      assert.equal((await getApplication(api.app, loser.id)).state, 'under_review');
      const budgetAfter = await budgetLine(api.app, LINE);
      assert.equal(budgetAfter.proposed, budgetBefore.proposed + amount, `round ${round}`);
      assert.equal(budgetAfter.balance, remaining - amount, `round ${round}`);
      assert.ok(budgetAfter.balance >= 0, `round ${round}: the balance never goes negative`);

      // Release the winner for the next round.
      await moveThrough(api.app, winner.id, ['under_review']);
      assert.deepEqual(await budgetLine(api.app, LINE), budgetBefore);
    }
  });
});
