/**
 * Conventions after the vote of 12 June 2023, payments and the payment file. Persona: Mme Bérénice
 * Budget (budget: conventions:write, payments:write). Prepared through the services: the dataset
 * completed with what conventions need, the conventions of the session numbered with their lines,
 * the bank details of one structure removed, and its convention (one line, an advance of 50 % in
 * its operation's terms) sent for signature on 20/06/2023.
 *
 * In the browser she opens the convention from the menu, records its signature (26/06/2023 and the
 * signed PDF), requests the advance, which is recorded but blocked for the missing IBAN, the reason
 * shown beside the payment; validating it is refused with that reason; she completes the IBAN and
 * BIC in the bank-details form, validates the advance, then downloads the payment file of the
 * validated payments, which holds the convention's number, the IBAN and the amount; the ledger
 * shows the amount in flight. The audit trail holds the signature, the bank details and the
 * payment's changes under her login. Screenshots in artifacts/screenshots/ and no serious or
 * critical axe-core violation on the pages and forms.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { systemActor } from '../../src/kernel/actor.ts';
import { formatIban } from '../../src/kernel/identifiers.ts';
import { type Cents, formatEuros, formatEurosDecimal } from '../../src/kernel/money.ts';
import { getConvention, sendConventionForSignature } from '../../src/modules/conventions/index.ts';
import { VALID_BIC, VALID_IBAN } from '../../src/modules/payments/domain/payments.fixture.ts';
import { completeConventionData, numberSessionConventions } from '../support/convention-data.ts';
import {
  assertAccessible,
  assertNoPageErrors,
  CALL,
  type E2E,
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

/** The convention the test works on, chosen in prepare(). */
interface Chosen {
  id: number;
  number: string;
  structureId: number;
  structureName: string;
  lineId: number;
  lineAmountCents: number;
}

let chosen: Chosen;

async function prepare(env: E2E): Promise<void> {
  const db = env.database.db;
  await completeConventionData(db);
  assert.ok((await numberSessionConventions(db)) > 0, 'lignes de convention créées');
  const [session] = await db.query<{ id: number }>(
    "select id from committee_sessions where session_date = '2023-06-12'",
  );
  assert.ok(session, 'séance du 12/06/2023');
  // A convention of one line, so that its advance is the only one to request.
  const [convention] = await db.query<{
    id: number;
    number: string;
    structure_id: number;
    structure_name: string;
  }>(
    `select c.id, c.number, c.structure_id, s.legal_name as structure_name
       from conventions c
       join structures s on s.id = c.structure_id
       join convention_lines l on l.convention_id = c.id
      where c.session_id = $1
      group by c.id, c.number, c.structure_id, s.legal_name
      having count(l.id) = 1
      order by c.number
      limit 1`,
    [session.id],
  );
  assert.ok(convention, 'une convention d’une seule ligne');
  const [line] = await db.query<{ id: number; amount_cents: number; advance: string | null }>(
    `select l.id, l.amount_cents, o.convention_terms->>'advancePercent' as advance
       from convention_lines l
       join applications a on a.id = l.application_id
       join operations o on o.id = a.operation_id
      where l.convention_id = $1`,
    [convention.id],
  );
  assert.ok(line, 'ligne de la convention');
  assert.ok(Number(line.advance) > 0, `avance des conditions de convention : ${line.advance}`);
  chosen = {
    id: Number(convention.id),
    number: convention.number,
    structureId: Number(convention.structure_id),
    structureName: convention.structure_name,
    lineId: Number(line.id),
    lineAmountCents: Number(line.amount_cents),
  };
  // The structure has not produced its RIB yet.
  await db.query('update structures set iban = null, bic = null where id = $1', [chosen.structureId]);
  const draft = await getConvention(db, chosen.id);
  const sent = await sendConventionForSignature(db, systemActor('gestionnaire des conventions'), chosen.id, {
    on: '2023-06-20',
    version: draft.version,
  });
  assert.equal(sent.state, 'sent_for_signature');
}

const e2e = setUpE2E({ prepare });

/** The budget persona's page, kept from one test to the next as one person would browse. */
let page: Page;
let paymentId: number;

/** A small valid PDF, as a scanner would give it. */
function signedPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>',
  ];
  const stream = 'BT /F1 12 Tf 72 770 Td (Convention signee) Tj ET';
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  }
  offsets.push(body.length);
  body += `4 0 obj\n<< /Length ${stream.length} >>\nstream\n${stream}\nendstream\nendobj\n`;
  const xref = body.length;
  body += `xref\n0 5\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function region(of: Page, name: string) {
  return of.getByRole('region', { name, exact: true });
}

function paymentRow(of: Page) {
  return of.locator(`#versement-${paymentId}`);
}

