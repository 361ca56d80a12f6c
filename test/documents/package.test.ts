/**
 * The package of the session of 12 June 2023: every amount and total of the generated DOCX, PDF
 * and XLSX equals the database's, the specification's figures appear where the deliberation has
 * them, no convention keeps a placeholder, hostile text comes out literally, and nothing is
 * generated while data is missing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import ExcelJS from 'exceljs';
import PizZip from 'pizzip';
import { systemActor } from '../../src/kernel/actor.ts';
import { type Cents, formatEuros, sumCents } from '../../src/kernel/money.ts';
import { listCallApplications } from '../../src/modules/applications/index.ts';
import { loadDataset } from '../../src/modules/datasets/load-dataset.ts';
import {
  generateSessionPackage,
  listStoredDocuments,
  type PackageFile,
  PackageIncompleteError,
  previewDocument,
} from '../../src/modules/documents/package/generate-package.ts';
import { migrate } from '../../src/platform/migrations.ts';
import { completeConventionData } from '../support/convention-data.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { pdftotext } from '../support/pdf-text.ts';

const ACTOR = systemActor('test des documents');
const HOSTILE = 'Asso <b>&amp; ]]> {nom} {#x} { MERGEFIELD x } =SUM(A1) « Œuvre »';
const HOSTILE_LABEL = '=HYPERLINK("http://x") <w:t>]]></w:t> {/operations} {{ PAGE }} & « action »';

/** Spaces as printed (no-break, narrow no-break) made plain, runs of white space collapsed. */
const plain = (text: string) => text.replace(/[\u00a0\u202f\s]+/g, ' ').trim();

/** The text of a DOCX: its paragraphs' w:t, one line per paragraph (XML entities decoded). */
function docxText(bytes: Uint8Array): string {
  const xml = new PizZip(bytes).file('word/document.xml')?.asText() ?? '';
  const document = new DOMParser().parseFromString(xml, 'text/xml');
  assert.equal(
    document.getElementsByTagName('parsererror').length,
    0,
    'document.xml doit être du XML valide',
  );
  const paragraphs = document.getElementsByTagName('w:p');
  const lines: string[] = [];
  for (let i = 0; i < paragraphs.length; i += 1) {
    const texts = paragraphs.item(i)?.getElementsByTagName('w:t');
    let line = '';
    for (let j = 0; j < (texts?.length ?? 0); j += 1) line += texts?.item(j)?.textContent ?? '';
    lines.push(line);
  }
  return plain(lines.join('\n'));
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  return plain(await pdftotext(bytes));
}

const euros = (amount: Cents) => plain(formatEuros(amount));

