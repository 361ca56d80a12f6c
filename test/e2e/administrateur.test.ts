/**
 * Persona: M. Alain Administrateur. He changes an application and reads the change in its history
 * of modifications (fields in French, values in euros and French dates), then merges two records of
 * one structure, created for the test: a first attempt with a record of another SIRET is refused
 * by the server, the second moves the application and leaves one record, the only one found. An
 * instructrice is not offered the merge.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { systemActor } from '../../src/kernel/actor.ts';
import { luhnCheckDigit } from '../../src/kernel/identifiers.ts';
import { applicationInputSchema } from '../../src/modules/applications/applications.schemas.ts';
import { createApplicationInTransaction } from '../../src/modules/applications/index.ts';
import { createStructure, getStructure, updateStructure } from '../../src/modules/structures/index.ts';
import { structureInputSchema } from '../../src/modules/structures/structures.schemas.ts';
import {
  assertNoPageErrors,
  CALL,
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

/** CCAS de Bruay-la-Buissière, Accompagnement Global (theme 1, operation 4): amount fixed on review. */
const ACCOMPAGNEMENT_GLOBAL = `${CALL}-T1-O4-01`;

/** A valid SIRET (SIREN and SIRET keys) from 8 + 4 digits. */
function siret(siren8: string, nic4: string): string {
  const siren = siren8 + luhnCheckDigit(siren8);
  const body = siren + nic4;
  return body + luhnCheckDigit(body);
}

const SIRET_ONE = siret('81234567', '0001');
const SIRET_OTHER = siret('89876543', '0002');

/** The structures of the merge: one structure entered twice, and another establishment. */
const ids = { merged: 0, kept: 0, other: 0, movedApplication: 0 };

const e2e = setUpE2E({
  prepare: async (env) => {
    const actor = systemActor('préparation du test');
    const structure = (values: Record<string, unknown>) =>
      createStructure(env.database.db, structureInputSchema.parse(values), actor);
    ids.merged = (
      await structure({
        legalName: 'Association Passerelle Emploi Ternois',
        shortName: 'APET',
        category: 'association',
        siret: SIRET_ONE,
        phone: '03 21 47 00 00',
        email: 'contact@apet.example',
      })
    ).id;
    ids.kept = (
      await structure({
        legalName: 'Passerelle Emploi du Ternois',
        shortName: 'PET',
        category: 'association',
        addressStreet: '12 rue des Jardins',
        addressPostalCode: '62130',
        addressCity: 'Saint-Pol-sur-Ternoise',
        email: 'accueil@pet.example',
      })
    ).id;
    ids.other = (
      await structure({
        legalName: 'Passerelle Services Ternois',
        category: 'association',
        siret: SIRET_OTHER,
      })
    ).id;
    const [operation] = await env.database.db.query<{ id: number }>(
      `select o.id from operations o join themes t on t.id = o.theme_id join calls c on c.id = t.call_id
        where c.code = $1 and t.number = 1 and o.number = 4`,
      [CALL],
    );
    assert.ok(operation, 'operation 1.4');
    const application = await createApplicationInTransaction(
      env.database.db,
      applicationInputSchema.parse({
        operationId: Number(operation.id),
        structureId: ids.merged,
        territories: ['ternois'],
        label: 'Accompagnement global de 40 personnes',
        periodStart: '2023-01-01',
        periodEnd: '2023-12-31',
        quantity: 40,
        retainedCents: 4_000_00,
      }),
      actor,
    );
    ids.movedApplication = application.id;
  },
});
const alain = PERSONAS.administrateur;

