/**
 * The Commission Permanente of 12 June 2023. Persona: the direction (committee:write,
 * documents:generate) opens the session, reads the tally as délibération n°2023-259 words it
 * ("Pour : 28 voix …" then "(Adopté)") and its 13 members "intéressés à l'affaire", changes one vote
 * to "contre" and back, sees why the documents cannot be generated (the dataset lacks the
 * structures' SIRET, IBAN…), and fetches the preview of the deliberation in PDF. From that list it
 * completes an operation's convention terms (an advance of 150 % refused as typed, then 50 %) and the
 * conventions' contact (a refusal of the server shown beside its fields), coming back each time to
 * the session where the item is gone; the call shows the terms. A "lecture" account sees the same
 * session without any control to change it. The attendance is edited: a delegation of vote to a
 * member who already holds one refused beside the member, given to another, the represented
 * member's vote entered (29 for), then the member set absent again, his vote, no longer held,
 * removed by the server with the attendance (28 for); a change of attendance meanwhile by someone else is shown, not overwritten; the
 * dates of the contrôle de légalité and of publication refused before the session, then restored.
 * Screenshots in artifacts/screenshots/ and no serious or critical axe-core violation on the pages
 * and forms.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { getSession, setLegalityDates, setVotes } from '../../src/modules/committee/index.ts';
import { actorOf } from '../../src/modules/identity/index.ts';
import {
  assertAccessible,
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

const DIRECTION = PERSONAS.direction;
const LECTURE = PERSONAS.lecture;

const e2e = setUpE2E();
const SESSION_TITLE = 'Séance du 12/06/2023';
const VOTER = 'M. Jean-Claude LEROY';

/** The direction's page, kept from one test to the next as one person would browse. */
let page: Page;

const COTTEL = 'M. Jean-Jacques COTTEL';

function attendance(of: Page) {
  return of.getByRole('region', { name: 'Présences', exact: true });
}

function memberId(session: { members: readonly { id: string; name: string }[] }, name: string): string {
  const id = session.members.find((member) => member.name === name)?.id;
  assert.ok(id, name);
  return id;
}

function tally(of: Page) {
  return of.getByRole('region', { name: 'Décompte' });
}

function documentsOf(of: Page) {
  return of.getByRole('region', { name: 'Documents de la séance' });
}

/** "Génération impossible : 125 éléments à compléter" → 125. */
async function missingCount(of: Page): Promise<number> {
  const title = documentsOf(of).locator('.notice__title', { hasText: /^Génération impossible/ });
  const text = await textOf(title);
  const count = /: (\d+) éléments? à compléter/.exec(text)?.[1];
  assert.ok(count, text);
  return Number(count);
}

/** Opens a group of the list of what is missing (a long group is closed at first). */
async function openMissingGroup(of: Page, title: RegExp): Promise<void> {
  const details = documentsOf(of).locator('details.committee-missing', {
    has: of.locator('summary', { hasText: title }),
  });
  if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
}

const OPERATION_1_1 = /: opération 1\.1 « Dispositif référent solidarité »/;
const TERMS_TITLE = 'Conditions de convention de l’opération 1.1';

async function saveVote(voter: string, choice: 'against' | 'for', expected: string): Promise<void> {
  await page.getByLabel(`Vote de ${voter}`).selectOption(choice);
  await page.getByRole('button', { name: 'Enregistrer les votes' }).click();
  await waitForText(page.getByRole('status').filter({ hasText: 'Votes enregistrés' }), expected);
  await waitForText(tally(page).locator('blockquote'), expected);
}

