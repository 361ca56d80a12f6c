import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { DomainError } from '../../../kernel/errors.ts';
import {
  buildDocx,
  esc,
  euros,
  NUMBERING,
  PAGE_BREAK,
  para,
  run,
  STYLES,
  sampleDeliberation,
  table,
} from './docx-fixture.ts';
import { readDocx } from './docx-reader.ts';
import { docxToPdf, type PdfMeta } from './docx-to-pdf.ts';
import { fontDirectory } from './fonts.ts';
import { breakLines } from './line-breaker.ts';
import type { Inline, Paragraph, RunStyle } from './model.ts';

const run$ = promisify(execFile);
const META: PdfMeta = {
  title: 'Délibération n° 42 — « Inclusion 2023 »',
  author: 'Département du Pas-de-Calais',
  subject: 'Commission Permanente',
  date: new Date(Date.UTC(2023, 5, 12, 9, 30)),
};

let folder = '';
let counter = 0;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'inclusio-pdf-'));
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

async function tool(name: 'pdftotext' | 'pdfinfo', args: string[]): Promise<string> {
  try {
    const { stdout } = await run$(name, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${name} is missing: these tests need poppler-utils (apt-get install poppler-utils)`);
    }
    throw error;
  }
}

async function save(pdf: Buffer): Promise<string> {
  const file = join(folder, `doc-${++counter}.pdf`);
  await writeFile(file, pdf);
  return file;
}

/** The text of each page (pdftotext -layout; pages end with a form feed). */
async function pages(pdf: Buffer): Promise<string[]> {
  const text = await tool('pdftotext', ['-layout', await save(pdf), '-']);
  const list = text.split('\f');
  if (list[list.length - 1]?.trim() === '') list.pop();
  return list;
}

async function page(pdf: Buffer, n: number): Promise<string> {
  return tool('pdftotext', ['-layout', '-f', String(n), '-l', String(n), await save(pdf), '-']);
}

/** The non-empty lines of a page's text, the footer ("N / M" and what precedes it) excluded. */
function bodyLines(text: string, footerLines = 1): string[] {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.slice(0, Math.max(0, lines.length - footerLines));
}

/** The PDF's compressed streams, inflated (content streams, ToUnicode maps…). */
function streams(pdf: Buffer): string[] {
  const found: string[] = [];
  const raw = pdf.toString('latin1');
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      found.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream (the XMP metadata)
    }
  }
  return found;
}

/** The code points the fonts' ToUnicode maps give (what text extraction returns for each glyph). */
function toUnicode(pdf: Buffer): Set<number> {
  const points = new Set<number>();
  for (const text of streams(pdf).filter((t) => t.includes('beginbfrange'))) {
    for (const hex of text.matchAll(/<([0-9a-f]{4})>/gi)) points.add(Number.parseInt(hex[1] ?? '0', 16));
  }
  return points;
}

/** Every font size set in the content streams (`/F1 10 Tf`). */
function fontSizes(pdf: Buffer): Set<number> {
  const sizes = new Set<number>();
  for (const text of streams(pdf)) {
    for (const m of text.matchAll(/\/F\d+ ([\d.]+) Tf/g)) sizes.add(Number(m[1]));
  }
  return sizes;
}

function render(
  body: string,
  extra: { footer?: string; numbering?: string; sectPr?: string } = {},
): Promise<Buffer> {
  return docxToPdf(buildDocx({ body, ...extra }), META);
}

describe('docxToPdf: text', () => {
  test('French text, amounts formatted by Intl fr-FR and hostile text come out literally', async () => {
    const amount = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(1234.56);
    assert.equal(amount, '1\u202f234,56\u00a0€');
    const hostile = '<b>&amp; ]]> {tag} {#loop} =SUM(A1) { MERGEFIELD x }';
    const pdf = await render(
      [
        para('Délibération de la Commission Permanente', { style: 'Title' }),
        para('Élève, garçon, œuvre, à côté, Noël, « guillemets », l’apostrophe, déjà-vu.'),
        para(`Montant accordé : ${amount}`),
        para(hostile),
        para(
          `${run('Gras', { b: true })}${run(' ')}${run('italique', { i: true })}${run(' ')}${run('souligné', { u: true })}`,
          {},
          true,
        ),
      ].join(''),
    );
    const text = await page(pdf, 1);
    assert.match(text, /DÉLIBÉRATION DE LA COMMISSION PERMANENTE/, 'Title has w:caps');
    assert.ok(
      text.includes('Élève, garçon, œuvre, à côté, Noël, « guillemets », l’apostrophe, déjà-vu.'),
      text,
    );
    // pdftotext (poppler) prints every Unicode space as U+0020; the PDF itself maps the glyph to U+202F.
    assert.ok(text.includes('Montant accordé : 1 234,56 €'), text);
    assert.ok(toUnicode(pdf).has(0x202f), 'U+202F in the ToUnicode map');
    assert.ok(toUnicode(pdf).has(0x00a0), 'U+00A0 in the ToUnicode map');
    assert.ok(text.includes(hostile), text);
    assert.ok(text.includes('Gras italique souligné'), text);
  });

  test('hyperlinks, content controls, smart tags and inserted text print; field codes, deletions and hidden text do not', async () => {
    const body = [
      `<w:p><w:hyperlink r:id="rId9"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>www.pasdecalais.fr</w:t></w:r></w:hyperlink></w:p>`,
      `<w:sdt><w:sdtPr><w:alias w:val="x"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Contenu du contrôle</w:t></w:r></w:p></w:sdtContent></w:sdt>`,
      `<w:p><w:smartTag w:uri="u" w:element="e"><w:r><w:t xml:space="preserve">Balise </w:t></w:r></w:smartTag><w:ins w:id="1" w:author="a"><w:r><w:t>insérée</w:t></w:r></w:ins><w:del w:id="2" w:author="a"><w:r><w:delText>supprimée</w:delText></w:r></w:del></w:p>`,
      `<w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> MERGEFIELD secret </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>résultat</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>caché</w:t></w:r></w:p>`,
      `<w:p><w:r><w:t>Avant</w:t></w:r><w:unknownThing><w:r><w:t xml:space="preserve"> inconnu </w:t></w:r></w:unknownThing><w:r><w:t>après</w:t></w:r></w:p>`,
    ].join('');
    const text = await page(await render(body), 1);
    for (const expected of [
      'www.pasdecalais.fr',
      'Contenu du contrôle',
      'Balise insérée',
      'Page résultat',
      'Avant inconnu après',
    ]) {
      assert.ok(text.includes(expected), `${expected} in\n${text}`);
    }
    for (const absent of ['supprimée', 'MERGEFIELD', 'secret', 'caché'])
      assert.ok(!text.includes(absent), absent);
  });

  test('a line break w:br keeps the text on the page; lists are labelled', async () => {
    const body = [
      `<w:p><w:r><w:t>Première ligne</w:t><w:br/><w:t>Deuxième ligne</w:t></w:r></w:p>`,
      para('Puce un', { style: 'ListBullet' }),
      para('Numéro un', { numId: 1 }),
      para('Numéro deux', { numId: 1 }),
      para('Lettre a', { numId: 1, ilvl: 1 }),
      para('Numéro trois', { numId: 1 }),
      para('Puce numérotée', { numId: 2 }),
    ].join('');
    const lines = bodyLines(await page(await render(body, { numbering: NUMBERING }), 1));
    assert.deepEqual(
      lines.map((l) => l.replace(/\s+/g, ' ')),
      [
        'Première ligne',
        'Deuxième ligne',
        '• Puce un',
        '1. Numéro un',
        '2. Numéro deux',
        'a) Lettre a',
        '3. Numéro trois',
        '• Puce numérotée',
      ],
    );
  });
});

describe('docxToPdf: pages', () => {
  test('a page break w:br w:type="page" starts a new page', async () => {
    const pdf = await render(
      [
        para('Texte avant le saut'),
        `<w:p><w:r><w:t>Fin de page</w:t><w:br w:type="page"/><w:t>Début de page</w:t></w:r></w:p>`,
        PAGE_BREAK,
        para('Troisième page'),
      ].join(''),
    );
    const list = await pages(pdf);
    assert.equal(list.length, 3);
    assert.deepEqual(bodyLines(list[0] ?? ''), ['Texte avant le saut', 'Fin de page']);
    assert.deepEqual(bodyLines(list[1] ?? ''), ['Début de page']);
    assert.deepEqual(bodyLines(list[2] ?? ''), ['Troisième page']);
  });

  test('pageBreakBefore starts a new page, but not an empty one', async () => {
    const pdf = await render(
      [para('Premier', { pageBreakBefore: true }), para('Second', { pageBreakBefore: true })].join(''),
    );
    const list = await pages(pdf);
    assert.equal(list.length, 2);
    assert.deepEqual(bodyLines(list[0] ?? ''), ['Premier']);
  });

  test('every page has "N / M" and the plain text of the DOCX footer (its page number fields replaced)', async () => {
    const body = Array.from({ length: 160 }, (_, i) => para(`Ligne de remplissage ${i + 1}`)).join('');
    const pdf = await render(body, {
      footer: [
        `<w:p><w:r><w:t xml:space="preserve">Département du Pas-de-Calais – </w:t></w:r><w:fldSimple w:instr=" DATE "><w:r><w:t>01/01/2000</w:t></w:r></w:fldSimple><w:r><w:t>séance</w:t></w:r></w:p>`,
        `<w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> / </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> NUMPAGES </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`,
      ].join(''),
    });
    const list = await pages(pdf);
    assert.ok(list.length >= 3, `${list.length} pages`);
    list.forEach((text, index) => {
      const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      assert.equal(lines[lines.length - 1], `${index + 1} / ${list.length}`);
      assert.equal(lines[lines.length - 2], 'Département du Pas-de-Calais – séance');
      assert.ok(!text.includes('Page'), 'the page number paragraph of the DOCX is replaced');
    });
  });

  test('page size and margins come from w:sectPr', async () => {
    const landscape =
      '<w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/><w:pgMar w:top="720" w:right="720" w:bottom="720" w:left="720" w:footer="360"/></w:sectPr>';
    const pdf = await render(para('Paysage'), { sectPr: landscape });
    const info = await tool('pdfinfo', [await save(pdf)]);
    assert.match(info, /Page size:\s+841\.9 x 595\.3 pts/);
  });
});

describe('docxToPdf: headings are kept with what follows', () => {
  const filler = (n: number): string =>
    Array.from({ length: n }, (_, i) => para(`Remplissage ${i + 1}`, { after: 0 })).join('');
  const follow = para(
    'Premier paragraphe de la section, assez long pour occuper plusieurs lignes de texte justifié sur la page, afin que ses deux premières lignes ne tiennent plus en bas de page lorsque le titre y tiendrait encore seul.',
  );

  test('sweeping the heading down page 1: it is never the last line of a page', async () => {
    // Capacity of page 1 in filler lines.
    const capacity = bodyLines((await pages(await render(filler(120))))[0] ?? '').length;
    let pushed = 0;
    for (let n = capacity - 8; n <= capacity; n++) {
      const list = await pages(
        await render(filler(n) + para('Titre témoin', { style: 'Heading1' }) + follow),
      );
      for (const text of list) {
        const lines = bodyLines(text);
        assert.notEqual(lines[lines.length - 1], 'Titre témoin', `n = ${n}`);
      }
      const first = bodyLines(list[0] ?? '');
      // The heading alone (≈ 3 filler lines with its spacing) would have fitted on page 1: it was moved.
      if (!first.includes('Titre témoin') && first.length <= capacity - 4) pushed++;
    }
    assert.ok(pushed > 0, 'the sweep met a heading that fitted alone and was moved with its paragraph');
  });

  test('a chain of headings (Heading1, Heading2) moves together', async () => {
    const capacity = bodyLines((await pages(await render(filler(120))))[0] ?? '').length;
    for (let n = capacity - 9; n <= capacity; n++) {
      const body =
        filler(n) + para('Chapitre', { style: 'Heading1' }) + para('Section', { style: 'Heading2' }) + follow;
      const list = await pages(await render(body));
      for (const text of list) {
        const lines = bodyLines(text);
        const last = lines[lines.length - 1];
        assert.ok(last !== 'Chapitre' && last !== 'Section', `n = ${n}: page ends with ${last}`);
      }
    }
  });
});

describe('docxToPdf: tables', () => {
  const rows = 150;
  const header = {
    header: true,
    cells: [
      { text: 'NumLigne', fill: 'D9D9D9' },
      { text: 'Libellé entête', fill: 'D9D9D9' },
      { text: 'Montant', fill: 'D9D9D9', jc: 'right' as const },
    ],
  };
  const tokens = (r: number): string[] =>
    r % 5 === 0 ? [`R${r}a`, `R${r}b`, `R${r}c`, `R${r}d`, `R${r}e`] : [`R${r}a`, `R${r}b`];
  const cellText = (r: number): string => {
    const t = tokens(r);
    // Rows divisible by 5 wrap to 2-3 lines in their 6 cm column.
    return r % 5 === 0
      ? `${t[0]} association intercommunale ${t[1]} pour l’insertion ${t[2]} et la formation ${t[3]} des jeunes du bassin ${t[4]}`
      : `${t[0]} structure ${t[1]}`;
  };
  let list: string[] = [];

  before(async () => {
    const body = [
      para('Annexe : répartition', { style: 'Heading1' }),
      table(
        [1400, 3400, 2000],
        [
          header,
          ...Array.from({ length: rows }, (_, i) => ({
            cells: [String(i + 1), cellText(i + 1), { text: euros((i + 1) * 123_456), jc: 'right' as const }],
          })),
        ],
      ),
    ].join('');
    list = await pages(await render(body));
  });

  test('a table of 150 rows runs over several pages, its header row on each', () => {
    assert.ok(list.length >= 3, `${list.length} pages`);
    list.forEach((text, index) => {
      assert.ok(text.includes('Libellé entête'), `header on page ${index + 1}`);
      assert.equal(text.split('Libellé entête').length - 1, 1, `header once on page ${index + 1}`);
    });
  });

  test('no row is split between two pages', () => {
    for (let r = 1; r <= rows; r++) {
      const where = tokens(r).map((token) => {
        const found = list.flatMap((text, index) => (new RegExp(`\\b${token}\\b`).test(text) ? [index] : []));
        assert.equal(found.length, 1, `${token} printed once`);
        return found[0];
      });
      assert.equal(new Set(where).size, 1, `row ${r} on one page: ${where.join(',')}`);
    }
  });

  test('wrapped rows do wrap (2-3 lines)', () => {
    const all = list.join('\n');
    const lineOf = (token: string): number =>
      all.split('\n').findIndex((l) => new RegExp(`\\b${token}\\b`).test(l));
    assert.ok(lineOf('R10e') > lineOf('R10a'), 'row 10 wraps');
    assert.ok(lineOf('R11b') === lineOf('R11a'), 'row 11 does not');
  });

  test('a row taller than a page is split rather than lost', async () => {
    const tall = Array.from({ length: 90 }, (_, i) => `Ligne ${i + 1} de la cellule`).join('\n');
    const pdf = await render(
      table([4000, 4000], [{ header: true, cells: ['Col A', 'Col B'] }, { cells: [tall, 'court'] }]),
    );
    const text = (await pages(pdf)).join('\n');
    for (let i = 1; i <= 90; i++) assert.ok(text.includes(`Ligne ${i} de la cellule`), `line ${i}`);
  });

  test('grid wider than the text is scaled; spans, shading and nested tables print their text', async () => {
    const nested = `<w:tbl><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid><w:tr><w:tc>${para('Interne')}</w:tc></w:tr></w:tbl>`;
    const body = `${table(
      [6000, 6000, 6000],
      [{ cells: [{ text: 'Fusionnée sur deux colonnes', span: 2, fill: 'EEEEEE' }, 'Trois'] }],
    ).replace(
      '</w:tbl>',
      `<w:tr><w:tc>${para('Externe')}${nested}</w:tc><w:tc>${para('B')}</w:tc><w:tc>${para('C')}</w:tc></w:tr></w:tbl>`,
    )}`;
    const text = await page(await render(body), 1);
    for (const expected of ['Fusionnée sur deux colonnes', 'Trois', 'Externe', 'Interne']) {
      assert.ok(text.includes(expected), `${expected} in\n${text}`);
    }
  });
});

describe('docxToPdf: odd input does not break the layout', () => {
  test('empty body, empty and gridless tables, huge text, wide spans, negative indents', async () => {
    const empty = await pages(await render(''));
    assert.equal(empty.length, 1);
    assert.equal(bodyLines(empty[0] ?? '').length, 0);

    const body = [
      '<w:tbl><w:tblPr/></w:tbl>',
      '<w:tbl><w:tr></w:tr></w:tbl>',
      `<w:tbl><w:tr><w:tc>${para('Sans grille A')}</w:tc><w:tc>${para('Sans grille B')}</w:tc></w:tr></w:tbl>`,
      table([2000], [{ cells: [{ text: 'Déborde de la grille', span: 5 }, 'Encore'] }]),
      table([3000, 3000], [{ header: true, cells: ['Seulement', 'des entêtes'] }]),
      para(run('Énorme', { sz: 200 }), {}, true),
      para(run('X', { sz: 2400 }), {}, true),
      `<w:p><w:pPr><w:ind w:left="-2000" w:hanging="4000"/></w:pPr><w:r><w:t>Retrait négatif</w:t></w:r></w:p>`,
      table([9000], [{ cells: ['Cellule'] }]).replace(
        '<w:t xml:space="preserve">Cellule</w:t>',
        '<w:t xml:space="preserve">Cellule</w:t></w:r><w:r><w:rPr><w:sz w:val="2000"/></w:rPr><w:t>G</w:t>',
      ),
      para('Titre final sans suite', { style: 'Heading1' }),
    ].join('');
    const text = (await pages(await render(body))).join('\n');
    for (const expected of [
      'Sans grille A',
      'Sans grille B',
      'Déborde de la grille',
      'Encore',
      'des entêtes',
      'Énorme',
      'Retrait négatif',
      'Cellule',
      'Titre final sans suite',
    ]) {
      assert.ok(text.includes(expected), expected);
    }
  });
});

describe('docxToPdf: document properties', () => {
  test('the same DOCX and meta give the same bytes', async () => {
    const docx = sampleDeliberation({ rows: 30, sections: 2 });
    const a = await docxToPdf(docx, META);
    const b = await docxToPdf(docx, META);
    assert.ok(a.equals(b));
    const other = await docxToPdf(docx, { ...META, date: new Date(Date.UTC(2024, 0, 1)) });
    assert.ok(!a.equals(other));
  });

  test('information, language, tagging and fonts', async () => {
    const pdf = await docxToPdf(sampleDeliberation({ rows: 5, sections: 1 }), META);
    const info = await tool('pdfinfo', [await save(pdf)]);
    assert.match(info, /Title:\s+Délibération n° 42 — « Inclusion 2023 »/);
    assert.match(info, /Author:\s+Département du Pas-de-Calais/);
    assert.match(info, /Subject:\s+Commission Permanente/);
    assert.match(info, /CreationDate:\s+Mon Jun 12 09:30:00 2023 UTC/);
    assert.match(info, /ModDate:\s+Mon Jun 12 09:30:00 2023 UTC/);
    assert.match(info, /Tagged:\s+yes/);
    const raw = pdf.toString('latin1');
    assert.ok(raw.includes('/Lang (fr-FR)'));
    assert.ok(raw.includes('/DisplayDocTitle true'));
    assert.match(raw, /\/FontName \/[A-Z]{6}\+DejaVuSans-Bold\b/);
    const english = (
      await docxToPdf(buildDocx({ body: para('Hello') }), { ...META, language: 'en-GB' })
    ).toString('latin1');
    assert.ok(english.includes('/Lang (en-GB)'));
  });

  test('the text is drawn at the sizes of the styles and the footer only', async () => {
    const pdf = await docxToPdf(sampleDeliberation({ rows: 12, sections: 1 }), META);
    // Title 16, Heading1 14, Subtitle and Heading2 12, Heading3 11, body 10, footer 8.
    assert.deepEqual(
      [...fontSizes(pdf)].sort((a, b) => a - b),
      [8, 10, 11, 12, 14, 16],
    );
  });

  test('the structure tree has headings, lists and tables (header cells TH)', async () => {
    const pdf = await docxToPdf(sampleDeliberation({ rows: 60, sections: 1 }), META);
    const tree = await tool('pdfinfo', ['-struct', await save(pdf)]);
    for (const tag of [
      'Document',
      'H1',
      'H2',
      'H3',
      'P',
      'L',
      'LI',
      'Lbl',
      'LBody',
      'Table',
      'TR',
      'TH',
      'TD',
    ]) {
      assert.match(tree, new RegExp(`^\\s*${tag}\\b`, 'm'), tag);
    }
    // One TR per row: the header row once (its repeats on later pages are artifacts), 60 rows, the total.
    assert.equal(tree.match(/^\s*TR\b/gm)?.length, 62);
  });

  test('a file that is not a DOCX is refused with a French message', async () => {
    await assert.rejects(docxToPdf(new Uint8Array([1, 2, 3]), META), (error: unknown) => {
      return error instanceof DomainError && error.code === 'docx_invalid' && /illisible/.test(error.message);
    });
  });

  test('the fonts come from the dejavu-fonts-ttf package', () => {
    assert.match(fontDirectory(), /dejavu-fonts-ttf[/\\]ttf$/);
  });
});

describe('readDocx', () => {
  const only = (xml: string, styles = STYLES): Paragraph => {
    const block = readDocx(buildDocx({ body: xml, styles })).blocks[0];
    assert.ok(block?.kind === 'paragraph');
    return block;
  };

  test('styles: styles.xml, basedOn, direct formatting overrides, unknown id falls back to Normal', () => {
    const heading = only(para('T', { style: 'Heading1' }));
    assert.equal(heading.props.headingLevel, 0);
    assert.equal(heading.props.keepNext, true);
    assert.equal(heading.props.spaceBefore, 18);
    assert.equal(heading.inlines[0]?.kind === 'text' && heading.inlines[0].style.size, 14);
    assert.equal(heading.inlines[0]?.kind === 'text' && heading.inlines[0].style.bold, true);
    const direct = only(
      para(run('x', { sz: 30, color: 'FF0000' }), { style: 'Heading1', jc: 'right', before: 0 }, true),
    );
    assert.equal(direct.props.align, 'right');
    assert.equal(direct.props.spaceBefore, 0);
    assert.equal(direct.inlines[0]?.kind === 'text' && direct.inlines[0].style.size, 15);
    assert.equal(direct.inlines[0]?.kind === 'text' && direct.inlines[0].style.color, 'FF0000');
    const unknown = only(para('x', { style: 'NoSuchStyle' }));
    assert.equal(unknown.props.align, 'justify', 'Normal is justified in the fixture styles');
    assert.equal(unknown.props.spaceAfter, 6, 'docDefaults');
  });

  test('a French Word style id is recognised by its built-in name; built-ins apply without styles.xml entries', () => {
    const styles = STYLES.replace('w:styleId="Heading2"', 'w:styleId="Titre2"');
    const french = only(para('T', { style: 'Titre2' }), styles);
    assert.equal(french.props.headingLevel, 1);
    const bare = `<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`;
    const builtin = only(para('T', { style: 'Heading3' }), bare);
    assert.equal(builtin.props.headingLevel, 2);
    assert.equal(builtin.props.keepNext, true);
    assert.equal(builtin.inlines[0]?.kind === 'text' && builtin.inlines[0].style.bold, true);
  });

  test('text: xml:space, tabs, breaks, symbols, caps', () => {
    const p = only(
      `<w:p><w:r><w:rPr><w:caps/></w:rPr><w:t>  état  </w:t></w:r><w:r><w:tab/><w:t xml:space="preserve"> a </w:t><w:noBreakHyphen/><w:sym w:font="Symbol" w:char="F0B7"/><w:br/><w:t> \u00a0€ </w:t></w:r></w:p>`,
    );
    assert.deepEqual(
      p.inlines.map((i) => (i.kind === 'text' ? i.text : i.kind)),
      ['ÉTAT', 'tab', ' a \u2011•', 'lineBreak', '\u00a0€'],
    );
  });

  test('page setup defaults to A4 with 2.5 cm margins', () => {
    const doc = readDocx(buildDocx({ body: para('x'), sectPr: '<w:sectPr/>' }));
    assert.equal(Math.round(doc.page.width * 10) / 10, 595.3);
    assert.equal(Math.round(doc.page.height * 10) / 10, 841.9);
    assert.equal(Math.round(doc.page.marginLeft * 100) / 100, 70.85);
  });
});

describe('breakLines', () => {
  const style: RunStyle = {
    bold: false,
    italic: false,
    underline: false,
    strike: false,
    size: 10,
    color: '000000',
  };
  // A monospaced measure: 5 pt per character.
  const measure = (text: string): number => [...text].length * 5;
  const options = {
    firstWidth: 100,
    width: 100,
    firstOrigin: 0,
    origin: 0,
    align: 'left' as const,
    lineSpacing: { rule: 'auto' as const, factor: 1 },
    markStyle: style,
  };
  const text = (t: string): Inline[] => [{ kind: 'text', text: t, style }];
  const lineTexts = (inlines: Inline[], opts = options): string[] =>
    breakLines(inlines, opts, measure).map((l) => l.pieces.map((p) => p.text).join('|'));

  test('breaks at spaces, never at no-break spaces; a hyphen may break', () => {
    assert.deepEqual(lineTexts(text('aaaa bbbb cccc dddd eeee')), ['aaaa bbbb cccc dddd', 'eeee']);
    assert.deepEqual(lineTexts(text('1\u202f234,56\u00a0€ 1\u202f234,56\u00a0€ x')), [
      '1\u202f234,56\u00a0€',
      '1\u202f234,56\u00a0€ x',
    ]);
    assert.deepEqual(lineTexts(text('aaaaaaaaa Pas-de-Calais')), ['aaaaaaaaa Pas-de-', 'Calais']);
  });

  test('a word longer than the line is cut', () => {
    assert.deepEqual(lineTexts(text('x'.repeat(45))), ['x'.repeat(20), 'x'.repeat(20), 'x'.repeat(5)]);
  });

  test('justified lines fill the width, the last one does not; right alignment', () => {
    const lines = breakLines(text('aa bb cc dd ee ff gg hh ii'), { ...options, align: 'justify' }, measure);
    const first = lines[0];
    assert.ok(first);
    const lastPiece = first.pieces[first.pieces.length - 1];
    assert.ok(lastPiece);
    assert.equal(Math.round(lastPiece.x + measure(lastPiece.text.trimEnd())), 100);
    assert.equal(lines[lines.length - 1]?.pieces[0]?.x, 0);
    const right = breakLines(text('abc'), { ...options, align: 'right' }, measure);
    assert.equal(right[0]?.pieces[0]?.x, 85);
  });

  test('an empty paragraph is one line of its mark size', () => {
    const lines = breakLines([], options, measure);
    assert.equal(lines.length, 1);
    assert.ok((lines[0]?.height ?? 0) > 10);
  });
});

describe('docxToPdf: sample document', () => {
  test('a 40-page deliberation lays out on 38 to 46 pages (its time is measured by npm run bench)', async () => {
    const docx = sampleDeliberation({ rows: 800, sections: 24 });
    const pdf = await docxToPdf(docx, META);
    const count = (await pages(pdf)).length;
    assert.ok(count >= 38 && count <= 46, `${count} pages`);
    const check = process.env.PDF_CHECK_DIR;
    if (check) {
      await mkdir(check, { recursive: true });
      await writeFile(join(check, 'sample.pdf'), await docxToPdf(sampleDeliberation(), META));
    }
  });

  test('fixture helpers escape XML', () => {
    assert.equal(esc('<a & "b">'), '&lt;a &amp; &quot;b&quot;&gt;');
  });
});
