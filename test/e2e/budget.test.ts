/**
 * Persona: Mme Bérénice Budget, of the budget mission. She follows the balances of the call's two
 * budget lines on the dashboard, and the budget guard refuses, with its figures, to propose an
 * application whose retained amount exceeds what its line has left.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { applicationInputSchema } from '../../src/modules/applications/applications.schemas.ts';
import {
  createApplicationInTransaction,
  transitionApplication,
} from '../../src/modules/applications/index.ts';
import { getCallTree } from '../../src/modules/calls/index.ts';
import { actorOf } from '../../src/modules/identity/index.ts';
import {
  assertNoPageErrors,
  CALL,
  type E2E,
  frenchText,
  onFailureScreenshot,
  PERSONAS,
  screenshot,
  setUpE2E,
  signedInPage,
  textOf,
  waitForPage,
  waitForText,
} from './support.ts';

const LINE_REFERENTS = 'C02-446A05';
const LINE_PARCOURS = 'C01-444H02';

const TOO_BIG = 'Appui exceptionnel aux têtes de réseau (dépassement)';
const SMALL = 'Appui ponctuel aux têtes de réseau';

/**
 * Two applications on operation 2.5 (soutien aux têtes de réseau de l'IAE: amount fixed on review,
 * line C01-444H02), in review and ready to be proposed: 2 000 000,00 €, more than the line's
 * 1 814 022,90 € balance, and 1 000,00 €.
 */
async function prepare(env: E2E): Promise<void> {
  const db = env.database.db;
  const admin = env.users.get('administrateur');
  assert.ok(admin);
  const actor = actorOf(admin);
  const tree = await getCallTree(db, CALL);
  const operation = tree.themes.find((theme) => theme.number === 2)?.operations.find((op) => op.number === 5);
  assert.ok(operation, 'operation 2.5');
  const structureId = await env.structureId('coorace');
  for (const [label, retainedCents] of [
    [TOO_BIG, 2_000_000_00],
    [SMALL, 1_000_00],
  ] as const) {
    const created = await createApplicationInTransaction(
      db,
      applicationInputSchema.parse({
        operationId: operation.id,
        structureId,
        territories: ['departement'],
        label,
        periodStart: '2023-01-01',
        periodEnd: '2023-12-31',
        retainedCents,
      }),
      actor,
    );
    await transitionApplication(db, created.id, { to: 'submitted', motivation: 'Dossier déposé' }, actor);
    await transitionApplication(db, created.id, { to: 'under_review', motivation: 'Dossier complet' }, actor);
  }
}

const e2e = setUpE2E({ prepare });
const berenice = PERSONAS.budget;

/** The cells of a budget line's row on the dashboard. */
function budgetRow(page: Page, code: string) {
  return page
    .getByRole('table', { name: /^Situation budgétaire de l’appel/ })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: new RegExp(code) }) });
}

interface Figures {
  ae: string;
  committedBefore: string;
  available: string;
  proposed: string;
  balance: string;
}

async function figuresOf(page: Page, code: string): Promise<Figures> {
  const cells = budgetRow(page, code).getByRole('cell');
  await cells.first().waitFor();
  const [ae, committedBefore, available, proposed, balance] = await Promise.all(
    [0, 1, 2, 3, 4].map((index) => textOf(cells.nth(index))),
  );
  return {
    ae: ae ?? '',
    committedBefore: committedBefore ?? '',
    available: available ?? '',
    proposed: proposed ?? '',
    balance: balance ?? '',
  };
}

async function openDashboard(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Tableau de bord' })
    .click();
  await waitForPage(page, 'Tableau de bord');
  await budgetRow(page, LINE_PARCOURS).waitFor();
}

/** Opens one of the prepared applications from the Demandes list, searched by its label. */
async function openApplication(page: Page, label: string): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Demandes' })
    .click();
  await waitForPage(page, 'Demandes');
  // Her role decides, it does not write: no creation.
  assert.equal(await page.getByRole('link', { name: 'Nouvelle demande' }).count(), 0);
  await page.getByRole('searchbox', { name: 'Rechercher' }).fill(label);
  const row = page.getByRole('row').filter({ hasText: label });
  await waitForText(page.getByRole('status'), '1 demande trouvée');
  await row.getByRole('link').first().click();
  await waitForPage(page, /^Demande /);
  await waitForText(page.getByRole('heading', { level: 1 }), 'En instruction');
}