describe('Commission Permanente du 12 juin 2023', () => {
  test('the direction opens the session from the menu', async () => {
    page = await signedInPage(e2e, DIRECTION, { bypassCSP: true });
    await onFailureScreenshot(page, 'commission-seances', async () => {
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Séances', exact: true })
        .click();
      await waitForPage(page, 'Séances');
      const row = page.getByRole('row', { name: /12\/06\/2023/ });
      await waitForText(row, 'Commission Permanente du Conseil départemental');
      await waitForText(row, '03/07/2023');
      await screenshot(page, 'commission-01-seances');
      await assertAccessible(page, 'commission-01-seances');
      await row.getByRole('link', { name: '12/06/2023' }).click();
      await waitForPage(page, SESSION_TITLE);
    });
  });

  test('the tally as the deliberation words it, and the 13 members who took no part', async () => {
    await onFailureScreenshot(page, 'commission-seance', async () => {
      const words = tally(page).locator('blockquote');
      await waitForText(words, 'Pour : 28 voix');
      await waitForText(words, 'Contre : 0 voix');
      await waitForText(words, 'Abstention : 13 voix');
      await waitForText(words, 'Absents sans délégation de vote : 2');
      await waitForText(words, '(Adopté)');
      // Header: president, secretary, dates.
      const header = page.locator('.committee-header');
      await waitForText(header, 'M. Jean-Claude LEROY');
      await waitForText(header, '03/07/2023');
      // Printed attendance lists.
      await waitForText(
        page.getByRole('region', { name: 'Présences' }),
        /^.*Étaient présents : M\. Jean-Claude LEROY/,
      );
      // Confirmed conflicts: 13, shown as "déporté(e)" in the vote, without a control.
      const conflicts = page.getByRole('table', { name: /^13 élus intéressés à l’affaire/ });
      assert.equal(await conflicts.locator('tbody tr').count(), 13);
      const votes = page.getByRole('table', { name: /^Vote de chaque élu sur le rapport n°42 : 41 voix/ });
      assert.equal(await votes.locator('tbody tr').count(), 41);
      assert.equal(await votes.getByText(/^déporté/).count(), 13);
      assert.equal(await votes.getByRole('combobox').count(), 28);
      await waitForText(votes.getByRole('row', { name: /Mireille HINGREZ-CÉRÉDA/ }), 'déportée');
      // The printed sentence names them.
      await waitForText(
        page.getByRole('region', { name: 'Élus intéressés à l’affaire' }).locator('blockquote'),
        /^Mesdames Mireille HINGREZ-CÉRÉDA.*intéressés à l'affaire, n'ont pris part ni au débat, ni au vote ;$/,
      );
      // Every part of the page open, for the screenshot and the accessibility check.
      await page.locator('details > summary', { hasText: 'Tableau des présences' }).click();
      await page.locator('details > summary', { hasText: 'Modifier la liste des élus intéressés' }).click();
      await page.getByRole('checkbox', { name: /Mireille HINGREZ-CÉRÉDA/ }).waitFor();
      assert.equal(await page.getByRole('checkbox', { checked: true }).count(), 13);
      await screenshot(page, 'commission-02-seance-direction');
      await assertAccessible(page, 'commission-02-seance-direction');
      assertNoPageErrors(page);
    });
  });

  test('one vote changed to "contre", then back', async () => {
    await onFailureScreenshot(page, 'commission-vote', async () => {
      await saveVote(VOTER, 'against', 'Contre : 1 voix');
      await waitForText(tally(page).locator('blockquote'), 'Pour : 27 voix');
      await waitForText(tally(page).locator('blockquote'), '(Adopté)');
      await screenshot(page, 'commission-03-vote-contre', { fullPage: false });
      await saveVote(VOTER, 'for', 'Contre : 0 voix');
      await waitForText(tally(page).locator('blockquote'), 'Pour : 28 voix');
      assertNoPageErrors(page);
    });
  });

  test('a vote saved meanwhile by someone else is shown, not overwritten', async () => {
    await onFailureScreenshot(page, 'commission-conflit', async () => {
      // Somebody else records M. René HOCQ's vote as an abstention while the page is open.
      const db = e2e.database.db;
      const session = await getSession(db, '2023-06-12');
      const report = session.reports[0];
      assert.ok(report);
      const hocq = session.members.find((member) => member.name === 'René HOCQ');
      assert.ok(hocq);
      const admin = e2e.users.get('administrateur');
      assert.ok(admin);
      await setVotes(db, actorOf(admin), report.id, {
        votes: { ...report.votes, [hocq.id]: 'abstention' },
        version: report.version,
      });
      await page.getByLabel(`Vote de ${VOTER}`).selectOption('against');
      await page.getByRole('button', { name: 'Enregistrer les votes' }).click();
      const panel = page.getByRole('alert').filter({ hasText: 'Rapport modifié par quelqu’un d’autre' });
      await panel.waitFor();
      const rows = panel.getByRole('table').locator('tbody tr');
      await waitForText(rows.filter({ hasText: VOTER }), /Contre.*Pour/);
      await waitForText(rows.filter({ hasText: 'M. René HOCQ' }), /Pour.*Abstention.*modifié/);
      await screenshot(page, 'commission-04-conflit', { fullPage: false });
      // Nothing was overwritten: the tally still counts the other person's abstention only.
      await page.getByRole('button', { name: /^Garder ma saisie/ }).click();
      assert.equal(await page.getByLabel('Vote de M. René HOCQ').inputValue(), 'abstention');
      assert.equal(await page.getByLabel(`Vote de ${VOTER}`).inputValue(), 'against');
      await page.getByLabel(`Vote de ${VOTER}`).selectOption('for');
      await page.getByLabel('Vote de M. René HOCQ').selectOption('for');
      await page.getByRole('button', { name: 'Enregistrer les votes' }).click();
      await waitForText(page.getByRole('status').filter({ hasText: 'Votes enregistrés' }), 'Pour : 28 voix');
      await waitForText(tally(page).locator('blockquote'), 'Abstention : 13 voix');
      assertNoPageErrors(page);
    });
  });

  test('attendance: a delegation to a member who already holds one refused, then given to another', async () => {
    await onFailureScreenshot(page, 'commission-presences', async () => {
      const session = await getSession(e2e.database.db, '2023-06-12');
      const cottel = memberId(session, 'Jean-Jacques COTTEL');
      const maciejasz = memberId(session, 'Daniel MACIEJASZ');
      const cuvillier = memberId(session, 'Valérie CUVILLIER');
      await attendance(page).getByRole('button', { name: 'Modifier les présences' }).click();
      await page.getByRole('heading', { level: 3, name: 'Modifier les présences' }).waitFor();
      await page.getByLabel(`Présence de ${COTTEL}`).selectOption('excused');
      const delegation = page.getByLabel(`Délégation de vote de ${COTTEL} à`);
      // The holder who already has a delegation is marked in the list, and refused as soon as chosen.
      assert.equal(
        await textOf(delegation.locator(`option[value="${maciejasz}"]`)),
        'MACIEJASZ Daniel — reçoit déjà celle de M. Pierre GEORGET',
      );
      await delegation.selectOption(maciejasz);
      const message = page.locator(`#presence-${cottel}-erreur`);
      await waitForText(
        message,
        'M. Daniel MACIEJASZ reçoit déjà la délégation de vote de M. Pierre GEORGET : un élu ne peut en recevoir qu’une',
      );
      assert.equal(await delegation.getAttribute('aria-invalid'), 'true');
      assert.match(
        (await delegation.getAttribute('aria-describedby')) ?? '',
        new RegExp(`presence-${cottel}-erreur`),
      );
      // Sending anyway: nothing is sent, the summary links to the member's delegation.
      let sent = 0;
      const count = (request: { method: () => string; url: () => string }) => {
        if (request.method() === 'PUT' && request.url().endsWith('/attendance')) sent += 1;
      };
      page.on('request', count);
      await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Les présences contiennent une erreur' });
      await waitForText(summary, `${COTTEL} : M. Daniel MACIEJASZ reçoit déjà`);
      page.off('request', count);
      assert.equal(sent, 0);
      await message.scrollIntoViewIfNeeded();
      await screenshot(page, 'commission-14-presences-refus', { fullPage: false });
      await assertAccessible(page, 'commission-14-presences-refus');
      // The server's own refusals (the request altered on its way to give the delegation to M.
      // MACIEJASZ after all, and Mme GUISELAIN's to M. COTTEL, excused) show beside the members
      // they name, both in the summary, and the user's choice stays.
      await delegation.selectOption(cuvillier);
      await message.locator('.field-error').waitFor({ state: 'detached' });
      const guiselain = memberId(session, 'Stéphanie GUISELAIN');
      const url = e2e.url('/api/sessions/2023-06-12/attendance');
      await page.route(url, (route) => {
        const body = route.request().postDataJSON() as { attendance: Record<string, object> };
        body.attendance[cottel] = { kind: 'excused', proxyHolderId: maciejasz };
        body.attendance[guiselain] = { kind: 'excused', proxyHolderId: cottel };
        return route.continue({ postData: JSON.stringify(body) });
      });
      try {
        await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
        await waitForText(
          message,
          /M\. Daniel MACIEJASZ reçoit 2 délégations de vote .*ne peut en recevoir que 1/,
        );
        await waitForText(
          page.locator(`#presence-${guiselain}-erreur`),
          "Mme Stéphanie GUISELAIN donne délégation de vote à M. Jean-Jacques COTTEL, qui n'est pas présent.",
        );
        const both = page.getByRole('alert').filter({ hasText: 'Les présences contiennent 2 erreurs' });
        await waitForText(both, `${COTTEL} : M. Daniel MACIEJASZ reçoit 2 délégations`);
        await waitForText(both, 'Mme Stéphanie GUISELAIN : Mme Stéphanie GUISELAIN donne délégation');
      } finally {
        await page.unroute(url);
      }
      assert.equal(await delegation.inputValue(), cuvillier);
      await screenshot(page, 'commission-15-presences-refus-serveur', { fullPage: false });
      // Given to Mme CUVILLIER: saved; he is listed as excused and his vote is awaited.
      await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
      await waitForText(
        page.getByRole('status').filter({ hasText: 'Présences enregistrées' }),
        'Rapport n°42',
      );
      const lists = attendance(page).locator('blockquote');
      await waitForText(
        lists,
        'Excusé(s) : M. Pierre GEORGET, M. Philippe FAIT, M. Alexandre MALFAIT, M. Frédéric MELCHIOR, M. Jean-Jacques COTTEL.',
      );
      await waitForText(lists, 'Absent(s) : Mme Stéphanie GUISELAIN.');
      const pending = tally(page).locator('.notice');
      await waitForText(pending, 'Le vote ne peut pas encore être décompté');
      await waitForText(
        pending,
        `Vote non saisi pour ${COTTEL} (délégation de vote à Mme Valérie CUVILLIER)`,
      );
      await attendance(page).locator('#presences-titre').scrollIntoViewIfNeeded();
      await screenshot(page, 'commission-16-presences-enregistrees', { fullPage: false });
      // His vote, entered in the report's table, is counted.
      await saveVote(COTTEL, 'for', 'Pour : 29 voix');
      await waitForText(tally(page).locator('blockquote'), 'Absents sans délégation de vote : 1');
      await waitForText(
        page
          .getByRole('table', { name: /^Vote de chaque élu/ })
          .getByRole('row', { name: new RegExp(COTTEL) }),
        'Par délégation à Mme Valérie CUVILLIER',
      );
      assertNoPageErrors(page);
    });
  });

  test('attendance restored: the member absent again, his vote no longer held removed', async () => {
    await onFailureScreenshot(page, 'commission-presences-retour', async () => {
      await attendance(page).getByRole('button', { name: 'Modifier les présences' }).click();
      await page.getByLabel(`Présence de ${COTTEL}`).selectOption('absent');
      assert.equal(await page.getByLabel(`Délégation de vote de ${COTTEL} à`).count(), 0);
      await waitForText(
        page.getByRole('form', { name: 'Modifier les présences' }),
        `Rapport n°42 : le vote enregistré de ${COTTEL} sera retiré, il n’aura plus de voix.`,
      );
      await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
      await page.getByRole('status').filter({ hasText: 'Présences enregistrées' }).waitFor();
      await waitForText(
        attendance(page).locator('blockquote'),
        'Absent(s) : M. Jean-Jacques COTTEL, Mme Stéphanie GUISELAIN.',
      );
      // The server removes the vote entered while he was represented: the tally counts at once.
      const words = tally(page).locator('blockquote');
      await waitForText(words, 'Pour : 28 voix');
      await waitForText(words, 'Absents sans délégation de vote : 2');
      await waitForText(words, '(Adopté)');
      const votes = page.getByRole('table', { name: /^Vote de chaque élu sur le rapport n°42 : 41 voix/ });
      assert.equal(await votes.getByRole('row', { name: new RegExp(COTTEL) }).count(), 0);
      assert.equal(await page.getByText('Vote à retirer').count(), 0);
      assertNoPageErrors(page);
    });
  });

  test('attendance changed meanwhile by someone else: shown, not overwritten', async () => {
    await onFailureScreenshot(page, 'commission-presences-conflit', async () => {
      await attendance(page).getByRole('button', { name: 'Modifier les présences' }).click();
      await page.getByLabel('Présence de Mme Stéphanie GUISELAIN').selectOption('excused');
      // Somebody else saves the session (its dates, unchanged) while the form is open.
      const session = await getSession(e2e.database.db, '2023-06-12');
      const admin = e2e.users.get('administrateur');
      assert.ok(admin);
      await setLegalityDates(e2e.database.db, actorOf(admin), '2023-06-12', {
        sentToLegalityControlOn: session.sentToLegalityControlOn,
        publishedOn: session.publishedOn,
        version: session.version,
      });
      await page.getByRole('button', { name: 'Enregistrer les présences' }).click();
      const panel = page.getByRole('alert').filter({ hasText: 'Séance modifiée par quelqu’un d’autre' });
      await panel.waitFor();
      await waitForText(
        panel.getByRole('table').locator('tbody tr'),
        /Stéphanie GUISELAIN.*Excusée.*Absente/,
      );
      await screenshot(page, 'commission-17-presences-conflit', { fullPage: false });
      await page.getByRole('button', { name: /^Abandonner ma saisie/ }).click();
      assert.equal(await page.getByLabel('Présence de Mme Stéphanie GUISELAIN').inputValue(), 'absent');
      await page.getByRole('button', { name: 'Annuler', exact: true }).click();
      await attendance(page).getByRole('button', { name: 'Modifier les présences' }).waitFor();
      await waitForText(tally(page).locator('blockquote'), 'Absents sans délégation de vote : 2');
      assertNoPageErrors(page);
    });
  });

  test('the dates of the contrôle de légalité and of publication: refused before the session', async () => {
    await onFailureScreenshot(page, 'commission-dates', async () => {
      await page
        .getByRole('button', { name: 'Modifier les dates de transmission et de publication' })
        .click();
      const published = page.getByLabel('Publication', { exact: true });
      assert.equal(await published.inputValue(), '03/07/2023');
      await published.fill('01/06/2023');
      // Checked as typed, then sent anyway: nothing is sent, the summary links to the field.
      const message = page.locator('#seance-publication-erreur');
      await waitForText(message, 'la publication ne peut précéder la séance (séance du 12/06/2023)');
      await page.getByRole('button', { name: 'Enregistrer les dates' }).click();
      assert.equal(await published.getAttribute('aria-invalid'), 'true');
      await waitForText(
        page.getByRole('alert').filter({ hasText: 'Le formulaire contient une erreur' }),
        'Publication',
      );
      await screenshot(page, 'commission-18-dates-erreur', { fullPage: false });
      await assertAccessible(page, 'commission-18-dates-erreur');
      // The server's refusal (the request altered on its way) beside the field, the input kept.
      await published.fill('04/07/2023');
      const url = e2e.url('/api/sessions/2023-06-12/legality');
      await page.route(url, (route) => {
        const body = route.request().postDataJSON() as Record<string, unknown>;
        return route.continue({ postData: JSON.stringify({ ...body, publishedOn: '2023-06-01' }) });
      });
      try {
        await page.getByRole('button', { name: 'Enregistrer les dates' }).click();
        await waitForText(message, /^Erreur : la publication ne peut précéder la séance$/);
      } finally {
        await page.unroute(url);
      }
      assert.equal(await published.inputValue(), '04/07/2023');
      await published.fill('03/07/2023');
      await page.getByRole('button', { name: 'Enregistrer les dates' }).click();
      await waitForText(
        page.getByRole('status').filter({ hasText: 'Dates enregistrées' }),
        'transmission au contrôle de légalité le 03/07/2023, publication le 03/07/2023',
      );
      const header = page.locator('.committee-header');
      await waitForText(header, /Transmission au contrôle de légalité\s*03\/07\/2023/);
      await waitForText(header, /Publication\s*03\/07\/2023/);
      assertNoPageErrors(page);
    });
  });

  test('generation is impossible, and the page says why', async () => {
    await onFailureScreenshot(page, 'commission-documents', async () => {
      const documents = page.getByRole('region', { name: 'Documents de la séance' });
      await waitForText(documents, /Génération impossible : \d+ éléments à compléter/);
      await waitForText(documents, 'structure « 3ID » : SIRET');
      await waitForText(documents, /opération 1\.1 « Dispositif référent solidarité »/);
      const generate = documents.getByRole('button', { name: 'Générer tous les documents' });
      assert.equal(await generate.isDisabled(), true);
      await waitForText(documents, 'Impossible tant que des éléments manquent');
      await documents.locator('#documents-titre').scrollIntoViewIfNeeded();
      await screenshot(page, 'commission-05-documents', { fullPage: false });
    });
  });

  test('the preview of the deliberation is a PDF', async () => {
    await onFailureScreenshot(page, 'commission-apercu', async () => {
      const link = page.getByRole('link', { name: /^Aperçu PDF : Délibération n°2023-259/ });
      assert.equal(await link.getAttribute('target'), '_blank');
      const href = await link.getAttribute('href');
      assert.ok(href, 'lien de l’aperçu');
      const response = await page.context().request.get(e2e.url(href));
      assert.equal(response.status(), 200);
      assert.equal(response.headers()['content-type'], 'application/pdf');
      const body = await response.body();
      assert.ok(body.length > 10_000, `PDF de ${body.length} octets`);
      assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
      // A convention of a structure without SIRET cannot be previewed: the reason is shown.
      await page.locator('details > summary', { hasText: /^Conventions :/ }).click();
      await waitForText(
        page.getByRole('row', { name: /^Convention – 3ID/ }),
        /Aperçu indisponible : fiche de la structure incomplète \(SIRET/,
      );
    });
  });

  test('an operation’s convention terms completed from the list, the advance checked as typed', async () => {
    await onFailureScreenshot(page, 'commission-conditions', async () => {
      const before = await missingCount(page);
      await openMissingGroup(page, /^Opérations de l’appel/);
      await documentsOf(page).getByRole('link', { name: OPERATION_1_1 }).click();
      await waitForPage(page, TERMS_TITLE);
      await waitForText(page.locator('.page-subtitle'), 'référent');
      await page
        .getByLabel('Objectifs de l’opération')
        .fill('Désigner un référent unique pour chaque bénéficiaire du RSA orienté vers un parcours social.');
      await page
        .getByLabel('Déroulement de l’action')
        .fill(
          'Premier entretien dans le mois de l’orientation, puis un entretien au moins tous les deux mois.\nContrat d’engagements réciproques signé dans les deux mois.',
        );
      await page.getByLabel('Profil du professionnel intervenant').fill('Travailleur social diplômé d’État.');
      await page
        .getByLabel('Bilan à transmettre')
        .fill('Bilan qualitatif et quantitatif de l’année, transmis avant le 31 mars suivant.');
      // An advance of 150 %: refused as it is typed, the message tied to the field.
      const advance = page.getByLabel('Avance versée à la signature (%)');
      await advance.fill('150');
      const message = page.locator('#convention-avance-erreur');
      await waitForText(message, "l'avance est comprise entre 0 et 100 %");
      assert.equal(await advance.getAttribute('aria-invalid'), 'true');
      assert.match((await advance.getAttribute('aria-describedby')) ?? '', /convention-avance-erreur/);
      // Sending anyway: nothing is sent, the summary links to the field and the input is kept.
      await page.getByRole('button', { name: 'Enregistrer les conditions' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Le formulaire contient une erreur' });
      await waitForText(summary, 'Avance versée à la signature (%)');
      assert.equal(await advance.inputValue(), '150');
      await screenshot(page, 'commission-08-conditions-erreur');
      await assertAccessible(page, 'commission-08-conditions-erreur');
      await advance.fill('50');
      await message.locator('.field-error').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Enregistrer les conditions' }).click();
      // Back on the session, where the operation is no longer missing.
      await waitForPage(page, SESSION_TITLE);
      const saved = documentsOf(page).getByRole('status').filter({ hasText: 'Conditions de convention' });
      await waitForText(
        saved,
        'Conditions de convention de l’opération 1.1 enregistrées : elles sont complètes.',
      );
      await waitForText(saved, 'Cet élément ne figure plus dans la liste');
      assert.equal(await missingCount(page), before - 1);
      assert.equal(await documentsOf(page).getByRole('link', { name: OPERATION_1_1 }).count(), 0);
      assert.equal(
        await documentsOf(page)
          .getByText(/opération 1\.1 «/)
          .count(),
        0,
      );
      await documentsOf(page)
        .getByRole('link', { name: /: opération 1\.2 «/ })
        .waitFor();
      await screenshot(page, 'commission-09-conditions-enregistrees', { fullPage: false });
      assertNoPageErrors(page);
    });
  });

  test('the call shows the operation’s terms, and changes them', async () => {
    await onFailureScreenshot(page, 'commission-appel-conditions', async () => {
      await page.goto(e2e.url(`/appels/${CALL}`));
      await waitForPage(page, /Phase 2/);
      const terms = page.getByRole('table', {
        name: /^Conditions de convention des opérations de la thématique 1/,
      });
      const row = terms.getByRole('row', { name: /Dispositif référent solidarité/ });
      await waitForText(row, 'Complètes');
      await waitForText(row, frenchText('50 %'));
      await waitForText(terms.getByRole('row', { name: /Accompagnement Global/ }), 'Manque : objectifs');
      await row.locator('summary', { hasText: 'Lire les conditions' }).click();
      await waitForText(row, 'Travailleur social diplômé d’État.');
      await row
        .getByRole('link', { name: 'Modifier les conditions de convention de l’opération 1.1' })
        .click();
      await waitForPage(page, TERMS_TITLE);
      const advance = page.getByLabel('Avance versée à la signature (%)');
      assert.equal(await advance.inputValue(), '50');
      await advance.fill('30');
      await page.getByRole('button', { name: 'Enregistrer les conditions' }).click();
      // Back on the call, the message beside the operation's terms.
      await waitForPage(page, /Phase 2/);
      await waitForText(
        page.getByRole('status').filter({ hasText: 'Conditions de convention' }),
        'Conditions de convention de l’opération 1.1 enregistrées : elles sont complètes.',
      );
      await waitForText(row, frenchText('30 %'));
      await screenshot(page, 'commission-10-appel-conditions', { fullPage: false });
      await assertAccessible(page, 'commission-10-appel-conditions');
      assertNoPageErrors(page);
    });
  });

  test('the conventions’ contact completed from the list, refusals shown beside the fields', async () => {
    await onFailureScreenshot(page, 'commission-contact', async () => {
      await page.goto(e2e.url('/seances/2023-06-12'));
      await waitForPage(page, SESSION_TITLE);
      const before = await missingCount(page);
      await documentsOf(page)
        .getByRole('link', { name: /: collectivité$/ })
        .click();
      await waitForPage(page, 'Contact des conventions');
      const email = page.getByLabel('E-mail du gestionnaire des conventions');
      const service = page.getByLabel('Service destinataire des courriers');
      await email.fill('conventions.inclusion@');
      await service.fill('D');
      await email.focus();
      await waitForText(page.locator('#contact-email-erreur'), 'adresse e-mail invalide');
      await waitForText(page.locator('#contact-service-erreur'), 'nom du service attendu');
      assert.equal(await service.getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'commission-11-contact-erreurs');
      await assertAccessible(page, 'commission-11-contact-erreurs');
      await email.fill('conventions.inclusion@pasdecalais.fr');
      await service.fill('Direction des Politiques d’Inclusion Durable – Service des conventions');
      // The server refuses what it receives (the request altered on its way): its messages show
      // beside their fields, and what the user typed stays.
      const url = e2e.url('/api/collectivite/convention-contact');
      await page.route(url, (route) =>
        route.continue({
          postData: JSON.stringify({
            ...(route.request().postDataJSON() as object),
            email: 'conventions.inclusion@pasdecalais',
            service: ' ',
          }),
        }),
      );
      try {
        await page.getByRole('button', { name: 'Enregistrer le contact' }).click();
        await waitForText(
          page.getByRole('alert').filter({ hasText: 'Le formulaire contient 2 erreurs' }),
          'Service',
        );
      } finally {
        await page.unroute(url);
      }
      await waitForText(page.locator('#contact-email-erreur'), 'adresse e-mail invalide');
      await waitForText(page.locator('#contact-service-erreur'), 'nom du service attendu');
      assert.equal(await email.inputValue(), 'conventions.inclusion@pasdecalais.fr');
      await screenshot(page, 'commission-12-contact-refus-serveur');
      await assertAccessible(page, 'commission-12-contact-refus-serveur');
      await page.getByRole('button', { name: 'Enregistrer le contact' }).click();
      await waitForPage(page, SESSION_TITLE);
      const saved = documentsOf(page).getByRole('status').filter({ hasText: 'Contact des conventions' });
      await waitForText(saved, 'Contact des conventions enregistré : conventions.inclusion@pasdecalais.fr');
      await waitForText(saved, 'Cet élément ne figure plus dans la liste');
      assert.equal(await missingCount(page), before - 1);
      assert.equal(
        await documentsOf(page)
          .getByRole('link', { name: /: collectivité$/ })
          .count(),
        0,
      );
      assert.equal(
        await documentsOf(page)
          .locator('details.committee-missing > summary', { hasText: 'Collectivité' })
          .count(),
        0,
      );
      await screenshot(page, 'commission-13-contact-enregistre', { fullPage: false });
      assertNoPageErrors(page);
    });
  });

  test('the generation is followed with a progress bar (API answers simulated)', async () => {
    // The dataset cannot be generated (SIRET…): the package's answers are simulated in the browser,
    // to see the button, the progress read every second and the stored documents.
    const url = e2e.url('/api/sessions/2023-06-12/package');
    let polls = 0;
    const job = (status: 'running' | 'done', done: number) => ({
      id: 1,
      status,
      done,
      total: 114,
      current: status === 'running' ? `Convention – structure ${done}` : '',
      error: null,
      startedBy: DIRECTION.login,
      startedAt: '2023-06-13 08:00:00+00',
      finishedAt: status === 'done' ? '2023-06-13 08:01:00+00' : null,
    });
    const stored = {
      id: 7,
      kind: 'deliberation',
      fileName: '02-deliberation-2023-259.pdf',
      mediaType: 'application/pdf',
      structureId: null,
      templateName: 'deliberation.docx',
      templateSha256: 'abcdef0123456789'.repeat(4),
      sha256: '0123456789abcdef'.repeat(4),
      sizeBytes: 53_720,
      generatedAt: '2023-06-13 08:01:00+00',
      generatedBy: DIRECTION.login,
    };
    await page.route(url, async (route) => {
      if (route.request().method() === 'POST') {
        await route.fulfill({ status: 202, json: job('running', 0) });
        return;
      }
      const real = await (await route.fetch()).json();
      polls += 1;
      const started = polls > 1;
      const finished = polls > 4;
      await route.fulfill({
        json: {
          ...real,
          missing: [],
          missingItems: [],
          job: started ? (finished ? job('done', 114) : job('running', polls * 20)) : null,
          stored: finished ? [stored] : [],
        },
      });
    });
    try {
      await onFailureScreenshot(page, 'commission-generation', async () => {
        await page.reload();
        await waitForPage(page, SESSION_TITLE);
        const documents = page.getByRole('region', { name: 'Documents de la séance' });
        const generate = documents.getByRole('button', { name: 'Générer tous les documents' });
        await generate.waitFor();
        assert.equal(await generate.isEnabled(), true);
        await generate.click();
        const progress = documents.getByRole('progressbar', {
          name: /^Génération en cours : \d+ \/ 114 documents/,
        });
        await progress.waitFor();
        await documents
          .getByRole('progressbar', { name: /: [1-9]\d* \/ 114 documents — Convention/ })
          .waitFor();
        await documents.locator('#documents-titre').scrollIntoViewIfNeeded();
        await screenshot(page, 'commission-07-generation', { fullPage: false });
        await waitForText(documents, 'Documents générés le 13/06/2023 à 10:01 par denise.direction', 8000);
        const row = documents.getByRole('row', { name: /02-deliberation-2023-259\.pdf/ });
        await waitForText(row, '52,5 ko');
        await waitForText(row, 'abcdef0123');
        await waitForText(row, '0123456789');
        assert.ok(polls >= 4, `${polls} lectures`);
      });
    } finally {
      await page.unroute(url);
    }
  });

  test('a "lecture" account sees the session without any control to change it', async () => {
    const reader = await signedInPage(e2e, LECTURE, { bypassCSP: true });
    await onFailureScreenshot(reader, 'commission-lecture', async () => {
      await reader.goto(e2e.url('/seances/2023-06-12'));
      await waitForPage(reader, SESSION_TITLE);
      await waitForText(tally(reader).locator('blockquote'), 'Pour : 28 voix');
      await reader.getByRole('heading', { level: 3, name: 'Documents enregistrés' }).waitFor();
      await reader.locator('details > summary', { hasText: 'Tableau des présences' }).click();
      const votes = reader.getByRole('table', { name: /^Vote de chaque élu/ });
      assert.equal(await votes.getByRole('combobox').count(), 0);
      await waitForText(votes.getByRole('row', { name: new RegExp(VOTER) }), 'Pour');
      assert.equal(await reader.getByRole('checkbox').count(), 0);
      assert.equal(await reader.getByRole('button', { name: 'Tous pour' }).count(), 0);
      assert.equal(await reader.getByRole('button', { name: 'Enregistrer les votes' }).count(), 0);
      assert.equal(await reader.getByRole('button', { name: 'Générer tous les documents' }).count(), 0);
      assert.equal(await reader.getByText('Modifier la liste des élus intéressés').count(), 0);
      assert.equal(await reader.getByRole('button', { name: 'Modifier les présences' }).count(), 0);
      assert.equal(
        await reader
          .getByRole('button', { name: 'Modifier les dates de transmission et de publication' })
          .count(),
        0,
      );
      // Still told why nothing can be generated, and able to preview.
      await waitForText(
        reader.getByRole('region', { name: 'Documents de la séance' }),
        /Génération impossible/,
      );
      await reader.getByRole('link', { name: /^Aperçu PDF : Délibération n°2023-259/ }).waitFor();
      assert.match(await textOf(reader.locator('.main-nav')), /Séances/);
      await screenshot(reader, 'commission-06-seance-lecture');
      await assertAccessible(reader, 'commission-06-seance-lecture');
      assertNoPageErrors(reader);
    });
  });
});
