/**
 * The payments a convention prints come from the schedule its payments follow: an operation with a
 * fixed advance and an acompte gives, in each of its conventions, the advance, the acompte and the
 * balance whose sum is the line's amount to the cent, as the payments module computes them. A fixed
 * advance above a structure's subsidy stops nothing silently: the operation is listed as to complete
 * and its conventions are not produced.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import PizZip from 'pizzip';
import { applyBasisPoints, type Cents, cents, formatEuros } from '../../src/kernel/money.ts';
import type { ConventionTerms } from '../../src/modules/calls/index.ts';
import type { LineRecordRow } from '../../src/modules/conventions/index.ts';
import {
  checkPackage,
  PackageIncompleteError,
  previewDocument,
} from '../../src/modules/documents/package/generate-package.ts';
import type { ConventionPlan } from '../../src/modules/documents/package/package-data.ts';
import { termsOf } from '../../src/modules/payments/accounts.ts';
import { computeSchedule, paymentTermsFromConvention } from '../../src/modules/payments/domain/schedule.ts';
import { completeConventionData } from '../support/convention-data.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { pdftotext } from '../support/pdf-text.ts';

const SESSION = '2023-06-12';

/** Spaces as printed (no-break, narrow no-break) made plain, runs of white space collapsed. */
const plain = (text: string) => text.replace(/[\u00a0\u202f\s]+/g, ' ').trim();
const euros = (amount: Cents) => plain(formatEuros(amount));

/** The text of a DOCX, one line per paragraph (a line break inside a paragraph joins its texts). */
function docxText(bytes: Uint8Array): string {
  const xml = new PizZip(bytes).file('word/document.xml')?.asText() ?? '';
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  const paragraphs = document.getElementsByTagName('w:p');
  const lines: string[] = [];
  for (let i = 0; i < paragraphs.length; i += 1) {
    const texts = paragraphs.item(i)?.getElementsByTagName('w:t');
    let line = '';
    for (let j = 0; j < (texts?.length ?? 0); j += 1) line += `${texts?.item(j)?.textContent ?? ''} `;
    lines.push(line);
  }
  return plain(lines.join('\n'));
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  return plain(await pdftotext(bytes));
}