describe('Conventions et versements : signature, avance bloquée faute d’IBAN, fichier de paiement', () => {
  test('the budget role opens the convention from the menu', async () => {
    page = await signedInPage(e2e, PERSONAS.budget, { bypassCSP: true });
    await onFailureScreenshot(page, 'conventions-liste', async () => {
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Conventions', exact: true })
        .click();
      await waitForPage(page, 'Conventions');
      await waitForText(page.locator('.results-count'), /conventions trouvées/);
      await page.getByLabel('Rechercher').fill(chosen.number);
      await waitForText(page.locator('.results-count'), /^1 convention trouvée$/);
      const row = page.getByRole('row', { name: new RegExp(chosen.number) });
      await waitForText(row, 'Envoyée pour signature');
      await waitForText(row, chosen.structureName);
      await waitForText(row, frenchText(formatEuros(chosen.lineAmountCents as Cents)));
      await screenshot(page, 'conventions-01-liste');
      await assertAccessible(page, 'conventions-01-liste');
      await row.getByRole('link', { name: chosen.number }).click();
      await waitForPage(page, `Convention ${chosen.number}`);
      // The bank details are missing: said in the bank-details section.
      await waitForText(region(page, 'Coordonnées bancaires'), 'IBAN');
      await waitForText(
        region(page, 'Coordonnées bancaires').locator('.notice'),
        /Coordonnées bancaires inutilisables/,
      );
      await screenshot(page, 'conventions-02-convention-envoyee');
      await assertAccessible(page, 'conventions-02-convention-envoyee');
      assertNoPageErrors(page);
    });
  });

  test('she records the signature: its date and the signed PDF', async () => {
    await onFailureScreenshot(page, 'conventions-signature', async () => {
      const actions = region(page, 'Actions');
      await actions.getByRole('button', { name: 'Enregistrer la signature' }).click();
      const form = page.getByRole('form', { name: 'Signature de la convention' });
      await form.waitFor();
      await form.getByLabel('Date de signature').fill('26/06/2023');
      await form.getByLabel('Convention signée (PDF)').setInputFiles({
        name: `convention-${chosen.number}-signee.pdf`,
        mimeType: 'application/pdf',
        buffer: signedPdf(),
      });
      await screenshot(page, 'conventions-03-signature', { fullPage: false });
      await assertAccessible(page, 'conventions-03-signature');
      await form.getByRole('button', { name: 'Enregistrer la signature' }).click();
      await waitForText(
        page.getByRole('status').filter({ hasText: 'Signature de la convention' }),
        'signée le 26/06/2023',
      );
      await waitForText(page.getByRole('heading', { level: 1 }), 'Signée');
      const header = page.locator('.convention-header');
      await waitForText(header, '26/06/2023');
      await header
        .getByRole('link', { name: new RegExp(`convention-${chosen.number}-signee\\.pdf`) })
        .waitFor();
      assertNoPageErrors(page);
    });
  });

  test('the advance is requested, recorded but blocked for the missing IBAN', async () => {
    await onFailureScreenshot(page, 'conventions-avance-bloquee', async () => {
      const schedule = page.getByRole('table', { name: /^Échéancier des versements/ });
      const advance = schedule.getByRole('row', { name: /^Avance/ });
      await advance.getByRole('button', { name: /^Demander le versement/ }).click();
      const notice = page.getByRole('status').filter({ hasText: 'Avance de' });
      await waitForText(notice, /demandée : versement n°\d+\. Il est bloqué : .*IBAN/);
      paymentId = Number(/versement n°(\d+)/.exec(await textOf(notice))?.[1]);
      assert.ok(paymentId > 0, 'numéro du versement');
      // The reason is shown beside the payment, and the schedule links to it.
      await waitForText(paymentRow(page), 'Demandé');
      await waitForText(paymentRow(page).locator('.convention-blockers'), /Bloqué.*IBAN de la structure/);
      await waitForText(advance, `Versement n°${paymentId}`);
      // Refused when validated, with the reason.
      await paymentRow(page)
        .getByRole('button', { name: `Valider le versement n°${paymentId}` })
        .click();
      const refusal = page.getByRole('alert').filter({ hasText: `Versement n°${paymentId} bloqué` });
      await waitForText(refusal, /IBAN de la structure n'est pas renseigné/);
      await waitForText(paymentRow(page), 'Demandé');
      await paymentRow(page).scrollIntoViewIfNeeded();
      await screenshot(page, 'conventions-04-avance-bloquee', { fullPage: false });
      await assertAccessible(page, 'conventions-04-avance-bloquee');
      assertNoPageErrors(page);
    });
  });

  test('she completes the bank details, then validates the advance', async () => {
    await onFailureScreenshot(page, 'conventions-rib', async () => {
      const bank = region(page, 'Coordonnées bancaires');
      await bank.getByRole('button', { name: 'Modifier les coordonnées bancaires' }).click();
      const iban = bank.getByLabel('IBAN', { exact: true });
      // A wrong key is refused as typed, beside the field.
      await iban.fill('FR7630006000011234567890188');
      await bank.getByLabel('BIC', { exact: true }).fill(VALID_BIC);
      await waitForText(page.locator('#banque-iban-erreur'), 'clé');
      assert.equal(await iban.getAttribute('aria-invalid'), 'true');
      await screenshot(page, 'conventions-05-rib-erreur', { fullPage: false });
      await assertAccessible(page, 'conventions-05-rib-erreur');
      await iban.fill(formatIban(VALID_IBAN));
      await page.locator('#banque-iban-erreur .field-error').waitFor({ state: 'detached' });
      await bank.getByRole('button', { name: 'Enregistrer les coordonnées bancaires' }).click();
      await waitForText(
        bank.getByRole('status'),
        `Coordonnées bancaires de ${chosen.structureName} enregistrées`,
      );
      await waitForText(bank, formatIban(VALID_IBAN));
      await bank.locator('.notice--warning').waitFor({ state: 'detached' });
      // The payment is no longer blocked once the convention is read again.
      await paymentRow(page).locator('.convention-blockers').waitFor({ state: 'detached' });
      await paymentRow(page)
        .getByRole('button', { name: `Valider le versement n°${paymentId}` })
        .click();
      await waitForText(
        region(page, 'Versements').getByRole('status'),
        `Versement validé : versement n°${paymentId}`,
      );
      await waitForText(paymentRow(page), 'Validé');
      await paymentRow(page)
        .getByRole('button', { name: `Transmettre le versement n°${paymentId}` })
        .waitFor();
      await paymentRow(page).scrollIntoViewIfNeeded();
      await screenshot(page, 'conventions-06-avance-validee', { fullPage: false });
      await screenshot(page, 'conventions-07-convention-signee');
      await assertAccessible(page, 'conventions-07-convention-signee');
      assertNoPageErrors(page);
    });
  });

  test('the payment file of the validated payments holds the convention, the IBAN and the amount', async () => {
    await onFailureScreenshot(page, 'conventions-fichier', async () => {
      const [payment] = await e2e.database.db.query<{ amount_cents: number }>(
        'select amount_cents from payments where id = $1',
        [paymentId],
      );
      assert.ok(payment);
      const amount = Number(payment.amount_cents) as Cents;
      assert.equal(amount, Math.round(chosen.lineAmountCents / 2));
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Versements', exact: true })
        .click();
      await waitForPage(page, 'Versements');
      assert.equal(await page.getByLabel('État').inputValue(), 'validated');
      const row = page.getByRole('row', { name: new RegExp(`n°${paymentId}\\b`) });
      await waitForText(row, chosen.number);
      await waitForText(row, formatIban(VALID_IBAN));
      await waitForText(row, frenchText(formatEuros(amount)));
      await screenshot(page, 'conventions-08-versements');
      await assertAccessible(page, 'conventions-08-versements');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Fichier de paiement CSV' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /\.csv$/);
      const path = await download.path();
      const csv = await readFile(path, 'utf8');
      const lines = csv.split(/\r?\n/).filter((line) => line.includes(chosen.number));
      assert.equal(lines.length, 1, csv);
      const [line] = lines;
      assert.ok(line?.includes(VALID_IBAN), line);
      assert.ok(line?.includes(formatEurosDecimal(amount)), `${line} — ${formatEurosDecimal(amount)}`);
      assertNoPageErrors(page);
    });
  });

  test('the ledger shows the advance in flight', async () => {
    await onFailureScreenshot(page, 'conventions-suivi', async () => {
      await page
        .getByRole('navigation', { name: 'Menu principal' })
        .getByRole('link', { name: 'Suivi financier', exact: true })
        .click();
      await waitForPage(page, 'Suivi financier');
      const table = page.getByRole('table', { name: new RegExp(`^Suivi financier de l’appel ${CALL}`) });
      const row = table.getByRole('row', { name: new RegExp(chosen.number) });
      await waitForText(row, frenchText(formatEuros(Math.round(chosen.lineAmountCents / 2) as Cents)));
      await table.locator('tfoot').getByText('Total').waitFor();
      await screenshot(page, 'conventions-09-suivi-financier');
      await assertAccessible(page, 'conventions-09-suivi-financier');
      assertNoPageErrors(page);
    });
  });

  test('the audit trail holds her signature, bank details and payment changes', async () => {
    const rows = await e2e.database.db.query<{ action: string; entity: string; entity_id: string }>(
      'select action, entity, entity_id from audit_log where actor_login = $1 order by id',
      [PERSONAS.budget.login],
    );
    const trail = rows.map((row) => `${row.entity}:${row.entity_id}:${row.action}`);
    const has = (entity: string, id: number, action: RegExp) =>
      rows.some((row) => row.entity === entity && Number(row.entity_id) === id && action.test(row.action));
    assert.ok(has('convention', chosen.id, /sign/), normalise(trail.join(' ')));
    assert.ok(has('structure', chosen.structureId, /.+/), normalise(trail.join(' ')));
    assert.ok(has('payment', paymentId, /request/), normalise(trail.join(' ')));
    assert.ok(has('payment', paymentId, /validat/), normalise(trail.join(' ')));
    // The signed PDF is kept with the signature.
    const files = await e2e.database.db.query<{ file_name: string; uploaded_by: string }>(
      'select file_name, uploaded_by from convention_files where convention_id = $1',
      [chosen.id],
    );
    assert.deepEqual(
      files.map((file) => [file.file_name, file.uploaded_by]),
      [[`convention-${chosen.number}-signee.pdf`, PERSONAS.budget.login]],
    );
  });
});
