/**
 * A small WordprocessingML builder for the commission package's templates: paragraphs, runs,
 * tables and bullet lists as XML strings, and the package around them, zipped with pizzip.
 *
 * It writes only the subset the PDF renderer honours (docs/templates.md): styles Normal, Title,
 * Subtitle, Heading1–3 and ListBullet; paragraph properties pStyle, jc, spacing, ind, keepNext,
 * pageBreakBefore; run properties b, i, u, caps, sz, color; tables with a grid, single borders,
 * header rows, cantSplit, cell widths, gridSpan and a grey shade; one A4 section with a footer.
 *
 * Every string given as text is XML-escaped here, so the templates state their prose plainly.
 * A docxtemplater tag is written inside the text of one run (one w:t), never split.
 */
import PizZip from 'pizzip';

/** Body-level XML: a w:p or a w:tbl. */
export type Block = string;

export type StyleId = 'Normal' | 'Title' | 'Subtitle' | 'Heading1' | 'Heading2' | 'Heading3' | 'ListBullet';

export interface RunFormat {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  caps?: boolean;
  /** Font size in points. */
  size?: number;
  /** Hexadecimal RGB, "1F3864". */
  color?: string;
}

export interface Run extends RunFormat {
  text: string;
}

/** Text of a run: a plain string, or a run with its format. */
export type Inline = string | Run;

export type Alignment = 'left' | 'center' | 'right' | 'both';

export interface ParagraphFormat {
  style?: StyleId;
  align?: Alignment;
  /** Spacing before and after, in twips (20 per point). */
  before?: number;
  after?: number;
  /** Indentation in twips. */
  indent?: { left?: number; hanging?: number; firstLine?: number };
  keepNext?: boolean;
  pageBreakBefore?: boolean;
  /** Applied to every run of the paragraph that does not set it. */
  run?: RunFormat;
}

/** Width of the text between the margins of an A4 page with 1134-twip (2 cm) margins. */
export const TEXT_WIDTH = 11906 - 2 * 1134;

const GREY = 'D9D9D9';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function runProperties(format: RunFormat): string {
  const parts: string[] = [];
  if (format.bold) parts.push('<w:b/><w:bCs/>');
  if (format.italic) parts.push('<w:i/><w:iCs/>');
  if (format.caps) parts.push('<w:caps/>');
  if (format.color) parts.push(`<w:color w:val="${format.color}"/>`);
  if (format.size) {
    const halfPoints = Math.round(format.size * 2);
    parts.push(`<w:sz w:val="${halfPoints}"/><w:szCs w:val="${halfPoints}"/>`);
  }
  if (format.underline) parts.push('<w:u w:val="single"/>');
  return parts.length > 0 ? `<w:rPr>${parts.join('')}</w:rPr>` : '';
}

function runXml(inline: Inline, defaults: RunFormat = {}): string {
  const run: Run = typeof inline === 'string' ? { text: inline } : inline;
  const format: RunFormat = { ...defaults, ...run };
  return `<w:r>${runProperties(format)}<w:t xml:space="preserve">${escapeXml(run.text)}</w:t></w:r>`;
}

/** `numbering` is the numPr of a list style (styles.xml only). */
function paragraphProperties(format: ParagraphFormat, numbering = ''): string {
  const parts: string[] = [];
  if (format.style && format.style !== 'Normal') parts.push(`<w:pStyle w:val="${format.style}"/>`);
  if (format.keepNext) parts.push('<w:keepNext/>');
  if (format.pageBreakBefore) parts.push('<w:pageBreakBefore/>');
  if (numbering) parts.push(numbering);
  if (format.before !== undefined || format.after !== undefined) {
    const before = format.before !== undefined ? ` w:before="${format.before}"` : '';
    const after = format.after !== undefined ? ` w:after="${format.after}"` : '';
    parts.push(`<w:spacing${before}${after}/>`);
  }
  if (format.indent) {
    const { left, hanging, firstLine } = format.indent;
    const attributes = [
      left !== undefined ? ` w:left="${left}"` : '',
      hanging !== undefined ? ` w:hanging="${hanging}"` : '',
      firstLine !== undefined ? ` w:firstLine="${firstLine}"` : '',
    ].join('');
    parts.push(`<w:ind${attributes}/>`);
  }
  if (format.align) parts.push(`<w:jc w:val="${format.align}"/>`);
  return parts.length > 0 ? `<w:pPr>${parts.join('')}</w:pPr>` : '';
}

