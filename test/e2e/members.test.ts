/**
 * Élus et conseils. Persona: the direction (committee:write) opens the page from the Séances list,
 * gives Mme Valérie CUVILLIER a seat on the board of the CCAS de Bruay as "administratrice" (the
 * structure searched with "Bruay" and picked from the list), sees it listed; the same seat again is
 * refused by the server beside the role, the input kept. The session of 12 June 2023 then proposes
 * her as "intéressée à l'affaire" (à confirmer) for its report; back on the page, the seat is
 * removed. Screenshots in artifacts/screenshots/ and no serious or critical axe-core violation.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  assertAccessible,
  assertNoPageErrors,
  onFailureScreenshot,
  PERSONAS,
  screenshot,
  setUpE2E,
  signedInPage,
  waitForPage,
  waitForText,
} from './support.ts';

const DIRECTION = PERSONAS.direction;

const e2e = setUpE2E();

const MEMBER = 'Mme Valérie CUVILLIER';
const SEAT = `${MEMBER} au conseil de CCAS de Bruay (administratrice)`;
const REFUSAL = 'Cet élu siège déjà à ce titre au conseil de cette structure.';

/** The direction's page, kept from one test to the next as one person would browse. */
let page: Page;

function memberRow(of: Page) {
  return of.getByRole('row').filter({ has: of.getByRole('rowheader', { name: MEMBER }) });
}

function seatForm(of: Page) {
  return of.getByRole('form', { name: `Ajouter un siège à ${MEMBER}` });
}

/** Opens the member's form and fills it: "Bruay" searched, the CCAS picked, "administratrice". */
async function fillSeat(of: Page): Promise<void> {
  await of.getByRole('button', { name: `Ajouter un siège à ${MEMBER}` }).click();
  const form = seatForm(of);
  await form.waitFor();
  await form.getByLabel('Rechercher une structure').fill('Bruay');
  const option = form.locator('option', { hasText: /^CCAS de Bruay —/ });
  await option.waitFor({ state: 'attached' });
  // Only the search's results are listed (the debounced search has replaced the first page).
  await form
    .locator('option:not([disabled])', { hasNotText: /bruay/i })
    .first()
    .waitFor({ state: 'detached' });
  const value = await option.getAttribute('value');
  assert.ok(value);
  await form.getByRole('listbox', { name: /^Structure/ }).selectOption(value);
  await form.getByRole('combobox', { name: /^Qualité/ }).fill('administratrice');
}

describe('Élus et conseils', () => {
  test('the direction opens the page from the Séances list', async () => {
    page = await signedInPage(e2e, DIRECTION, { bypassCSP: true });
    await onFailureScreenshot(page, 'elus-liste', async () => {
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Séances', exact: true })
        .click();
      await waitForPage(page, 'Séances');
      await page.getByRole('link', { name: 'Élus et conseils' }).click();
      await waitForPage(page, 'Élus et conseils');
      await waitForText(page.locator('caption'), /^\d+ élus de la Commission Permanente/);
      await waitForText(memberRow(page), 'aucun siège enregistré');
      await screenshot(page, 'elus-01-liste');
      await assertAccessible(page, 'elus-01-liste');
    });
  });

  test('a seat added, then the same seat refused beside the role', async () => {
    await onFailureScreenshot(page, 'elus-ajout', async () => {
      await fillSeat(page);
      await seatForm(page).scrollIntoViewIfNeeded();
      await screenshot(page, 'elus-02-formulaire', { fullPage: false });
      await assertAccessible(page, 'elus-02-formulaire');
      await seatForm(page).getByRole('button', { name: 'Ajouter le siège' }).click();
      await waitForText(page.getByRole('status'), `Siège ajouté : ${SEAT}.`);
      await waitForText(memberRow(page), 'CCAS de Bruay : administratrice');
      await memberRow(page)
        .getByRole('button', { name: `Retirer le siège de ${SEAT}` })
        .waitFor();
      assert.equal(await seatForm(page).count(), 0);

      await fillSeat(page);
      await seatForm(page).getByRole('button', { name: 'Ajouter le siège' }).click();
      const role = seatForm(page).getByRole('combobox', { name: /^Qualité/ });
      const message = seatForm(page).locator(`#${await role.getAttribute('id')}-erreur`);
      await waitForText(message, REFUSAL);
      assert.equal(await role.getAttribute('aria-invalid'), 'true');
      assert.equal(await role.inputValue(), 'administratrice');
      assert.notEqual(
        await seatForm(page)
          .getByRole('listbox', { name: /^Structure/ })
          .inputValue(),
        '',
      );
      await waitForText(seatForm(page).getByRole('alert'), REFUSAL);
      await screenshot(page, 'elus-03-refus', { fullPage: false });
      await assertAccessible(page, 'elus-03-refus');
      await seatForm(page)
        .getByRole('button', { name: /^Annuler/ })
        .click();
      assert.equal(
        await memberRow(page)
          .getByRole('button', { name: /^Retirer le siège/ })
          .count(),
        1,
      );
      assertNoPageErrors(page);
    });
  });

  test('the session of 12 June 2023 proposes her for the report', async () => {
    await onFailureScreenshot(page, 'elus-seance', async () => {
      await page
        .getByRole('navigation', { name: "Fil d'Ariane" })
        .getByRole('link', { name: 'Séances' })
        .click();
      await waitForPage(page, 'Séances');
      await page.getByRole('link', { name: '12/06/2023' }).click();
      await waitForPage(page, 'Séance du 12/06/2023');
      const proposed = page.getByRole('table', { name: /^Élus proposés d’après leurs sièges/ });
      const row = proposed.getByRole('row').filter({ hasText: MEMBER });
      await waitForText(row, 'CCAS de Bruay (administratrice)');
      await waitForText(row, 'à confirmer');
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'elus-04-seance-proposee', { fullPage: false });
      assertNoPageErrors(page);
    });
  });

  test('back on the page, the seat is removed', async () => {
    await onFailureScreenshot(page, 'elus-retrait', async () => {
      await page.goBack();
      await waitForPage(page, 'Séances');
      await page.getByRole('link', { name: 'Élus et conseils' }).click();
      await waitForPage(page, 'Élus et conseils');
      await memberRow(page)
        .getByRole('button', { name: `Retirer le siège de ${SEAT}` })
        .click();
      await waitForText(page.getByRole('status'), `Siège retiré : ${SEAT}.`);
      await waitForText(memberRow(page), 'aucun siège enregistré');
      // The focus stays in the member's row, on its "Ajouter un siège" button.
      const focused = await page.evaluate(
        () =>
          (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document
            .activeElement?.id,
      );
      assert.match(focused ?? '', /^elu-\d+-ajouter$/);
      await screenshot(page, 'elus-05-retrait');
      await assertAccessible(page, 'elus-05-retrait');
      assertNoPageErrors(page);
    });
  });
});
