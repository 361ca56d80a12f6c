/**
 * Persona: Mme Claire Artois, instructrice limited to the Artois territory. She signs in, finds
 * the SIVOM du Bruaysis amendment and reads its prorata computation, adjusts an application of
 * her territory and sees the totals follow, creates a draft, and never sees an application of
 * another territory (which the instructeur of the Boulonnais, for comparison, does see).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  assertNoPageErrors,
  CALL,
  CALL_TITLE,
  frenchText,
  onFailureScreenshot,
  PERSONAS,
  screenshot,
  setUpE2E,
  signedInPage,
  signIn,
  textOf,
  waitForPage,
  waitForText,
} from './support.ts';

const e2e = setUpE2E();
const claire = PERSONAS.artois;

const SIVOM_AMENDMENT = `${CALL}-T1-O1-03`;
/** CCAS de Bruay-la-Buissière, Accompagnement Global (theme 1, operation 4): amount fixed on review. */
const ACCOMPAGNEMENT_GLOBAL = `${CALL}-T1-O4-01`;
/** CCAS de Bruay-la-Buissière, 450 places (theme 1, operation 1): per place per year. */
const CCAS_450_PLACES = `${CALL}-T1-O1-04`;
/** CCAS Wimereux, Boulonnais. */
const WIMEREUX = `${CALL}-T1-O1-02`;

async function openAllocations(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Répartition' })
    .click();
  await waitForPage(page, 'Répartition financière');
  await page
    .getByRole('status')
    .filter({ hasText: /pour un montant/ })
    .waitFor();
}

/** The total row of an operation or theme in the allocation table. */
function totalRow(page: Page, label: RegExp) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label }) });
}

/** The amount of a total row, in cents. */
async function totalOf(page: Page, label: RegExp): Promise<number> {
  const text = await textOf(totalRow(page, label).getByRole('cell').last());
  const match = /^([-−]?)([\d ]+),(\d{2}) €$/.exec(text);
  assert.ok(match, `an amount: ${text}`);
  const value = Number((match[2] ?? '').replace(/ /g, '')) * 100 + Number(match[3]);
  return match[1] ? -value : value;
}