/** A paragraph of one or more runs. */
export function p(content: Inline | Inline[], format: ParagraphFormat = {}): Block {
  const runs = (Array.isArray(content) ? content : [content]).map((inline) => runXml(inline, format.run));
  return `<w:p>${paragraphProperties(format)}${runs.join('')}</w:p>`;
}

export const strong = (text: string, format: RunFormat = {}): Run => ({ text, bold: true, ...format });
export const em = (text: string, format: RunFormat = {}): Run => ({ text, italic: true, ...format });

export const title = (content: Inline | Inline[], format: ParagraphFormat = {}): Block =>
  p(content, { style: 'Title', ...format });
export const subtitle = (content: Inline | Inline[], format: ParagraphFormat = {}): Block =>
  p(content, { style: 'Subtitle', ...format });
export const h1 = (content: Inline | Inline[], format: ParagraphFormat = {}): Block =>
  p(content, { style: 'Heading1', ...format });
export const h2 = (content: Inline | Inline[], format: ParagraphFormat = {}): Block =>
  p(content, { style: 'Heading2', ...format });
export const h3 = (content: Inline | Inline[], format: ParagraphFormat = {}): Block =>
  p(content, { style: 'Heading3', ...format });
export const centered = (content: Inline | Inline[], format: ParagraphFormat = {}): Block =>
  p(content, { align: 'center', ...format });

/** A bullet of the list definition; level 2 is indented one step further. */
export function bullet(
  content: Inline | Inline[],
  options: { level?: 1 | 2; format?: ParagraphFormat } = {},
): Block {
  const indent = options.level === 2 ? { indent: { left: 1080, hanging: 360 } } : {};
  return p(content, { style: 'ListBullet', ...indent, ...options.format });
}

// ── docxtemplater tags ──────────────────────────────────────────────────────────────────────

/** `{name}`: a value of the current scope (or of an enclosing one). */
export const tag = (name: string): string => `{${name}}`;

/** A field of a nested record, `{collectivite.nom}` (the renderer reads dotted names). */
export const field = (record: string, name: string): string => `{${record}.${name}}`;

/** Paragraphs repeated for each element of a list, or shown when a value is truthy. */
export function section(name: string, blocks: Block[]): Block[] {
  return [p(`{#${name}}`), ...blocks, p(`{/${name}}`)];
}

/** Paragraphs shown when a value is false, empty or an empty list. */
export function inverted(name: string, blocks: Block[]): Block[] {
  return [p(`{^${name}}`), ...blocks, p(`{/${name}}`)];
}

/**
 * The paragraphs of a list of `{ texte, puce }`: a bullet (ListBullet) when `puce` is true,
 * a plain paragraph otherwise.
 */
export function textList(name: string, format: ParagraphFormat = {}): Block[] {
  return section(name, [
    ...section('puce', [bullet(tag('texte'), { format })]),
    ...inverted('puce', [p(tag('texte'), format)]),
  ]);
}

// ── tables ──────────────────────────────────────────────────────────────────────────────────

export interface Cell {
  content: Block[];
  /** Number of grid columns spanned. */
  span?: number;
  shaded?: boolean;
}

export interface Row {
  cells: Cell[];
  /** Repeated at the top of each page. */
  header?: boolean;
  /** Never split across pages (every row is, unless `canSplit`). */
  canSplit?: boolean;
}

export interface CellText {
  text: Inline | Inline[];
  align?: Alignment;
  bold?: boolean;
  /** Point size, 9 by default in tables. */
  size?: number;
  span?: number;
  shaded?: boolean;
}

/** A cell holding one paragraph. */
export function cell(options: CellText): Cell {
  const run: RunFormat = { size: options.size ?? 9, ...(options.bold ? { bold: true } : {}) };
  return {
    content: [p(options.text, { align: options.align ?? 'left', after: 0, run })],
    ...(options.span ? { span: options.span } : {}),
    ...(options.shaded ? { shaded: true } : {}),
  };
}

/** A grey header cell. */
export const headerCell = (text: string, align: Alignment = 'left'): Cell =>
  cell({ text, align, bold: true, shaded: true });

