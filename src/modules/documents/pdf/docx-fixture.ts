/**
 * Test helper: builds small DOCX packages in memory (pizzip) from WordprocessingML snippets, and a
 * sample French administrative document. Used by the tests and the benchmark of this folder only.
 */
import PizZip from 'pizzip';

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/** Escapes text for an XML text node or attribute. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface RunOptions {
  b?: boolean;
  i?: boolean;
  u?: boolean;
  caps?: boolean;
  sz?: number;
  color?: string;
}

export function run(text: string, options: RunOptions = {}): string {
  const props = [
    options.b ? '<w:b/>' : '',
    options.i ? '<w:i/>' : '',
    options.caps ? '<w:caps/>' : '',
    options.color ? `<w:color w:val="${options.color}"/>` : '',
    options.sz ? `<w:sz w:val="${options.sz}"/>` : '',
    options.u ? '<w:u w:val="single"/>' : '',
  ].join('');
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(text)}</w:t></w:r>`;
}

export interface ParagraphOptions {
  style?: string;
  jc?: 'left' | 'center' | 'right' | 'both';
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  before?: number;
  after?: number;
  numId?: number;
  ilvl?: number;
}

/** A paragraph: `content` is either plain text (one run) or ready-made run XML. */
export function para(content: string, options: ParagraphOptions = {}, raw = false): string {
  const props = [
    options.style ? `<w:pStyle w:val="${options.style}"/>` : '',
    options.keepNext ? '<w:keepNext/>' : '',
    options.pageBreakBefore ? '<w:pageBreakBefore/>' : '',
    options.numId !== undefined
      ? `<w:numPr><w:ilvl w:val="${options.ilvl ?? 0}"/><w:numId w:val="${options.numId}"/></w:numPr>`
      : '',
    options.before !== undefined || options.after !== undefined
      ? `<w:spacing${options.before !== undefined ? ` w:before="${options.before}"` : ''}${options.after !== undefined ? ` w:after="${options.after}"` : ''}/>`
      : '',
    options.jc ? `<w:jc w:val="${options.jc}"/>` : '',
  ].join('');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${raw ? content : content ? run(content) : ''}</w:p>`;
}

export interface CellSpec {
  text: string;
  fill?: string;
  jc?: 'left' | 'center' | 'right';
  span?: number;
  bold?: boolean;
}

export function table(
  grid: number[],
  rows: { header?: boolean; cells: (string | CellSpec)[] }[],
  options: { indent?: number } = {},
): string {
  const tblPr = `<w:tblPr><w:tblW w:w="0" w:type="auto"/>${options.indent ? `<w:tblInd w:w="${options.indent}" w:type="dxa"/>` : ''}</w:tblPr>`;
  const tblGrid = `<w:tblGrid>${grid.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>`;
  const trs = rows.map((row) => {
    const trPr = row.header
      ? '<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>'
      : '<w:trPr><w:cantSplit/></w:trPr>';
    const tcs = row.cells.map((cell) => {
      const spec: CellSpec = typeof cell === 'string' ? { text: cell } : cell;
      const tcPr = [
        spec.span ? `<w:gridSpan w:val="${spec.span}"/>` : '',
        spec.fill ? `<w:shd w:val="clear" w:color="auto" w:fill="${spec.fill}"/>` : '',
        '<w:vAlign w:val="center"/>',
      ].join('');
      const paragraphs = spec.text
        .split('\n')
        .map((line) =>
          para(run(line, { b: spec.bold ?? row.header }), { jc: spec.jc ?? 'left', after: 0 }, true),
        )
        .join('');
      return `<w:tc><w:tcPr>${tcPr}</w:tcPr>${paragraphs}</w:tc>`;
    });
    return `<w:tr>${trPr}${tcs.join('')}</w:tr>`;
  });
  return `<w:tbl>${tblPr}${tblGrid}${trs.join('')}</w:tbl>`;
}

export const PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>';

/** A styles.xml in the spirit of a département's template. */
export const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W_NS}">
  <w:docDefaults>
    <w:rPrDefault><w:rPr><w:sz w:val="20"/><w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault>
    <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:pPr><w:jc w:val="both"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:keepNext/><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:caps/><w:sz w:val="32"/><w:color w:val="1F3864"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:spacing w:after="240"/><w:jc w:val="center"/></w:pPr><w:rPr><w:i/><w:sz w:val="24"/><w:color w:val="404040"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:jc w:val="left"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:color w:val="1F3864"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:jc w:val="left"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/><w:jc w:val="left"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/><w:sz w:val="22"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:spacing w:after="60"/><w:ind w:left="720" w:hanging="360"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Signature"><w:name w:val="Signature"/><w:basedOn w:val="Normal"/>
    <w:pPr><w:jc w:val="right"/><w:spacing w:before="480"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>
  <w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>
</w:styles>`;

/** numbering.xml with one decimal list (numId 1) and one bullet list (numId 2). */
export const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="${W_NS}">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uF0B7"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>`;

export interface DocxParts {
  /** The content of w:body, without the final w:sectPr. */
  body: string;
  styles?: string;
  numbering?: string;
  /** The XML of the footer's paragraphs (w:p…). */
  footer?: string;
  /** The final w:sectPr (A4, 2 cm margins by default). */
  sectPr?: string;
}

export function buildDocx(parts: DocxParts): Uint8Array {
  const zip = new PizZip();
  const overrides = [
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>',
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>',
    parts.numbering
      ? '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
      : '',
    parts.footer
      ? '<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
      : '',
  ].join('');
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
    { date: FIXED_DATE },
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    { date: FIXED_DATE },
  );
  const rels = [
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>',
    parts.numbering
      ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>'
      : '',
    parts.footer
      ? '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>'
      : '',
  ].join('');
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    { date: FIXED_DATE },
  );
  const sectPr =
    parts.sectPr ??
    `<w:sectPr>${parts.footer ? '<w:footerReference w:type="default" r:id="rId3"/>' : ''}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>`;
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${parts.body}${sectPr}</w:body></w:document>`,
    { date: FIXED_DATE },
  );
  zip.file('word/styles.xml', parts.styles ?? STYLES, { date: FIXED_DATE });
  if (parts.numbering) zip.file('word/numbering.xml', parts.numbering, { date: FIXED_DATE });
  if (parts.footer) {
    zip.file(
      'word/footer1.xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="${W_NS}" xmlns:r="${R_NS}">${parts.footer}</w:ftr>`,
      { date: FIXED_DATE },
    );
  }
  return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
}

