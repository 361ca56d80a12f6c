/**
 * Two agents edit the same application at the same time, each in their own browser session: the
 * instructrice of the Artois and the administrateur. The second to save is told about the first's
 * change, sees it beside their own, and the first change is never silently overwritten.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  assertNoPageErrors,
  CALL,
  frenchText,
  normalise,
  onFailureScreenshot,
  PERSONAS,
  screenshot,
  setUpE2E,
  signedInPage,
  textOf,
  waitForPage,
  waitForText,
} from './support.ts';

const e2e = setUpE2E();

/** CCAS de Bruay-la-Buissière, Accompagnement Global: amount fixed on review (no justification needed). */
const REFERENCE = `${CALL}-T1-O4-01`;
const ORIGINAL_LABEL = "90 places d'accompagnement";

async function openEditForm(page: Page, id: number, version: number): Promise<void> {
  await page.goto(e2e.url(`/demandes/${id}/modifier`));
  await waitForPage(page, `Modifier la demande ${REFERENCE}`);
  await page.getByRole('form', { name: 'Modifier la demande' }).waitFor();
  await waitForText(page.getByRole('main'), `Version lue : ${version}`);
}

async function save(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
}

const inputValue = async (page: Page, label: string) => normalise(await page.getByLabel(label).inputValue());

/** The retained amount the application's page shows. */
function retainedShown(page: Page): Promise<string> {
  return textOf(
    page
      .getByRole('region', { name: 'Montant' })
      .locator('.amount-panel__box')
      .filter({ hasText: 'Retenu' })
      .locator('.amount-panel__value'),
  );
}

/** The conflict panel's row for a field: the user's value and the one saved in between. */
async function conflictRow(page: Page, field: string): Promise<{ mine: string; theirs: string }> {
  const row = page
    .getByRole('table', { name: 'Vos valeurs et celles enregistrées entre-temps' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: field, exact: true }) });
  await row.waitFor();
  return {
    mine: await textOf(row.getByRole('cell').nth(0)),
    theirs: await textOf(row.getByRole('cell').nth(1)),
  };
}

describe('two agents edit the same application', () => {
  test('the second to save sees the first change beside their own; nothing is overwritten', async () => {
    const id = await e2e.applicationId(REFERENCE);
    const claire = await signedInPage(e2e, PERSONAS.artois);
    const alain = await signedInPage(e2e, PERSONAS.administrateur);
    await onFailureScreenshot(alain, 'conflit-administrateur', async () => {
      await openEditForm(claire, id, 1);
      await openEditForm(alain, id, 1);

      // The instructrice saves first: a new retained amount.
      await claire.getByLabel('Montant retenu (€)').fill('11 000');
      await save(claire);
      await waitForPage(claire, new RegExp(`^Demande ${REFERENCE}`));
      await waitForText(claire.getByRole('status'), 'Modifications enregistrées (version 2).');

      // The administrateur, still on version 1, saves another change.
      await alain.getByLabel('Libellé').fill('90 places d’accompagnement global');
      await save(alain);
      const panel = alain.getByRole('alert').filter({ hasText: 'Demande modifiée par quelqu’un d’autre' });
      await waitForText(panel, 'la demande a été enregistrée par quelqu’un d’autre (version 2');
      await waitForText(panel, 'Rien n’a été écrasé');
      assert.deepEqual(await conflictRow(alain, 'Montant retenu'), {
        mine: '10 313,00 €',
        theirs: '11 000,00 € modifié',
      });
      assert.deepEqual(await conflictRow(alain, 'Libellé'), {
        mine: '90 places d’accompagnement global',
        theirs: ORIGINAL_LABEL,
      });
      // Nothing can be sent until the administrateur chooses.
      assert.equal(
        await alain.getByRole('button', { name: 'Enregistrer les modifications' }).isDisabled(),
        true,
      );
      await screenshot(alain, 'conflit-deux-sessions');

      // Taking the current version: the form shows the instructrice's change.
      await alain
        .getByRole('button', { name: 'Abandonner ma saisie et reprendre la version actuelle' })
        .click();
      await waitForText(alain.getByRole('status'), 'Le formulaire montre la version actuelle.');
      assert.equal(await inputValue(alain, 'Montant retenu (€)'), '11 000,00');
      assert.equal(await inputValue(alain, 'Libellé'), ORIGINAL_LABEL);
      await waitForText(alain.getByRole('main'), 'Version lue : 2');

      // After a reload, both sessions read the first change, and only it.
      await alain.reload();
      await waitForPage(alain, `Modifier la demande ${REFERENCE}`);
      await waitForText(alain.getByRole('main'), 'Version lue : 2');
      assert.equal(await inputValue(alain, 'Montant retenu (€)'), '11 000,00');
      assert.equal(await inputValue(alain, 'Libellé'), ORIGINAL_LABEL);
      await claire.reload();
      await waitForPage(claire, new RegExp(`^Demande ${REFERENCE}`));
      await waitForText(claire.getByRole('region', { name: 'Montant' }), frenchText('11 000,00 €'));
      await waitForText(claire.getByRole('region', { name: 'Dossier' }), '(version 2)');
      assert.equal(await textOf(claire.locator('.page-subtitle')), ORIGINAL_LABEL);
      assertNoPageErrors(claire);
      assertNoPageErrors(alain);
    });
  });

  test('keeping one’s own input after a conflict does not undo the other agent’s change', async () => {
    const id = await e2e.applicationId(REFERENCE);
    const claire = await signedInPage(e2e, PERSONAS.artois);
    const alain = await signedInPage(e2e, PERSONAS.administrateur);
    await onFailureScreenshot(alain, 'conflit-garder-ma-saisie', async () => {
      await claire.goto(e2e.url(`/demandes/${id}`));
      await waitForPage(claire, new RegExp(`^Demande ${REFERENCE}`));
      const version = Number(
        /\(version (\d+)\)/.exec(await textOf(claire.getByRole('region', { name: 'Dossier' })))?.[1],
      );
      assert.ok(version >= 1, 'the version read');
      const retainedBefore = await retainedShown(claire);

      await openEditForm(claire, id, version);
      await openEditForm(alain, id, version);
      await claire.getByLabel('Montant retenu (€)').fill('11 500');
      await save(claire);
      await waitForText(claire.getByRole('status'), `Modifications enregistrées (version ${version + 1}).`);

      await alain.getByLabel('Libellé').fill('90 places d’accompagnement global');
      await save(alain);
      const panel = alain.getByRole('alert').filter({ hasText: 'Demande modifiée par quelqu’un d’autre' });
      await panel.waitFor();
      assert.deepEqual(await conflictRow(alain, 'Montant retenu'), {
        mine: retainedBefore,
        theirs: '11 500,00 € modifié',
      });
      await alain
        .getByRole('button', { name: 'Garder ma saisie et la revoir sur la version actuelle' })
        .click();
      await waitForText(alain.getByRole('status'), 'Votre saisie est conservée sur la version actuelle');
      await screenshot(alain, 'conflit-garder-ma-saisie');
      // He changed the label only: the amount he never touched must not go back to what he had read.
      await save(alain);
      await waitForPage(alain, new RegExp(`^Demande ${REFERENCE}`));
      await waitForText(alain.getByRole('status'), `Modifications enregistrées (version ${version + 2}).`);
      assert.equal(await textOf(alain.locator('.page-subtitle')), '90 places d’accompagnement global');
      const retainedAfter = await retainedShown(alain);
      assert.equal(retainedAfter, '11 500,00 €', 'the instructrice’s amount is kept');
      assertNoPageErrors(alain);
    });
  });
});