/** An amount, right-aligned. */
export const amountCell = (text: string, options: { bold?: boolean; shaded?: boolean } = {}): Cell =>
  cell({ text, align: 'right', ...options });

export function table(columns: number[], rows: Row[]): Block {
  const width = columns.reduce((sum, column) => sum + column, 0);
  const border = (side: string) => `<w:${side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`;
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map(border).join('');
  const grid = columns.map((column) => `<w:gridCol w:w="${column}"/>`).join('');
  const rowsXml = rows.map((row) => {
    const rowProperties = `${row.header ? '<w:tblHeader/>' : ''}${row.canSplit ? '' : '<w:cantSplit/>'}`;
    let column = 0;
    const cells = row.cells.map((c) => {
      const span = c.span ?? 1;
      const cellWidth = columns.slice(column, column + span).reduce((sum, w) => sum + w, 0);
      column += span;
      const properties = [
        `<w:tcW w:w="${cellWidth}" w:type="dxa"/>`,
        span > 1 ? `<w:gridSpan w:val="${span}"/>` : '',
        c.shaded ? `<w:shd w:val="clear" w:color="auto" w:fill="${GREY}"/>` : '',
      ].join('');
      return `<w:tc><w:tcPr>${properties}</w:tcPr>${c.content.join('')}</w:tc>`;
    });
    if (column !== columns.length) {
      throw new Error(`Une ligne de tableau couvre ${column} colonnes au lieu de ${columns.length}.`);
    }
    return `<w:tr>${rowProperties ? `<w:trPr>${rowProperties}</w:trPr>` : ''}${cells.join('')}</w:tr>`;
  });
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${width}" w:type="dxa"/><w:tblBorders>${borders}</w:tblBorders></w:tblPr>` +
    `<w:tblGrid>${grid}</w:tblGrid>${rowsXml.join('')}</w:tbl>`
  );
}

/**
 * A row repeated for each element of a list: `{#name}` opens in the first cell and `{/name}`
 * closes in the last one, so that docxtemplater repeats the whole row.
 */
export function rowLoop(name: string, cells: (CellText & { text: string })[]): Row {
  const last = cells.length - 1;
  return {
    cells: cells.map((c, index) => {
      const prefix = index === 0 ? `{#${name}}` : '';
      const suffix = index === last ? `{/${name}}` : '';
      return cell({ ...c, text: `${prefix}${c.text}${suffix}` });
    }),
  };
}

// ── the package ─────────────────────────────────────────────────────────────────────────────

const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const FONT = 'Arial';
/** Fixed dates, so that the same script gives the same bytes. */
const PACKAGE_DATE = new Date(Date.UTC(2023, 0, 1));
const PACKAGE_DATE_ISO = '2023-01-01T00:00:00Z';

const CONTENT_TYPES = `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>\
<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>\
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
</Types>`;

const PACKAGE_RELS = `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="${R_NS}/officeDocument" Target="word/document.xml"/>\
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
<Relationship Id="rId3" Type="${R_NS}/extended-properties" Target="docProps/app.xml"/>\
</Relationships>`;

const DOCUMENT_RELS = `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Type="${R_NS}/styles" Target="styles.xml"/>\
<Relationship Id="rId2" Type="${R_NS}/numbering" Target="numbering.xml"/>\
<Relationship Id="rId3" Type="${R_NS}/settings" Target="settings.xml"/>\
<Relationship Id="rId4" Type="${R_NS}/footer" Target="footer1.xml"/>\
</Relationships>`;

interface StyleDefinition {
  id: StyleId;
  name: string;
  paragraph: ParagraphFormat;
  run: RunFormat;
}

const STYLES: StyleDefinition[] = [
  { id: 'Normal', name: 'Normal', paragraph: { align: 'both', after: 120 }, run: { size: 11 } },
  {
    id: 'Title',
    name: 'Title',
    paragraph: { align: 'center', before: 120, after: 240, keepNext: true },
    run: { bold: true, caps: true, size: 14 },
  },
  {
    id: 'Subtitle',
    name: 'Subtitle',
    paragraph: { align: 'center', after: 240, keepNext: true },
    run: { bold: true, size: 12 },
  },
  {
    id: 'Heading1',
    name: 'heading 1',
    paragraph: { align: 'left', before: 360, after: 120, keepNext: true },
    run: { bold: true, size: 12 },
  },
  {
    id: 'Heading2',
    name: 'heading 2',
    paragraph: { align: 'left', before: 240, after: 120, keepNext: true },
    run: { bold: true, underline: true, size: 11 },
  },
  {
    id: 'Heading3',
    name: 'heading 3',
    paragraph: { align: 'left', before: 180, after: 80, keepNext: true },
    run: { bold: true, italic: true, size: 11 },
  },
  {
    id: 'ListBullet',
    name: 'List Bullet',
    paragraph: { align: 'both', after: 60, indent: { left: 720, hanging: 360 } },
    run: {},
  },
];