describe('instructrice de l’Artois', () => {
  test('refuses a wrong password, then signs in through the sign-in page', async () => {
    const page = await e2e.newPage();
    await onFailureScreenshot(page, 'instructeur-connexion', async () => {
      await page.goto(e2e.url('/'));
      // Not signed in: sent to the sign-in page.
      await waitForPage(page, 'Connexion');
      assert.equal(new URL(page.url()).pathname, '/connexion');
      await page.getByLabel('Identifiant').fill(claire.login);
      await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await waitForText(page.getByRole('alert'), 'Identifiant ou mot de passe incorrect.');

      await signIn(page, claire.login, claire.password);
      await waitForPage(page, 'Tableau de bord');
      assert.equal(new URL(page.url()).pathname, '/');
      const header = page.getByRole('banner');
      await waitForText(header, claire.displayName);
      await waitForText(header, 'Instructeur·rice');
      // An instructrice does not manage accounts.
      const menu = page.getByRole('navigation', { name: 'Menu principal' });
      await menu.getByRole('link', { name: 'Demandes' }).waitFor();
      assert.equal(await menu.getByRole('link', { name: 'Utilisateurs' }).count(), 0);
      assertNoPageErrors(page);
    });
  });

  test('finds the SIVOM du Bruaysis amendment and reads its prorata computation', async () => {
    const page = await signedInPage(e2e, claire);
    await onFailureScreenshot(page, 'instructeur-avenant-sivom', async () => {
      // In the Répartition (annexe 3): the amendment line, with its negative quantity and amount.
      await openAllocations(page);
      await page.getByRole('searchbox', { name: 'Rechercher' }).fill('Bruaysis');
      await waitForText(page.getByRole('status'), /2 lignes sélectionnées sur \d+/);
      const line = page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: `Demande ${SIVOM_AMENDMENT}` }) });
      await waitForText(line, 'Avenant');
      await waitForText(line, frenchText('-450 places'));
      await waitForText(line, frenchText('-54 000,00 €'));

      // In Demandes: searched by the structure's name.
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Demandes' })
        .click();
      await waitForPage(page, 'Demandes');
      await page.getByRole('searchbox', { name: 'Rechercher' }).fill('SIVOM');
      const link = page.getByRole('link', { name: SIVOM_AMENDMENT, exact: true });
      await link.waitFor();
      await waitForText(page.getByRole('status'), '2 demandes trouvées');
      await waitForText(page.getByRole('row').filter({ has: link }), frenchText('-54 000,00 €'));
      await link.click();

      await waitForPage(page, new RegExp(`^Demande ${SIVOM_AMENDMENT}`));
      const record = page.getByRole('region', { name: 'Dossier' });
      await waitForText(record, 'SIVOM du Bruaysis');
      await waitForText(
        record,
        `Avenant à la convention ${CALL.replace('P2', 'P1')}-T1-O1-01, à compter du 01/04/2023`,
      );
      await waitForText(record, frenchText('170 places (avant l’avenant : 620 places)'));

      const amount = page.getByRole('region', { name: 'Montant' });
      const computed = amount.locator('.amount-panel__box').filter({ hasText: 'Calculé par la règle' });
      const retained = amount.locator('.amount-panel__box').filter({ hasText: 'Retenu' });
      await waitForText(computed.locator('.amount-panel__value'), frenchText('-54 000,00 €'));
      await waitForText(retained.locator('.amount-panel__value'), frenchText('-54 000,00 €'));
      await waitForText(retained, 'Conforme au calcul de la règle.');
      // The prorata temporis, one step per line: before and after the effective date.
      const steps = computed.getByRole('listitem');
      await waitForText(
        steps.nth(0),
        frenchText('Montant initial : 620 places × 160 € par an × 12 mois / 12 = 99 200,00 €'),
      );
      await waitForText(
        steps.nth(1),
        frenchText('Du 01/01/2023 au 31/03/2023 : 620 places × 160 € par an × 3 mois / 12 = 24 800,00 €'),
      );
      await waitForText(
        steps.nth(2),
        frenchText('Du 01/04/2023 au 31/12/2023 : 170 places × 160 € par an × 9 mois / 12 = 20 400,00 €'),
      );
      await waitForText(
        steps.nth(3),
        frenchText('Total après avenant 45 200,00 € − montant initial 99 200,00 € = -54 000,00 €'),
      );
      await waitForText(
        computed,
        frenchText('Convention avant avenant : 99 200,00 € ; après : 45 200,00 €.'),
      );
      await screenshot(page, 'instructeur-avenant-sivom');
      assertNoPageErrors(page);
    });
  });

  test('adjusts the Accompagnement Global of the CCAS de Bruay-la-Buissière and sees the totals follow', async () => {
    // The administrateur sees the whole call: theme 1 as the deliberation states it.
    const admin = await signedInPage(e2e, PERSONAS.administrateur);
    const page = await signedInPage(e2e, claire);
    await onFailureScreenshot(page, 'instructeur-modification', async () => {
      await admin.goto(e2e.url(`/appels/${CALL}`));
      await waitForPage(admin, CALL_TITLE);
      const adminTheme1 = admin
        .getByRole('table', { name: 'Montants par thématique' })
        .getByRole('row')
        .filter({ hasText: /^\s*1\./ });
      await waitForText(adminTheme1, frenchText('115 069,00 €'));

      await openAllocations(page);
      const operationTotal = totalRow(page, /^Total opération 1\.4/);
      await waitForText(operationTotal, frenchText('10 313,00 €'));
      const themeTotalBefore = await totalOf(page, /^Total thématique 1/);

      await page.getByRole('link', { name: `Demande ${ACCOMPAGNEMENT_GLOBAL}` }).click();
      await waitForPage(page, new RegExp(`^Demande ${ACCOMPAGNEMENT_GLOBAL}`));
      await waitForText(page.getByRole('region', { name: 'Dossier' }), 'CCAS de Bruay');
      await waitForText(page.getByRole('region', { name: 'Montant' }), "Montant fixé à l'instruction");
      await page.getByRole('link', { name: 'Modifier', exact: true }).click();

      await waitForPage(page, `Modifier la demande ${ACCOMPAGNEMENT_GLOBAL}`);
      await waitForText(page.getByRole('main'), 'Cette demande est proposée à la commission');
      const retainedField = page.getByLabel('Montant retenu (€)');
      assert.equal(normaliseInput(await retainedField.inputValue()), '10 313,00');
      await retainedField.fill('12000');
      await retainedField.blur();
      assert.equal(normaliseInput(await retainedField.inputValue()), '12 000,00');
      const justification = page.getByLabel('Justification de l’écart');
      if ((await justification.getAttribute('aria-required')) === 'true') {
        await justification.fill('Portefeuille étendu après l’instruction du dossier.');
      }
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();

      await waitForPage(page, new RegExp(`^Demande ${ACCOMPAGNEMENT_GLOBAL}`));
      await waitForText(page.getByRole('status'), 'Modifications enregistrées (version 2).');
      await waitForText(page.getByRole('region', { name: 'Montant' }), frenchText('12 000,00 €'));
      const history = page.getByRole('region', { name: 'Historique des décisions' });
      await waitForText(history.getByRole('row').last(), 'Modification');
      await waitForText(history.getByRole('row').last(), claire.displayName);
      await screenshot(page, 'instructeur-apres-modification');

      // Her allocation table: the operation's and the theme's totals include the new amount.
      await openAllocations(page);
      await waitForText(totalRow(page, /^Total opération 1\.4/), frenchText('12 000,00 €'));
      const themeTotalAfter = await totalOf(page, /^Total thématique 1/);
      assert.equal(themeTotalAfter - themeTotalBefore, 1_687_00, `${themeTotalBefore} → ${themeTotalAfter}`);

      // The whole call: theme 1 goes from 115 069,00 € to 116 756,00 €.
      await admin.reload();
      await waitForPage(admin, CALL_TITLE);
      await waitForText(adminTheme1, frenchText('116 756,00 €'));
      const operationRow = admin
        .getByRole('region', { name: /^Thématique 1/ })
        .getByRole('row')
        .filter({ has: admin.getByRole('rowheader', { name: /Accompagnement Global/ }) });
      await waitForText(operationRow, frenchText('12 000,00 €'));
      await waitForText(
        admin
          .getByRole('row')
          .filter({ has: admin.getByRole('rowheader', { name: 'Total de la thématique 1' }) }),
        frenchText('116 756,00 €'),
      );
      await screenshot(admin, 'instructeur-appel-vu-par-administrateur');
      assertNoPageErrors(page);
      assertNoPageErrors(admin);
    });
  });

  test('a retained amount departing from the rule needs a justification, and the history names the change in French', async () => {
    const page = await signedInPage(e2e, claire);
    const id = await e2e.applicationId(CCAS_450_PLACES);
    await onFailureScreenshot(page, 'instructeur-justification', async () => {
      await page.goto(e2e.url(`/demandes/${id}/modifier`));
      await waitForPage(page, `Modifier la demande ${CCAS_450_PLACES}`);
      // The rule gives 54 000,00 € (450 places × 160 € × 9 months / 12).
      await waitForText(page.locator('.computed'), frenchText('54 000,00 €'));
      const retainedField = page.getByLabel('Montant retenu (€)');
      await retainedField.fill('50 000');
      const justification = page.getByLabel('Justification de l’écart');
      await waitForText(page.locator('#demande-justification-aide'), frenchText('écart de -4 000,00 €'));
      assert.equal(await justification.getAttribute('aria-required'), 'true');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Le formulaire contient une erreur' });
      await waitForText(summary, 'une justification est obligatoire');
      assert.equal(await justification.getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'instructeur-justification-manquante');

      await justification.fill('Montée en charge progressive : 400 accompagnements effectifs au 1er avril.');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await waitForPage(page, new RegExp(`^Demande ${CCAS_450_PLACES}`));
      const amount = page.getByRole('region', { name: 'Montant' });
      await waitForText(amount, frenchText('Écart avec la règle : -4 000,00 €'));
      await waitForText(amount, 'Montée en charge progressive');
      const last = page.getByRole('region', { name: 'Historique des décisions' }).getByRole('row').last();
      await waitForText(last, 'Modification');
      // The agents read French: the history names the fields as the form does.
      const motivation = await textOf(last.getByRole('cell').last());
      assert.doesNotMatch(
        motivation,
        /retainedCents|deviationJustification/,
        `motivation shown: ${motivation}`,
      );
      assert.match(motivation, /Montant retenu/);
      assertNoPageErrors(page);
    });
  });

  test('creates a draft for a structure found by its name in the structure list', async () => {
    const page = await signedInPage(e2e, claire);
    await onFailureScreenshot(page, 'instructeur-creation', async () => {
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Demandes' })
        .click();
      await waitForPage(page, 'Demandes');
      await page.getByRole('link', { name: 'Nouvelle demande' }).click();
      await waitForPage(page, 'Nouvelle demande');
      const form = page.getByRole('form', { name: 'Nouvelle demande' });
      await form.getByLabel('Opération').selectOption({ label: '1.4 Accompagnement Global' });
      await waitForText(form.getByRole('group', { name: 'Appel et opération' }), 'Montant fixé à l');

      // The structure: searched by its name, then chosen in the list.
      await form.getByRole('searchbox', { name: 'Rechercher une structure' }).fill('Bruay-la-Buissière');
      await waitForText(form.locator('#demande-structure-aide'), '1 structure trouvée');
      const list = form.getByRole('listbox', { name: /^Structure/ });
      const option = list.getByRole('option', { name: /^CCAS de Bruay/ });
      await option.waitFor();
      // One structure found (the list also holds its disabled "choose" line).
      assert.equal(await list.locator('option:not([disabled])').count(), 1);
      // Nothing is chosen yet: the list must not show the structure as selected before the click.
      const shownSelected = await list.evaluate((select) => (select as unknown as { value: string }).value);
      await option.click();

      await form.getByLabel('Libellé').fill('Portefeuille Accompagnement Global 2024');
      await form.getByRole('checkbox', { name: 'Artois' }).check();
      await form.getByLabel('Début de période').fill('01/01/2024');
      await form.getByLabel('Fin de période').fill('31/12/2024');
      await form.getByLabel('Quantité', { exact: true }).fill('90');
      await form.getByLabel('Montant retenu (€)').fill('13 750');
      await form.getByRole('button', { name: 'Créer la demande (brouillon)' }).click();

      const created = page.getByRole('heading', { level: 1, name: /^Demande DPID-2023-P2-/ });
      const refused = page.getByRole('alert').filter({ hasText: 'Le formulaire contient' });
      await created.or(refused).first().waitFor();
      if (await refused.isVisible()) {
        await screenshot(page, 'instructeur-creation-structure-non-choisie');
        assert.fail(
          `the structure clicked in the list is not taken (list showed « ${shownSelected} » as selected before the click): ${await textOf(refused)}`,
        );
      }
      assert.equal(shownSelected, '', 'no structure shown as selected before the click');
      await waitForText(page.getByRole('status'), /Demande DPID-2023-P2-\d+ créée \(brouillon\)\./);
      await waitForText(page.getByRole('heading', { level: 1 }), 'Brouillon');
      await waitForText(page.getByRole('region', { name: 'Dossier' }), 'CCAS de Bruay');
      await waitForText(page.getByRole('region', { name: 'Montant' }), frenchText('13 750,00 €'));
      assertNoPageErrors(page);
    });
  });

  test('never sees an application of another territory: its address says "introuvable"', async () => {
    const page = await signedInPage(e2e, claire);
    const wimereux = await e2e.applicationId(WIMEREUX);
    await onFailureScreenshot(page, 'instructeur-autre-territoire', async () => {
      await page.goto(e2e.url(`/demandes/${wimereux}`));
      await waitForPage(page, 'Demande');
      const alert = page.getByRole('alert');
      await waitForText(alert, 'Introuvable');
      await waitForText(alert, `Demande introuvable : ${wimereux}.`);
      const main = page.getByRole('main');
      assert.doesNotMatch(await textOf(main), /Wimereux|Boulonnais/);
      assert.equal(await main.getByRole('link', { name: 'Modifier', exact: true }).count(), 0);
      await screenshot(page, 'instructeur-demande-introuvable');

      await page.goto(e2e.url(`/demandes/${wimereux}/modifier`));
      await waitForPage(page, 'Modifier la demande');
      await waitForText(page.getByRole('alert'), 'Introuvable');
      assert.equal(await page.getByRole('form').count(), 0, 'no form for an application she may not see');

      // Demandes: searched by name, and in the whole list.
      await page.goto(e2e.url('/demandes'));
      await waitForPage(page, 'Demandes');
      await waitForText(page.getByRole('status'), /\d+ demandes? trouvées?/);
      const everything = await textOf(page.getByRole('table'));
      assert.doesNotMatch(everything, /Wimereux|Boulonnais/);
      assert.ok(!everything.includes(WIMEREUX), 'the reference is not listed');
      await page.getByRole('searchbox', { name: 'Rechercher' }).fill('Wimereux');
      await waitForText(page.getByRole('main'), 'Aucune demande ne correspond.');
      await waitForText(page.getByRole('status'), '0 demande trouvée');
      // Filtered on the Boulonnais: nothing either.
      await page.getByRole('searchbox', { name: 'Rechercher' }).fill('');
      await page.getByLabel('Territoire').selectOption({ label: 'Boulonnais' });
      await waitForText(page.getByRole('main'), 'Aucune demande ne correspond.');

      // Répartition: neither the line nor the structure.
      await openAllocations(page);
      for (const table of await page.getByRole('table').all()) {
        assert.doesNotMatch(await textOf(table), /Wimereux|Boulonnais/);
      }
      await page.getByRole('searchbox', { name: 'Rechercher' }).fill('Wimereux');
      await waitForText(page.getByRole('main'), 'Aucune ligne ne correspond à ces critères.');

      // The structure's own page lists none of its applications for her.
      const structure = e2e.url(`/structures/${await e2e.structureId('ccas-wimereux')}`);
      await page.goto(structure);
      await waitForPage(page, /Wimereux/);
      await waitForText(
        page.getByRole('region', { name: 'Demandes' }),
        'Aucune demande pour cette structure.',
      );
      assertNoPageErrors(page);

      // The same addresses, for the instructeur of the Boulonnais: the application is there.
      const bruno = await signedInPage(e2e, PERSONAS.boulonnais);
      await bruno.goto(e2e.url(`/demandes/${wimereux}`));
      await waitForPage(bruno, new RegExp(`^Demande ${WIMEREUX}`));
      await waitForText(bruno.getByRole('region', { name: 'Dossier' }), 'CCAS Wimereux');
      await bruno.goto(structure);
      await waitForPage(bruno, /Wimereux/);
      await bruno.getByRole('region', { name: 'Demandes' }).getByRole('link', { name: WIMEREUX }).waitFor();
      assertNoPageErrors(bruno);
    });
  });
});

function normaliseInput(value: string): string {
  return value.replace(/[\u00a0\u202f]/g, ' ');
}