/** Opens the "Historique des modifications" section and waits for its entries. */
async function openHistory(page: Page) {
  const section = page.getByRole('region', { name: 'Historique des modifications' });
  const toggle = section.getByRole('button', { name: 'Historique des modifications' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'closed at first');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await waitForText(section.getByRole('status'), /\d+ modifications? enregistrées?/);
  return section;
}

describe('administrateur', () => {
  test('an edit and a change of state show up in the history of modifications, in French', async () => {
    const page = await signedInPage(e2e, alain);
    const id = await e2e.applicationId(ACCOMPAGNEMENT_GLOBAL);
    await onFailureScreenshot(page, 'administrateur-historique', async () => {
      await page.goto(e2e.url(`/demandes/${id}/modifier`));
      await waitForPage(page, `Modifier la demande ${ACCOMPAGNEMENT_GLOBAL}`);
      await page.getByLabel('Montant retenu (€)').fill('12 000');
      await page.getByLabel('Fin de période').fill('30/11/2023');
      await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
      await waitForPage(page, new RegExp(`^Demande ${ACCOMPAGNEMENT_GLOBAL}`));
      await waitForText(page.getByRole('status'), 'Modifications enregistrées (version 2).');

      const history = await openHistory(page);
      const rows = history.getByRole('table').getByRole('row');
      // Newest first: the edit, then the creation by the dataset.
      const edit = rows.nth(1);
      await waitForText(edit, 'Modification');
      await waitForText(edit, alain.login);
      await waitForText(edit, /\d{2}\/\d{2}\/\d{4} à \d{2}:\d{2}/);
      const changes = edit.getByRole('listitem');
      await waitForText(changes.filter({ hasText: 'Montant retenu' }), frenchText('10 313,00 €'));
      await waitForText(changes.filter({ hasText: 'Montant retenu' }), frenchText('12 000,00 €'));
      await waitForText(changes.filter({ hasText: 'Fin de période' }), '31/12/2023');
      await waitForText(changes.filter({ hasText: 'Fin de période' }), '30/11/2023');
      const shown = await textOf(history);
      assert.doesNotMatch(shown, /retainedCents|periodEnd|\{|"/, `no raw JSON: ${shown}`);
      assert.doesNotMatch(shown, /version|updatedAt/i, 'technical properties are not fields');
      await waitForText(rows.last(), 'Création');
      await screenshot(page, 'administrateur-historique-modification');

      // A change of state: said as the state reached; the history is read again.
      await page.getByRole('button', { name: 'Retirer de l’ordre du jour…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(/Motivation/).fill('Dossier à compléter avant la commission.');
      await dialog.getByRole('button', { name: 'Retirer de l’ordre du jour', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await waitForText(rows.nth(1), 'Passage à « En instruction »');
      await waitForText(history.getByRole('status'), '3 modifications enregistrées');
      assertNoPageErrors(page);
    });
  });

  test('merges two records of one structure: refused for two SIRETs, then done; the merged one is gone', async () => {
    const page = await signedInPage(e2e, alain);
    await onFailureScreenshot(page, 'administrateur-fusion', async () => {
      await page.goto(e2e.url(`/structures/${ids.merged}`));
      await waitForPage(page, 'APET');
      await page.getByRole('link', { name: 'Fusionner avec une autre structure' }).click();
      await waitForPage(page, 'Fusionner APET');
      const form = page.getByRole('form', { name: 'Fusionner la structure' });
      const search = form.getByRole('searchbox', { name: 'Rechercher une structure' });
      const list = form.getByRole('listbox', { name: /^Structure conservée/ });

      // Another establishment (another SIRET): the preview warns, the server refuses.
      await search.fill('Passerelle Services');
      await list.getByRole('option', { name: /^Passerelle Services Ternois/ }).click();
      await waitForText(
        form.getByRole('status'),
        'Comparaison de « APET » et « Passerelle Services Ternois » prête',
      );
      await waitForText(form, 'SIRET différents');
      await form
        .getByRole('button', { name: 'Fusionner « APET » dans « Passerelle Services Ternois »' })
        .click();
      const alert = page.getByRole('alert').filter({ hasText: 'Fusion refusée' });
      await waitForText(alert, /SIRET différents \(\d{14} et \d{14}\)/);
      await screenshot(page, 'administrateur-fusion-refusee');

      // The same structure entered twice.
      await search.fill('Passerelle Emploi du');
      await list.getByRole('option', { name: /^PET — Passerelle Emploi du Ternois/ }).click();
      await waitForText(
        form.getByRole('status'),
        'Comparaison de « APET » et « PET » prête : 1 demande à déplacer.',
      );
      const comparison = form.getByRole('table', { name: /^La fiche fusionnée, la fiche conservée/ });
      const row = (label: string) =>
        comparison
          .getByRole('row')
          .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
      await waitForText(row('SIRET').getByRole('cell').last(), 'complété');
      await waitForText(row('Téléphone').getByRole('cell').last(), '03 21 47 00 00');
      await waitForText(row('Adresse électronique').getByRole('cell').last(), 'accueil@pet.example');
      await waitForText(
        row('Autres noms').getByRole('cell').last(),
        'Association Passerelle Emploi Ternois · APET',
      );
      const effects = form.getByRole('region', { name: 'Ce que fera la fusion' });
      await waitForText(
        effects,
        'Les noms « Association Passerelle Emploi Ternois » et « APET » deviennent d’autres noms de « PET »',
      );
      await waitForText(effects, '1 demande de « APET » passe à « PET »');
      assert.equal(await page.getByRole('alert').count(), 0, 'the refusal is gone once another is chosen');
      await screenshot(page, 'administrateur-fusion-apercu');

      // Someone else changes the kept record meanwhile: the server refuses, both records are read again.
      const db = e2e.database.db;
      const current = await getStructure(db, ids.kept);
      await updateStructure(
        db,
        ids.kept,
        { version: current.version, phone: '03 21 03 03 03' },
        systemActor('une autre personne'),
      );
      const confirm = form.getByRole('button', { name: 'Fusionner « APET » dans « PET »' });
      await confirm.click();
      const conflict = page.getByRole('alert').filter({ hasText: "Modifiée par quelqu'un d'autre" });
      await waitForText(conflict, 'a été modifiée depuis votre lecture');
      await waitForText(conflict, 'Les deux fiches ont été relues');
      // The comparison now shows the other person's value, which the kept record keeps.
      await waitForText(row('Téléphone').getByRole('cell').nth(1), '03 21 03 03 03');
      await waitForText(row('Téléphone').getByRole('cell').last(), 'valeur de la fiche conservée');
      await screenshot(page, 'administrateur-fusion-conflit', { fullPage: false });
      await confirm.click();

      // The kept record, with a notice, the other's names and its application.
      await waitForPage(page, /^PET$/);
      assert.equal(new URL(page.url()).pathname, `/structures/${ids.kept}`);
      await waitForText(
        page.getByRole('status').filter({ hasText: 'fusionnée' }),
        'La structure « APET » a été fusionnée dans « PET » : 1 demande déplacée.',
      );
      await waitForText(
        page.getByRole('region', { name: 'Identité' }),
        'Association Passerelle Emploi Ternois',
      );
      await page
        .getByRole('region', { name: 'Demandes' })
        .getByRole('link', { name: new RegExp(`^${CALL}-`) })
        .waitFor();
      const history = await openHistory(page);
      await waitForText(history.getByRole('table').getByRole('row').nth(1), 'Fusion');
      await waitForText(history.getByRole('table').getByRole('row').nth(1), 'Autres noms');
      await screenshot(page, 'administrateur-fusion-faite');

      // Searched by the merged record's name: only the kept one is found.
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Structures' })
        .click();
      await waitForPage(page, 'Structures');
      await page.getByRole('searchbox', { name: 'Rechercher' }).fill('APET');
      await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
      await waitForText(page.getByRole('status'), '1 structure trouvée');
      const links = await page
        .getByRole('table')
        .getByRole('link')
        .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
      assert.ok(links.includes(`/structures/${ids.kept}`), `kept record listed: ${links.join(', ')}`);
      assert.ok(!links.includes(`/structures/${ids.merged}`), `merged record gone: ${links.join(', ')}`);
      assertNoPageErrors(page);
    });
  });

  test('an instructrice is not offered the merge, and its address tells her why', async () => {
    const page = await signedInPage(e2e, PERSONAS.artois);
    await onFailureScreenshot(page, 'instructeur-fusion', async () => {
      await page.goto(e2e.url(`/structures/${ids.other}`));
      await waitForPage(page, 'Passerelle Services Ternois');
      await page.getByRole('link', { name: 'Modifier', exact: true }).waitFor();
      assert.equal(await page.getByRole('link', { name: 'Fusionner avec une autre structure' }).count(), 0);
      await page.goto(e2e.url(`/structures/${ids.other}/fusionner`));
      await waitForPage(page, 'Fusionner Passerelle Services Ternois');
      await waitForText(page.getByRole('main'), 'réservée aux rôles départementaux');
      assert.equal(await page.getByRole('form').count(), 0);
      assertNoPageErrors(page);
    });
  });
});