const LOREM = [
  'Le Département du Pas-de-Calais soutient les structures d’insertion par l’activité économique qui accompagnent les personnes éloignées de l’emploi vers un parcours durable.',
  'Conformément au règlement budgétaire et financier, la subvention est versée en deux fois : une avance de 60 % à la signature de la convention, puis le solde sur présentation du bilan qualitatif et financier de l’action.',
  'La structure s’engage à informer le Département de toute modification de son projet, à mentionner son soutien dans ses supports de communication et à transmettre ses comptes annuels certifiés.',
  'Les crédits nécessaires sont inscrits au budget départemental, sous réserve de leur disponibilité effective au moment de l’engagement comptable de la dépense.',
];

/** Amount formatted as Intl fr-FR does: narrow no-break spaces between thousands, then " €". */
export function euros(cents: number): string {
  return new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** A sample deliberation: title, headings, justified text, lists, a long table, a footer. */
export function sampleDeliberation(options: { rows?: number; sections?: number } = {}): Uint8Array {
  const rows = options.rows ?? 40;
  const sections = options.sections ?? 3;
  const body: string[] = [
    para('Commission Permanente du Conseil départemental', { style: 'Title' }),
    para('Séance du 12 juin 2023 — Rapport n° 42', { style: 'Subtitle' }),
    para(
      `${run('Objet : ', { b: true })}${run('Appel à projets « Inclusion 2023 » : attribution des subventions aux structures de l’insertion par l’activité économique.')}`,
      {},
      true,
    ),
  ];
  for (let s = 1; s <= sections; s++) {
    body.push(para(`${s}. Contexte et enjeux de la politique d’inclusion`, { style: 'Heading1' }));
    body.push(para(LOREM.join(' ')));
    body.push(para(`${s}.1 Les engagements de la structure`, { style: 'Heading2' }));
    body.push(para(LOREM[2] ?? ''));
    for (const item of [
      'accueillir et accompagner les publics orientés par le Département ;',
      'rendre compte trimestriellement des parcours engagés ;',
      'associer les partenaires de l’emploi du territoire.',
    ]) {
      body.push(para(item, { style: 'ListBullet' }));
    }
    body.push(para(`${s}.2 Les modalités de versement`, { style: 'Heading2' }));
    body.push(para('Étapes du versement', { style: 'Heading3' }));
    // One list instance per section (numId 10 + s restarts at 1), as Word writes it.
    for (const item of [
      'Signature de la convention par les deux parties.',
      'Versement de l’avance de 60 %.',
      'Versement du solde après contrôle du bilan.',
    ]) {
      body.push(para(item, { numId: 10 + s }));
    }
    body.push(para(LOREM[1] ?? ''));
  }
  body.push(para('Répartition des subventions', { style: 'Heading1' }));
  const tableRows: { header?: boolean; cells: (string | CellSpec)[] }[] = [
    {
      header: true,
      cells: [
        { text: 'N°', fill: 'D9D9D9', jc: 'center' },
        { text: 'Structure bénéficiaire', fill: 'D9D9D9' },
        { text: 'Territoire', fill: 'D9D9D9' },
        { text: 'Montant proposé', fill: 'D9D9D9', jc: 'right' },
      ],
    },
  ];
  let total = 0;
  for (let r = 1; r <= rows; r++) {
    const cents = 1_234_56 * r + 7_00;
    total += cents;
    tableRows.push({
      cells: [
        { text: String(r), jc: 'center' },
        r % 7 === 0
          ? `Association intercommunale pour l’insertion et la formation des jeunes du bassin minier n° ${r}`
          : `Structure d’insertion n° ${r}`,
        r % 2 === 0 ? 'Artois' : 'Audomarois',
        { text: euros(cents), jc: 'right' },
      ],
    });
  }
  tableRows.push({
    cells: [
      { text: 'Total', span: 3, bold: true, fill: 'F2F2F2' },
      { text: euros(total), jc: 'right', bold: true, fill: 'F2F2F2' },
    ],
  });
  body.push(table([700, 4700, 2000, 2238], tableRows));
  body.push(
    para('Après en avoir délibéré, la Commission Permanente adopte les propositions du rapport.', {
      before: 240,
    }),
  );
  body.push(para('Le Président du Conseil départemental,', { style: 'Signature' }));
  body.push(para('Jean-Claude LEROY', { jc: 'right' }));
  const restarts = Array.from(
    { length: sections },
    (_, i) =>
      `<w:num w:numId="${11 + i}"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`,
  ).join('');
  return buildDocx({
    body: body.join(''),
    numbering: NUMBERING.replace('</w:numbering>', `${restarts}</w:numbering>`),
    footer: para('Département du Pas-de-Calais — Commission Permanente du 12 juin 2023'),
  });
}