function stylesXml(): string {
  const styles = STYLES.map((style) => {
    const isNormal = style.id === 'Normal';
    const numbering =
      style.id === 'ListBullet' ? '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>' : '';
    const properties = paragraphProperties(style.paragraph, numbering);
    return (
      `<w:style w:type="paragraph"${isNormal ? ' w:default="1"' : ''} w:styleId="${style.id}">` +
      `<w:name w:val="${style.name}"/>${isNormal ? '' : '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/>'}` +
      `<w:qFormat/>${properties}${runProperties(style.run)}</w:style>`
    );
  });
  return (
    `${XML_HEADER}<w:styles xmlns:w="${W_NS}"><w:docDefaults><w:rPrDefault><w:rPr>` +
    `<w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:eastAsia="${FONT}" w:cs="${FONT}"/>` +
    '<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="fr-FR"/></w:rPr></w:rPrDefault>' +
    '<w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults>' +
    `${styles.join('')}</w:styles>`
  );
}

const NUMBERING = `${XML_HEADER}<w:numbering xmlns:w="${W_NS}">\
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>\
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/><w:lvlJc w:val="left"/>\
<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>\
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;

const SETTINGS = `${XML_HEADER}<w:settings xmlns:w="${W_NS}"><w:zoom w:percent="100"/>\
<w:defaultTabStop w:val="709"/><w:characterSpacingControl w:val="doNotCompress"/>\
<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>\
</w:settings>`;

/** "Page X / Y" with the PAGE and NUMPAGES fields. */
const FOOTER = `${XML_HEADER}<w:ftr xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:p><w:pPr><w:jc w:val="center"/></w:pPr>\
<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">Page </w:t></w:r>\
<w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>\
<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> / </w:t></w:r>\
<w:fldSimple w:instr=" NUMPAGES "><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>\
</w:p></w:ftr>`;

function coreXml(documentTitle: string): string {
  return (
    `${XML_HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(documentTitle)}</dc:title><dc:creator>Inclusio</dc:creator>` +
    '<cp:lastModifiedBy>Inclusio</cp:lastModifiedBy><dc:language>fr-FR</dc:language>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${PACKAGE_DATE_ISO}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${PACKAGE_DATE_ISO}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

const APP = `${XML_HEADER}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>Inclusio</Application><DocSecurity>0</DocSecurity></Properties>`;

function documentXml(body: Block[]): string {
  const section =
    '<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>' +
    '<w:pgSz w:w="11906" w:h="16838"/>' +
    '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/>' +
    '</w:sectPr>';
  return `${XML_HEADER}<w:document xmlns:w="${W_NS}" xmlns:r="${R_NS}"><w:body>${body.join('')}${section}</w:body></w:document>`;
}

/** The .docx bytes of a document: its body and the title of its properties. */
export function buildDocx(options: { title: string; body: Block[] }): Uint8Array {
  const zip = new PizZip();
  const parts: [string, string][] = [
    ['[Content_Types].xml', CONTENT_TYPES],
    ['_rels/.rels', PACKAGE_RELS],
    ['docProps/core.xml', coreXml(options.title)],
    ['docProps/app.xml', APP],
    ['word/document.xml', documentXml(options.body)],
    ['word/_rels/document.xml.rels', DOCUMENT_RELS],
    ['word/styles.xml', stylesXml()],
    ['word/numbering.xml', NUMBERING],
    ['word/settings.xml', SETTINGS],
    ['word/footer1.xml', FOOTER],
  ];
  for (const [name, content] of parts) zip.file(name, content, { date: PACKAGE_DATE });
  return zip.generate({ type: 'uint8array', compression: 'DEFLATE' });
}