async function propose(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Proposer à la commission…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Proposer à la commission' });
  await dialog.waitFor();
  await waitForText(dialog, 'Le montant retenu sera imputé sur la ligne budgétaire de l’opération.');
  await dialog.getByLabel('Motivation').fill('Proposée à la Commission Permanente du 12 juin 2023');
  await dialog.getByRole('button', { name: 'Proposer à la commission', exact: true }).click();
  return dialog;
}

describe('mission budget', () => {
  test('sees the balances of the two budget lines on the dashboard', async () => {
    const page = await signedInPage(e2e, berenice);
    await onFailureScreenshot(page, 'budget-tableau-de-bord', async () => {
      await waitForText(page.getByRole('banner'), 'Mission budget');
      await budgetRow(page, LINE_PARCOURS).waitFor();
      const referents = await figuresOf(page, LINE_REFERENTS);
      const parcours = await figuresOf(page, LINE_PARCOURS);
      assert.equal(referents.balance, '2 188 896,28 €');
      assert.equal(parcours.balance, '1 814 022,90 €');
      assert.equal(parcours.ae, '7 048 182,00 €');
      assert.equal(parcours.proposed, '5 234 159,10 €');
      // The bar says the same in words.
      await budgetRow(page, LINE_PARCOURS)
        .getByRole('img', { name: frenchText('Solde 1 814 022,90 €') })
        .waitFor();
      await screenshot(page, 'budget-tableau-de-bord');
      assertNoPageErrors(page);
    });
  });

  test('proposing beyond the balance is refused with the figures, and changes nothing', async () => {
    const page = await signedInPage(e2e, berenice);
    await onFailureScreenshot(page, 'budget-depassement', async () => {
      await budgetRow(page, LINE_PARCOURS).waitFor();
      const before = {
        referents: await figuresOf(page, LINE_REFERENTS),
        parcours: await figuresOf(page, LINE_PARCOURS),
      };

      await openApplication(page, TOO_BIG);
      assert.equal(await page.getByRole('link', { name: 'Modifier', exact: true }).count(), 0);
      await waitForText(page.getByRole('region', { name: 'Montant' }), frenchText('2 000 000,00 €'));
      const dialog = await propose(page);
      const refusal = dialog.getByRole('alert');
      await waitForText(refusal, 'Crédits insuffisants');
      const message = await textOf(refusal);
      assert.match(message, new RegExp(`Crédits insuffisants sur la ligne ${LINE_PARCOURS}`));
      assert.match(message, /2 000 000,00 € demandés pour 1 814 022,90 € disponibles/);
      assert.match(message, /AE 7 048 182,00 €, déjà engagés ou proposés 5 234 159,10 €/);
      await screenshot(page, 'budget-credits-insuffisants', { fullPage: false });

      await dialog.getByRole('button', { name: 'Annuler' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.reload();
      await waitForPage(page, /^Demande /);
      await waitForText(page.getByRole('heading', { level: 1 }), 'En instruction');
      // Nothing was written: the history holds the creation and the two earlier steps only.
      const history = page.getByRole('region', { name: 'Historique des décisions' });
      await history.getByRole('row').first().waitFor();
      assert.equal(await history.getByRole('row').count(), 4, 'header and three decisions');

      await openDashboard(page);
      assert.deepEqual(
        {
          referents: await figuresOf(page, LINE_REFERENTS),
          parcours: await figuresOf(page, LINE_PARCOURS),
        },
        before,
      );
      assertNoPageErrors(page);
    });
  });

  test('a proposal within the balance is accepted and the dashboard follows', async () => {
    const page = await signedInPage(e2e, berenice);
    await onFailureScreenshot(page, 'budget-proposition', async () => {
      await openApplication(page, SMALL);
      const dialog = await propose(page);
      await dialog.waitFor({ state: 'hidden' });
      await waitForText(page.getByRole('status'), 'La demande est désormais « Proposée à la commission ».');
      await waitForText(page.getByRole('heading', { level: 1 }), 'Proposée à la commission');

      await openDashboard(page);
      const parcours = await figuresOf(page, LINE_PARCOURS);
      assert.equal(parcours.proposed, '5 235 159,10 €');
      assert.equal(parcours.balance, '1 813 022,90 €');
      assert.equal((await figuresOf(page, LINE_REFERENTS)).balance, '2 188 896,28 €');
      assertNoPageErrors(page);
    });
  });
});
