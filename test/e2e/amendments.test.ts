/**
 * Avenants and termination of conventions. Persona: Mme Denise Direction (direction:
 * conventions:write and committee:write). Prepared through the services: the dataset completed with
 * what conventions need, the conventions of the session of 12 June 2023 numbered with their lines,
 * and two conventions of one line sent for signature and signed (with a small PDF); on the second
 * one the advance is already paid (requested, validated, sent and paid today).
 *
 * In the browser she opens the first convention, proposes an amendment lowering its line's amount
 * from a date inside its period with a justification, previews it (the explanation and the budget
 * delta appear), saves it (listed as "Proposé à la commission" with its DOCX and PDF documents, the
 * PDF answering as a PDF), then records its vote: the line's amount in force changes. On the second
 * convention she records a termination at the structure's request: the form shows the effective
 * date one clear month after the notification; once saved the convention is "Résiliée" and, if the
 * advance paid exceeds what the period carried out is worth, the recovery order appears in
 * "Titres de recettes". Screenshots in artifacts/screenshots/ and no serious or critical axe-core
 * violation on each significant state.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { systemActor } from '../../src/kernel/actor.ts';
import { parsePlainDate } from '../../src/kernel/dates.ts';
import { type Cents, formatEuros } from '../../src/kernel/money.ts';
import { terminationEffectiveDate } from '../../src/modules/conventions/domain/lifecycle.ts';
import {
  getConvention,
  previewAmendment,
  sendConventionForSignature,
  signConvention,
} from '../../src/modules/conventions/index.ts';
import {
  getConventionDetail,
  markPaymentPaid,
  requestPayment,
  sendPayment,
  validatePayment,
} from '../../src/modules/payments/index.ts';
import { completeConventionData, numberSessionConventions } from '../support/convention-data.ts';
import {
  assertAccessible,
  assertNoPageErrors,
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

const ACTOR = systemActor('gestionnaire des conventions');
const SIGNED_ON = '2023-06-26';
/** A few days after the signature: the structure's request, received by registered letter. */
const NOTIFICATION_ON = '2023-07-03';
const JUSTIFICATION = 'Places non pourvues à compter de cette date';
const DELIBERATION = 'Délibération n°2023-412';