describe("les versements d'une convention, tels que ses paiements les suivront", () => {
  let database: TestDatabase;
  let plans: ConventionPlan[];
  /** A structure whose convention covers one application: its operation and amount. */
  let chosen: { plan: ConventionPlan; operationId: number; amount: Cents };
  /** The smallest amount of the conventions' lines of that operation. */
  let smallest: Cents;

  async function setTerms(terms: ConventionTerms): Promise<ConventionTerms> {
    const [row] = await database.db.query<{ convention_terms: ConventionTerms }>(
      'select convention_terms from operations where id = $1',
      [chosen.operationId],
    );
    const current = row?.convention_terms ?? {};
    const texts = {
      objectives: current.objectives,
      procedure: current.procedure,
      professionalProfile: current.professionalProfile,
      review: current.review,
    };
    const stored = { ...texts, ...terms };
    await database.db.query('update operations set convention_terms = $2 where id = $1', [
      chosen.operationId,
      JSON.stringify(stored),
    ]);
    return stored;
  }

  before(async () => {
    database = await openTestDatabase({ seed: true });
    await completeConventionData(database.db);
    const checked = await checkPackage(database.db, SESSION);
    assert.deepEqual(
      checked.missing.filter((item) => item.kind !== 'session' && item.kind !== 'report'),
      [],
    );
    plans = checked.plans;
    const plan = plans.find((candidate) => candidate.applications.length === 1);
    const application = plan?.applications[0];
    assert.ok(plan && application);
    chosen = { plan, operationId: application.operationId, amount: cents(application.retainedCents ?? 0) };
    smallest = cents(
      Math.min(
        ...plans.flatMap((candidate) =>
          candidate.applications
            .filter((line) => line.operationId === chosen.operationId)
            .map((line) => line.retainedCents ?? 0),
        ),
      ),
    );
  });
  after(async () => database.close());

  test('une avance fixe et un acompte : montants imprimés, leur somme avec le solde = montant de la ligne', async () => {
    // a tenth of the smallest subsidy of the operation, in whole euros: every convention can take it
    const advance = cents(Math.floor(smallest / 10 / 100) * 100);
    assert.ok(advance > 0);
    const stored = await setTerms({
      advanceAmountCents: advance,
      instalments: [{ percent: 20, dueOn: '2023-09-01' }],
    });
    const schedule = computeSchedule(chosen.amount, paymentTermsFromConvention(stored));
    const [advancePart, instalmentPart, balancePart] = schedule.parts;
    assert.ok(advancePart && instalmentPart && balancePart);
    assert.equal(advancePart.amount, advance);
    assert.equal(instalmentPart.amount, applyBasisPoints(chosen.amount, 2000));
    assert.equal(advancePart.amount + instalmentPart.amount + balancePart.amount, chosen.amount);
    // the payments module reads the same terms into the same schedule
    const lineTerms = termsOf({ convention_terms: stored } as unknown as LineRecordRow);
    assert.deepEqual(
      computeSchedule(chosen.amount, lineTerms).parts.map((part) => part.amount),
      schedule.parts.map((part) => part.amount),
    );

    const key = `convention-${chosen.plan.structureId}`;
    const docx = docxText(
      (await previewDocument(database.db, { sessionDate: SESSION, key, format: 'docx' })).bytes,
    );
    const pdf = await pdfText(
      (await previewDocument(database.db, { sessionDate: SESSION, key, format: 'pdf' })).bytes,
    );
    for (const sentence of [
      `Versement d'une avance de ${euros(advancePart.amount)}, à la signature de la convention.`,
      `Versement d'un acompte de ${euros(instalmentPart.amount)} (20 %) à partir du 01/09/2023.`,
      `Versement du solde, au plus ${euros(balancePart.amount)},`,
    ]) {
      assert.ok(docx.includes(sentence), `DOCX : ${sentence}`);
    }
    for (const figure of [advancePart.amount, instalmentPart.amount, balancePart.amount]) {
      assert.ok(pdf.includes(euros(figure)), `PDF : ${euros(figure)}`);
    }
    assert.ok(!docx.includes('(0 %)'));
  });

  test('une avance en pourcentage (12,5 %) et un acompte après la signature ; sans avance, la convention le dit', async () => {
    await setTerms({ advancePercent: 12.5, instalments: [{ percent: 10 }] });
    const key = `convention-${chosen.plan.structureId}`;
    const advance = applyBasisPoints(chosen.amount, 1250);
    const instalment = cents(applyBasisPoints(chosen.amount, 2250) - advance);
    let docx = docxText(
      (await previewDocument(database.db, { sessionDate: SESSION, key, format: 'docx' })).bytes,
    );
    assert.ok(
      docx.includes(`Versement d'une avance de ${euros(advance)} (12,5 %), à la signature de la convention.`),
    );
    assert.ok(
      docx.includes(
        `Versement d'un acompte de ${euros(instalment)} (10 %) après la signature de la convention.`,
      ),
    );
    assert.ok(
      docx.includes(`Versement du solde, au plus ${euros(cents(chosen.amount - advance - instalment))},`),
    );

    await setTerms({ advancePercent: 0 });
    docx = docxText(
      (await previewDocument(database.db, { sessionDate: SESSION, key, format: 'docx' })).bytes,
    );
    assert.ok(docx.includes("Aucune avance n'est versée à la signature de la convention."));
    assert.ok(docx.includes(`Versement du solde, au plus ${euros(chosen.amount)},`));
  });

  test("une avance fixe au-delà d'une subvention : l'opération est à compléter, ses conventions attendent", async () => {
    await setTerms({ advanceAmountCents: chosen.amount + 1 });
    const { missing } = await checkPackage(database.db, SESSION);
    const item = missing.find(
      (candidate) => candidate.kind === 'operation' && candidate.id === chosen.operationId,
    );
    assert.ok(item, JSON.stringify(missing));
    assert.ok(
      item.fields.includes(`avance supérieure au montant de la subvention de ${chosen.plan.structureName}`),
      item.fields.join(' ; '),
    );
    const error = await previewDocument(database.db, {
      sessionDate: SESSION,
      key: `convention-${chosen.plan.structureId}`,
      format: 'docx',
    }).catch((caught: unknown) => caught);
    assert.ok(error instanceof PackageIncompleteError, String(error));
    assert.match(error.message, /avance supérieure au montant de la subvention de/);
    // a convention of another operation is still produced
    const other = plans.find((plan) =>
      plan.applications.every((application) => application.operationId !== chosen.operationId),
    );
    assert.ok(other);
    const preview = await previewDocument(database.db, {
      sessionDate: SESSION,
      key: `convention-${other.structureId}`,
      format: 'docx',
    });
    assert.ok(preview.bytes.length > 0);
  });
});