describe('le dossier de la séance du 12 juin 2023', () => {
  let database: TestDatabase;
  let files: PackageFile[];
  const byName = (pattern: RegExp) => {
    const file = files.find((candidate) => pattern.test(candidate.name));
    assert.ok(file, `fichier attendu : ${pattern}`);
    return file;
  };

  before(async () => {
    database = await openTestDatabase();
    await migrate(database.db);
    await loadDataset(database.db);
  });
  after(async () => database.close());

  test("rien n'est produit tant qu'il manque des données, et la liste dit quoi pour qui", async () => {
    const error = await generateSessionPackage(database.db, {
      sessionDate: '2023-06-12',
      actor: ACTOR,
    }).catch((caught: unknown) => caught);
    assert.ok(error instanceof PackageIncompleteError);
    const subjects = error.missing.map((item) => item.subject);
    assert.ok(subjects.includes('collectivité'));
    assert.ok(subjects.some((subject) => subject.startsWith('opération 1.1')));
    assert.ok(subjects.some((subject) => subject.startsWith('structure « ')));
    assert.match(error.message, /SIRET/);
    const stored = await database.db.query('select 1 from generated_documents');
    assert.equal(stored.length, 0);
    const numbered = await database.db.query('select 1 from conventions');
    assert.equal(numbered.length, 0);
  });

  test('une fois les données complétées, tout le dossier est produit et enregistré', async () => {
    await completeConventionData(database.db, { hostileName: HOSTILE });
    // and an application's label, which the convention prints as its action
    await database.db.query(
      `update applications set label = $1 where id = (select min(a.id) from applications a
         join report_applications r on r.application_id = a.id where a.kind = 'convention' and a.retained_cents > 0)`,
      [HOSTILE_LABEL],
    );
    const progress: number[] = [];
    const result = await generateSessionPackage(database.db, {
      sessionDate: '2023-06-12',
      actor: ACTOR,
      onProgress: ({ done }) => progress.push(done),
    });
    files = result.files;
    assert.ok(result.conventions > 90, `${result.conventions} conventions`);
    assert.deepEqual(
      progress,
      progress.map((_, index) => index + 1),
    );
    const stored = await listStoredDocuments(
      database.db,
      (await database.db.query<{ id: number }>('select id from committee_sessions'))[0]?.id ?? 0,
    );
    assert.equal(stored.length, files.length);
    for (const document of stored) {
      const file = files.find((candidate) => candidate.name === document.fileName);
      assert.equal(document.sha256, file?.sha256);
      if (document.fileName.endsWith('.docx')) assert.match(document.templateSha256 ?? '', /^[0-9a-f]{64}$/);
    }
  });

  test('le rapport et la délibération portent les chiffres de la spécification', async () => {
    const report = docxText(byName(/^01-rapport-42\.docx$/).bytes);
    for (const figure of [
      '6 801 643,00',
      '2 303 965,28',
      '115 069,00',
      '2 188 896,28',
      '7 048 182,00',
      '5 234 159,10',
      '1 814 022,90',
    ]) {
      assert.ok(report.includes(figure), `rapport : ${figure}`);
    }
    const deliberation = docxText(byName(/^02-deliberation-2023-259\.docx$/).bytes);
    assert.ok(deliberation.includes('115 069,00 €'));
    assert.ok(deliberation.includes('5 234 159,10 €'));
    assert.ok(
      deliberation.includes(
        plain(
          'Pour : 28 voix (Groupe Socialiste, Républicain et Citoyen ; Groupe Communiste et Républicain ; Groupe Union pour le Pas-de-Calais ; Groupe Rassemblement National ; Non-inscrit) Contre : 0 voix Abstention : 13 voix',
        ),
      ),
      'délibération : le décompte',
    );
    assert.ok(deliberation.includes('(Adopté)'));
    assert.ok(deliberation.includes('Absents sans délégation de vote : 2'));
    assert.ok(deliberation.includes("intéressés à l'affaire, n'ont pris part ni au débat, ni au vote"));
    const pdf = await pdfText(byName(/^02-deliberation-2023-259\.pdf$/).bytes);
    for (const figure of [
      '115 069,00',
      '5 234 159,10',
      'Pour : 28 voix',
      'Abstention : 13 voix',
      '(Adopté)',
    ]) {
      assert.ok(pdf.includes(figure), `PDF de la délibération : ${figure}`);
    }
    const reportPdf = await pdfText(byName(/^01-rapport-42\.pdf$/).bytes);
    for (const figure of ['2 188 896,28', '1 814 022,90'])
      assert.ok(reportPdf.includes(figure), `PDF du rapport : ${figure}`);
  });

  test("l'annexe 3 en DOCX, PDF et XLSX : chaque montant et chaque total à 0 centime près de la base", async () => {
    const [call] = await database.db.query<{ id: number }>(
      "select id from calls where code = 'DPID-2023-P2'",
    );
    const applications = await listCallApplications(database.db, Number(call?.id), ACTOR);
    const lines = applications.filter((application) =>
      ['proposed', 'voted', 'postponed'].includes(application.state),
    );
    const total = sumCents(lines.map((line) => (line.retainedCents ?? 0) as Cents));
    const docx = docxText(byName(/04-annexe-3.*\.docx$/).bytes);
    const pdf = await pdfText(byName(/04-annexe-3.*\.pdf$/).bytes);
    assert.ok(docx.includes(euros(total)), `total ${euros(total)} dans le DOCX`);
    assert.ok(pdf.includes(euros(total)), `total ${euros(total)} dans le PDF`);
    for (const figure of ['115 069,00 €', '5 234 159,10 €', '17 920,00 €', '1 233 180,00 €', '82 000,00 €']) {
      assert.ok(docx.includes(figure), `DOCX : ${figure}`);
      assert.ok(pdf.includes(figure), `PDF : ${figure}`);
    }
    for (const line of lines) assert.ok(docx.includes(euros((line.retainedCents ?? 0) as Cents)));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(byName(/04-annexe-3.*\.xlsx$/).bytes as unknown as ArrayBuffer);
    let hostileCell = false;
    let hostileLabelCell = false;
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.value === HOSTILE || cell.value === HOSTILE_LABEL) {
            if (cell.value === HOSTILE_LABEL) hostileLabelCell = true;
            else hostileCell = true;
            assert.equal(
              cell.type,
              ExcelJS.ValueType.String,
              'le nom hostile reste un texte, pas une formule',
            );
          }
        }),
      ),
    );
    assert.ok(hostileCell, 'le nom hostile est une cellule de texte, tel quel');
    assert.ok(hostileLabelCell, 'le libellé hostile aussi');
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    let linesCents = 0;
    let grandTotal: unknown = null;
    sheet.eachRow((row) => {
      const kind = row.getCell(10).value;
      if (kind === 'Convention' || kind === 'Avenant')
        linesCents += Math.round(Number(row.getCell(9).value) * 100);
      if (row.getCell(1).value === 'TOTAL') grandTotal = (row.getCell(9).value as { result?: number }).result;
    });
    assert.equal(linesCents, total, 'somme des lignes du classeur = total de la base, au centime');
    assert.equal(Math.round(Number(grandTotal) * 100), total, 'TOTAL du classeur = total de la base');
  });

  test('aucune convention ne garde un champ à compléter ; montants, numéros et texte hostile tels quels', async () => {
    const conventions = files.filter((file) => file.kind === 'convention' && file.name.endsWith('.docx'));
    assert.ok(conventions.length > 90);
    const numbers = new Set<string>();
    for (const file of conventions) {
      const text = docxText(file.bytes);
      for (const leftover of ['XXXX', 'A COMPLETER', 'A ANNEXER', '[...]', '……', '{{', '{/', '{#']) {
        if (leftover.startsWith('{') && text.includes(HOSTILE)) continue;
        assert.ok(!text.includes(leftover), `${file.name} contient « ${leftover} »`);
      }
      const number = /2023-\d{4}/.exec(file.name)?.[0];
      assert.ok(number && text.includes(number), `${file.name} porte son numéro`);
      numbers.add(number);
    }
    assert.equal(numbers.size, conventions.length, 'un numéro par convention');
    const labelled = conventions.find((file) => docxText(file.bytes).includes(plain(HOSTILE_LABEL)));
    assert.ok(labelled, "le libellé hostile d'une demande apparaît tel quel dans sa convention");
    const labelledPdf = files.find((file) => file.name === labelled.name.replace(/\.docx$/, '.pdf'));
    assert.ok(
      labelledPdf && (await pdfText(labelledPdf.bytes)).includes(plain(HOSTILE_LABEL)),
      'et dans son PDF',
    );
    const hostile = conventions.find((file) => docxText(file.bytes).includes(HOSTILE));
    assert.ok(hostile, 'le nom hostile apparaît tel quel dans sa convention');
    const hostilePdf = files.find((file) => file.name === hostile.name.replace(/\.docx$/, '.pdf'));
    assert.ok(hostilePdf);
    assert.ok((await pdfText(hostilePdf.bytes)).includes(plain(HOSTILE)), 'et dans son PDF');
    const zip = new PizZip(byName(/^06-conventions-2023-06-12\.zip$/).bytes);
    assert.equal(Object.keys(zip.files).length, conventions.length * 2);
  });

  test('un aperçu après la génération reprend le numéro donné à la convention', async () => {
    const [convention] = await database.db.query<{ structure_id: number; number: string }>(
      'select structure_id, number from conventions order by number limit 1',
    );
    assert.ok(convention);
    const preview = await previewDocument(database.db, {
      sessionDate: '2023-06-12',
      key: `convention-${convention.structure_id}`,
      format: 'docx',
    });
    assert.ok(docxText(preview.bytes).includes(convention.number));
    const count = await database.db.query('select 1 from conventions');
    assert.equal(count.length, files.filter((file) => file.kind === 'convention').length / 2);
    // the generation gave each convention its lines: one per application it covers, same amounts
    const [lines] = await database.db.query<{ lines: number; total: number }>(
      'select count(*)::int as lines, coalesce(sum(amount_cents), 0)::bigint as total from convention_lines',
    );
    const [expected] = await database.db.query<{ lines: number; total: number }>(
      `select count(*)::int as lines, coalesce(sum(a.retained_cents), 0)::bigint as total
         from applications a join report_applications r on r.application_id = a.id
        where a.kind = 'convention' and a.state in ('proposed', 'voted') and a.retained_cents > 0`,
    );
    assert.deepEqual(lines, expected);
  });
});