/** Today in Paris, as the server and the forms count it. */
function todayIso(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** 2023-07-03 → 03/07/2023 */
function frenchDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** An amount as typed in a form: 1234567 → "12345,67". */
function typedEuros(amountCents: number): string {
  return `${Math.trunc(amountCents / 100)},${String(amountCents % 100).padStart(2, '0')}`;
}

function euros(amountCents: number): RegExp {
  return frenchText(formatEuros(amountCents as Cents));
}

/** A convention of the test, chosen and prepared in prepare(). */
interface Chosen {
  id: number;
  number: string;
  lineId: number;
  lineAmountCents: number;
  budgetLineCode: string;
  periodStart: string;
  periodEnd: string;
}

let amended: Chosen;
let terminated: Chosen;
let advanceCents: number;

async function signedConvention(env: E2E, id: number): Promise<void> {
  const db = env.database.db;
  const draft = await getConvention(db, id);
  const sent = await sendConventionForSignature(db, ACTOR, id, { on: '2023-06-20', version: draft.version });
  const signed = await signConvention(db, ACTOR, id, {
    signedOn: SIGNED_ON,
    version: sent.version,
    fileName: 'convention-signee.pdf',
    content: Buffer.from('%PDF-1.4\n% convention signée\n%%EOF\n', 'latin1'),
  });
  assert.equal(signed.state, 'signed');
}

async function chosenOf(env: E2E, id: number, number: string): Promise<Chosen> {
  const detail = await getConventionDetail(env.database.db, id);
  const [line] = detail.lines;
  assert.equal(detail.lines.length, 1, `une seule ligne à ${number}`);
  assert.ok(line, `ligne de ${number}`);
  assert.ok(detail.period, `période de ${number}`);
  return {
    id,
    number,
    lineId: line.id,
    lineAmountCents: line.amountCents,
    budgetLineCode: line.budgetLineCode,
    periodStart: detail.period.start,
    periodEnd: detail.period.end,
  };
}

async function prepare(env: E2E): Promise<void> {
  const db = env.database.db;
  await completeConventionData(db);
  assert.ok((await numberSessionConventions(db)) > 0, 'lignes de convention créées');
  const conventions = await db.query<{ id: number; number: string }>(
    `select c.id, c.number
       from conventions c
       join committee_sessions s on s.id = c.session_id
       join convention_lines l on l.convention_id = c.id
      where s.session_date = '2023-06-12'
      group by c.id, c.number
     having count(l.id) = 1 and min(l.amount_cents) >= 1000000
      order by c.number
      limit 2`,
  );
  assert.equal(conventions.length, 2, 'deux conventions d’une ligne de la séance du 12/06/2023');
  const [first, second] = conventions as [{ id: number; number: string }, { id: number; number: string }];
  for (const { id } of conventions) await signedConvention(env, Number(id));
  amended = await chosenOf(env, Number(first.id), first.number);
  terminated = await chosenOf(env, Number(second.id), second.number);

  // The advance of the second convention, paid today.
  const { payment } = await requestPayment(db, ACTOR, {
    conventionLineId: terminated.lineId,
    part: 'advance',
    idempotencyKey: 'e2e-avenants-avance',
  });
  assert.deepEqual(payment.blockers, [], 'avance sans blocage');
  await validatePayment(db, ACTOR, payment.id);
  await sendPayment(db, ACTOR, payment.id);
  const paid = await markPaymentPaid(db, ACTOR, payment.id, {
    paidOn: todayIso(),
    financeReference: 'M-E2E-AVENANTS',
  });
  assert.equal(paid.state, 'paid');
  advanceCents = paid.amountCents;
}

const e2e = setUpE2E({ prepare });

/** The direction persona's page, kept from one test to the next as one person would browse. */
let page: Page;

function region(of: Page, name: string) {
  return of.getByRole('region', { name, exact: true });
}

function amendmentBlock(of: Page, rank: number) {
  return region(of, 'Avenants')
    .locator('article.convention-amendment')
    .filter({ has: of.getByRole('heading', { level: 3, name: new RegExp(`^Avenant n°${rank}\\b`) }) });
}

function amountInForce(of: Page) {
  return region(of, 'Lignes de la convention')
    .locator('.convention-line .description-list__item')
    .filter({ hasText: 'Montant en vigueur' });
}

async function openConvention(of: Page, convention: Chosen): Promise<void> {
  await of.goto(e2e.url(`/conventions/${convention.id}`));
  await waitForPage(of, new RegExp(`Convention ${convention.number}`));
}

describe('Avenants et résiliation des conventions', () => {
  /** The date the amendment takes effect: the first of a month well inside the line's period. */
  let effectiveFrom: string;
  let newAmountCents: number;

  test('the direction persona previews an amendment of the first convention', async () => {
    page = await signedInPage(e2e, PERSONAS.direction, { bypassCSP: true });
    await onFailureScreenshot(page, 'amendments-apercu', async () => {
      await openConvention(page, amended);
      await waitForText(page.getByRole('heading', { level: 1 }), 'Signée');
      await waitForText(amountInForce(page), euros(amended.lineAmountCents));
      await waitForText(region(page, 'Avenants'), 'Aucun avenant.');
      await screenshot(page, 'amendments-01-convention-signee');
      await assertAccessible(page, 'amendments-01-convention-signee');

      // Four months after the start of the period, or its middle if it is shorter.
      const start = new Date(`${amended.periodStart}T00:00:00Z`);
      const end = new Date(`${amended.periodEnd}T00:00:00Z`);
      const candidate = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 4, 1));
      const chosenDate =
        candidate < end ? candidate : new Date((start.getTime() + end.getTime()) / 2 + 43_200_000);
      effectiveFrom = chosenDate.toISOString().slice(0, 10);
      assert.ok(effectiveFrom > amended.periodStart && effectiveFrom < amended.periodEnd, effectiveFrom);
      newAmountCents = amended.lineAmountCents - 100_000;

      await region(page, 'Avenants').getByRole('button', { name: 'Proposer un avenant' }).click();
      const form = page.getByRole('form', { name: 'Proposer un avenant' });
      await form.waitFor();
      await form.getByLabel('Prend effet le').fill(frenchDate(effectiveFrom));
      await form.getByLabel('Montant après avenant (€)').fill(typedEuros(newAmountCents));
      await form.getByLabel('Justification').fill(JUSTIFICATION);
      await form.getByRole('button', { name: 'Calculer l’avenant' }).click();

      const preview = form.locator('.convention-preview');
      await waitForText(preview, 'Aperçu de l’avenant (non enregistré)');
      // What the server computes, nothing saved: the test reads it to know what to expect.
      const expected = await previewAmendment(e2e.database.db, amended.id, {
        effectiveFrom,
        changes: [
          { conventionLineId: amended.lineId, amountCents: newAmountCents, justification: JUSTIFICATION },
        ],
      });
      assert.equal(expected.deltaCents, newAmountCents - amended.lineAmountCents);
      await waitForText(preview.locator('.computed__value'), euros(newAmountCents));
      await waitForText(preview.locator('.computed__value'), euros(expected.deltaCents));
      const firstStep = expected.explanation.split(/(?<=\.)\s+(?=[A-ZÉÈÀ])/u)[0] ?? '';
      assert.ok(firstStep.length > 0, 'explication de l’avenant');
      assert.ok(
        normalise(await textOf(preview)).includes(normalise(firstStep)),
        `explication « ${firstStep} » absente de l’aperçu : ${await textOf(preview)}`,
      );
      const budget = preview.locator('.convention-budget-deltas li');
      await waitForText(budget, amended.budgetLineCode);
      await waitForText(budget, euros(expected.deltaCents));
      await waitForText(budget, 'rendu à la ligne une fois l’avenant voté');
      await waitForText(preview, `Justification : ${JUSTIFICATION}`);
      await screenshot(page, 'amendments-02-apercu');
      await assertAccessible(page, 'amendments-02-apercu');
      assertNoPageErrors(page);
    });
  });

  test('she saves it: proposed to the committee, with its DOCX and PDF documents', async () => {
    await onFailureScreenshot(page, 'amendments-propose', async () => {
      const form = page.getByRole('form', { name: 'Proposer un avenant' });
      await form.getByRole('button', { name: 'Enregistrer l’avenant' }).click();
      await form.waitFor({ state: 'detached' });
      await waitForText(region(page, 'Avenants').getByRole('status'), /Avenant n°1 proposé/);
      const block = amendmentBlock(page, 1);
      await waitForText(block.getByRole('heading', { level: 3 }), 'Proposé à la commission');
      await waitForText(block, frenchDate(effectiveFrom));
      await waitForText(block, euros(newAmountCents));
      await waitForText(block, JUSTIFICATION);
      // The line keeps its amount until the vote.
      await waitForText(amountInForce(page), euros(amended.lineAmountCents));

      const docx = block.getByRole('link', { name: /^DOCX/ });
      const pdf = block.getByRole('link', { name: /^PDF/ });
      const docxHref = await docx.getAttribute('href');
      const pdfHref = await pdf.getAttribute('href');
      assert.match(docxHref ?? '', /^\/api\/amendments\/\d+\/document\?format=docx$/);
      assert.match(pdfHref ?? '', /^\/api\/amendments\/\d+\/document\?format=pdf$/);
      const response = await page.context().request.get(e2e.url(pdfHref ?? ''));
      assert.equal(response.status(), 200, `PDF de l’avenant : ${response.status()}`);
      assert.match(response.headers()['content-type'] ?? '', /^application\/pdf/);
      assert.equal((await response.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      const docxResponse = await page.context().request.get(e2e.url(docxHref ?? ''));
      assert.equal(docxResponse.status(), 200, `DOCX de l’avenant : ${docxResponse.status()}`);

      await screenshot(page, 'amendments-03-propose');
      await assertAccessible(page, 'amendments-03-propose');
      assertNoPageErrors(page);
    });
  });

  test('she records its vote: the amount in force of the line changes', async () => {
    await onFailureScreenshot(page, 'amendments-vote', async () => {
      const block = amendmentBlock(page, 1);
      await block.getByRole('button', { name: /^Enregistrer le vote/ }).click();
      const form = page.getByRole('form', { name: 'Vote de l’avenant n°1 par la Commission Permanente' });
      await form.waitFor();
      const today = frenchDate(todayIso());
      assert.equal(await form.getByLabel('Voté le').inputValue(), today);
      await form.getByLabel('Délibération').fill(DELIBERATION);
      await screenshot(page, 'amendments-04-vote', { fullPage: false });
      await assertAccessible(page, 'amendments-04-vote');
      await form.getByRole('button', { name: 'Enregistrer le vote', exact: true }).click();
      await waitForText(region(page, 'Avenants').getByRole('status'), `Avenant n°1 voté le ${today}`);
      await waitForText(amendmentBlock(page, 1).getByRole('heading', { level: 3 }), /Voté/);
      await waitForText(amendmentBlock(page, 1), DELIBERATION);
      await waitForText(amountInForce(page), euros(newAmountCents));
      const detail = await getConventionDetail(e2e.database.db, amended.id);
      assert.equal(detail.lines[0]?.amountCents, newAmountCents);
      await screenshot(page, 'amendments-05-vote-enregistre');
      await assertAccessible(page, 'amendments-05-vote-enregistre');
      assertNoPageErrors(page);
    });
  });

  test('on the second convention she records a termination at the structure’s request', async () => {
    await onFailureScreenshot(page, 'amendments-resiliation', async () => {
      await openConvention(page, terminated);
      await waitForText(page.getByRole('heading', { level: 1 }), 'Signée');
      await region(page, 'Actions').getByRole('button', { name: 'Résilier la convention' }).click();
      const form = page.getByRole('form', { name: 'Résiliation de la convention' });
      await form.waitFor();
      await form.getByLabel("Résiliation à la demande de l'organisme").check();
      await form.getByLabel('Réception de la notification').fill(frenchDate(NOTIFICATION_ON));
      const effectiveOn = terminationEffectiveDate('at_structure_request', parsePlainDate(NOTIFICATION_ON));
      assert.ok(effectiveOn > NOTIFICATION_ON);
      await waitForText(
        form.locator('.computed__explanation'),
        `la résiliation prend effet le ${frenchDate(effectiveOn)}`,
      );
      await screenshot(page, 'amendments-06-resiliation', { fullPage: false });
      await assertAccessible(page, 'amendments-06-resiliation');

      await form.getByRole('button', { name: 'Enregistrer la résiliation' }).click();
      await form.waitFor({ state: 'detached' });
      await waitForText(
        region(page, 'Actions').getByRole('status'),
        `Résiliation de la convention ${terminated.number} enregistrée ; elle prend effet le ${frenchDate(effectiveOn)}.`,
      );
      await waitForText(page.getByRole('heading', { level: 1 }), 'Résiliée');

      const detail = await getConventionDetail(e2e.database.db, terminated.id);
      assert.equal(detail.state, 'terminated');
      assert.equal(detail.termination?.effectiveOn, effectiveOn);
      const cap = detail.lines[0]?.terminationCap;
      assert.ok(cap, 'plafond de la période exécutée');
      const orders = detail.recoveryOrders.filter((order) => order.reason === 'termination');
      const recoveries = region(page, 'Titres de recettes');
      if (advanceCents > cap.amountCents) {
        assert.equal(orders.length, 1, 'un titre de recettes de résiliation');
        const [order] = orders as [(typeof orders)[number]];
        assert.equal(order.amountCents, advanceCents - cap.amountCents);
        await waitForText(region(page, 'Actions').getByRole('status'), /1 titre\(s\) de recettes émis/);
        const row = recoveries.locator(`#titre-${order.id}`);
        await waitForText(row, order.reasonLabel);
        await waitForText(row, euros(order.amountCents));
        await waitForText(row, order.stateLabel);
      } else {
        assert.equal(orders.length, 0, 'aucun titre : l’avance ne dépasse pas la période exécutée');
        await waitForText(recoveries, 'Aucun titre de recettes');
      }
      await screenshot(page, 'amendments-07-resiliee');
      await assertAccessible(page, 'amendments-07-resiliee');
      assertNoPageErrors(page);
    });
  });
});
