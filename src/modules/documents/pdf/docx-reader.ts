/**
 * Reads a DOCX package into the block model of model.ts: unzips it (pizzip), parses
 * word/document.xml, word/styles.xml, word/numbering.xml and the default footer (@xmldom/xmldom),
 * and resolves every paragraph's and run's properties.
 *
 * Elements outside the supported subset are not dropped: their text is printed (a content
 * control, a smart tag, an inserted revision, a text box, the result of a field…). Deleted
 * revisions, field instructions and hidden text are not printed.
 */
import type { Document, Element } from '@xmldom/xmldom';
import PizZip from 'pizzip';
import { DomainError } from '../../../kernel/errors.ts';
import type {
  Block,
  DocxDocument,
  Inline,
  PageSetup,
  Paragraph,
  ParagraphProps,
  RunStyle,
  Table,
  TableCell,
  TableRow,
  VerticalAlign,
} from './model.ts';
import { Numbering } from './numbering.ts';
import {
  attr,
  child,
  children,
  elements,
  isW,
  MC,
  numAttr,
  onOff,
  ownText,
  PKG_REL,
  parseXml,
  preservesSpace,
  R,
  twips,
  W,
} from './ooxml.ts';
import {
  merge,
  type ParaProps,
  parseParagraphProps,
  parseRunProps,
  type RunProps,
  StyleSheet,
} from './styles.ts';

const REL_STYLES = '/styles';
const REL_NUMBERING = '/numbering';
const REL_FOOTER = '/footer';
const REL_OFFICE_DOCUMENT = '/officeDocument';

/** A4 portrait with 2.5 cm margins (Word's French defaults), used when the DOCX gives none. */
const DEFAULT_PAGE: PageSetup = {
  width: twips(11906),
  height: twips(16838),
  marginTop: twips(1417),
  marginRight: twips(1417),
  marginBottom: twips(1417),
  marginLeft: twips(1417),
  footerDistance: twips(708),
};

/** The indent of a list item whose style and numbering give none. */
const LIST_INDENT = 18;

interface Relationship {
  type: string;
  target: string;
}

/** A page break met inside a paragraph's content: the paragraph is split there. */
const PAGE_BREAK = Symbol('page break');
type Content = Inline | typeof PAGE_BREAK;

class Reader {
  private readonly styleCache = new Map<string, RunStyle>();
  /** Open complex fields (`w:fldChar`): true once past `separate`, where the result is shown. */
  private readonly fields: boolean[] = [];

  private readonly styles: StyleSheet;
  private readonly numbering: Numbering;

  constructor(styles: StyleSheet, numbering: Numbering) {
    this.styles = styles;
    this.numbering = numbering;
  }

  /** One RunStyle object per distinct look, so that the layout can compare styles by identity. */
  runStyle(props: Required<RunProps>): RunStyle {
    const key = `${+props.bold}${+props.italic}${+props.underline}${+props.strike}|${props.size}|${props.color}`;
    let style = this.styleCache.get(key);
    if (!style) {
      style = {
        bold: props.bold,
        italic: props.italic,
        underline: props.underline,
        strike: props.strike,
        size: props.size,
        color: props.color,
      };
      this.styleCache.set(key, style);
    }
    return style;
  }

  /** The block-level content of the body, a cell or a content control. */
  readBlocks(container: Element, out: Block[], inCell: boolean): void {
    for (const element of elements(container)) {
      if (element.namespaceURI === MC && element.localName === 'AlternateContent') {
        const choice = child(element, 'Choice', MC) ?? child(element, 'Fallback', MC);
        if (choice) this.readBlocks(choice, out, inCell);
        continue;
      }
      if (element.namespaceURI !== W) {
        this.readBlocks(element, out, inCell);
        continue;
      }
      switch (element.localName) {
        case 'p':
          out.push(...this.readParagraph(element));
          break;
        case 'tbl':
          if (inCell) out.push(...this.flattenTable(element));
          else out.push(this.readTable(element));
          break;
        case 'r':
        case 'hyperlink':
        case 'fldSimple':
          // Runs directly at block level (not valid WordprocessingML): printed as a paragraph.
          out.push(...this.readParagraph(element));
          break;
        case 'sectPr':
        case 'sdtPr':
        case 'sdtEndPr':
        case 'tblPr':
        case 'tcPr':
        case 'trPr':
          break;
        default:
          // Content controls (w:sdt/w:sdtContent), w:customXml, revisions: their content.
          this.readBlocks(element, out, inCell);
      }
    }
  }

  /** A paragraph; split in several blocks around the page breaks it contains. */
  readParagraph(p: Element): Block[] {
    const pPr = isW(p, 'p') ? child(p, 'pPr') : undefined;
    const direct = parseParagraphProps(pPr);
    const style = this.styles.paragraphStyle(attr(child(pPr, 'pStyle'), 'val'));

    const numId = direct.numId ?? style.para.numId;
    const numLevel = direct.numLevel ?? style.para.numLevel ?? 0;
    let label: string | undefined;
    let listPara: ParaProps = {};
    if (numId !== undefined && numId !== '0') {
      const next = this.numbering.next(numId, numLevel);
      label = next?.text ?? '•';
      listPara = next?.para ?? {};
    } else if (numId === undefined && style.canonical.startsWith('ListBullet')) {
      label = '•';
    }
    const para = merge(merge(style.para, listPara), direct);
    if (label !== undefined && para.indentLeft === 0 && para.firstLine === 0) {
      para.indentLeft = LIST_INDENT * (numLevel + 1);
      para.firstLine = -LIST_INDENT;
    }
    let headingLevel = para.outlineLevel;
    if (headingLevel === undefined) {
      const heading = /^Heading([1-9])$/.exec(style.canonical);
      if (heading) headingLevel = Number(heading[1]) - 1;
      else if (style.canonical === 'Title') headingLevel = 0;
    }
    const markRun = merge(style.run, parseRunProps(child(pPr, 'rPr')));
    const props: ParagraphProps = {
      styleId: style.canonical,
      align: para.align,
      spaceBefore: para.spaceBefore,
      spaceAfter: para.spaceAfter,
      lineSpacing: para.lineSpacing,
      indentLeft: para.indentLeft,
      indentRight: para.indentRight,
      firstLine: para.firstLine,
      // Headings are never left alone at the bottom of a page, whatever the template says.
      keepNext: para.keepNext || headingLevel !== undefined || style.canonical === 'Subtitle',
      keepLines: para.keepLines,
      pageBreakBefore: para.pageBreakBefore,
      widowControl: para.widowControl,
      headingLevel,
      markStyle: this.runStyle(markRun),
    };

    const content: Content[] = [];
    this.readInline(p, style.run, content);

    // Split at page breaks; the parts after a break are continuations (no label, no space before).
    const parts: Inline[][] = [[]];
    for (const item of content) {
      if (item === PAGE_BREAK) parts.push([]);
      else parts[parts.length - 1]?.push(item);
    }
    const blocks: Block[] = [];
    parts.forEach((inlines, index) => {
      if (index > 0) blocks.push({ kind: 'pageBreak' });
      const isEmpty = !inlines.some((i) => i.kind === 'tab' || (i.kind === 'text' && i.text.length > 0));
      if (parts.length > 1 && isEmpty) return;
      const partProps = index === 0 ? props : { ...props, spaceBefore: 0, pageBreakBefore: false };
      blocks.push({ kind: 'paragraph', props: partProps, label: index === 0 ? label : undefined, inlines });
    });

    // A section break inside the document (w:pPr/w:sectPr) starts a new page unless continuous.
    const sectPr = child(pPr, 'sectPr');
    if (sectPr) {
      const type = attr(child(sectPr, 'type'), 'val');
      if (type !== 'continuous' && type !== 'nextColumn') blocks.push({ kind: 'pageBreak' });
    }
    return blocks;
  }

  /** Walks inline content (runs, hyperlinks, unknown wrappers) and run content (text, tabs, breaks). */
  private readInline(parent: Element, base: Required<RunProps>, out: Content[]): void {
    for (const element of elements(parent)) {
      if (element.namespaceURI === MC && element.localName === 'AlternateContent') {
        const choice = child(element, 'Choice', MC) ?? child(element, 'Fallback', MC);
        if (choice) this.readInline(choice, base, out);
        continue;
      }
      if (element.namespaceURI !== W) {
        // Unknown vocabularies (DrawingML, math): print their text elements, whatever the prefix.
        if (element.localName === 't') this.pushText(ownText(element), base, out);
        else this.readInline(element, base, out);
        continue;
      }
      switch (element.localName) {
        case 'r': {
          const rPr = child(element, 'rPr');
          const rStyle = attr(child(rPr, 'rStyle'), 'val');
          let props = base;
          if (rStyle) props = merge(props, this.styles.characterStyle(rStyle));
          props = merge(props, parseRunProps(rPr));
          if (onOff(child(rPr, 'vanish')) || onOff(child(rPr, 'webHidden'))) break;
          this.readInline(element, props, out);
          break;
        }
        case 't':
          if (!this.inFieldCode()) {
            const raw = ownText(element);
            // Without xml:space="preserve", XML white space at the ends is not content (no-break
            // spaces are: String.prototype.trim would remove them).
            this.pushText(
              preservesSpace(element) ? raw : raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''),
              base,
              out,
            );
          }
          break;
        case 'tab':
        case 'ptab':
          if (!this.inFieldCode()) out.push({ kind: 'tab', style: this.runStyle(base) });
          break;
        case 'br': {
          if (this.inFieldCode()) break;
          if (attr(element, 'type') === 'page') out.push(PAGE_BREAK);
          else out.push({ kind: 'lineBreak', style: this.runStyle(base) });
          break;
        }
        case 'cr':
          if (!this.inFieldCode()) out.push({ kind: 'lineBreak', style: this.runStyle(base) });
          break;
        case 'noBreakHyphen':
          this.pushText('\u2011', base, out);
          break;
        case 'sym': {
          const code = Number.parseInt(attr(element, 'char') ?? '', 16);
          if (Number.isFinite(code)) {
            // Symbol fonts map their glyphs to U+F0xx; the low byte is the Latin-1 look-alike.
            const point = code >= 0xf000 && code <= 0xf0ff ? code - 0xf000 : code;
            this.pushText(point === 0xb7 ? '•' : String.fromCodePoint(point), base, out);
          }
          break;
        }
        case 'fldChar': {
          const type = attr(element, 'fldCharType');
          if (type === 'begin') this.fields.push(false);
          else if (type === 'separate' && this.fields.length > 0) this.fields[this.fields.length - 1] = true;
          else if (type === 'end') this.fields.pop();
          break;
        }
        case 'p':
          // A paragraph inside a text box: its text, then a space.
          this.readInline(element, base, out);
          this.pushText(' ', base, out);
          break;
        case 'pPr':
        case 'rPr':
        case 'del':
        case 'moveFrom':
        case 'delText':
        case 'instrText':
        case 'delInstrText':
        case 'softHyphen':
        case 'lastRenderedPageBreak':
        case 'sdtPr':
        case 'sdtEndPr':
        case 'footnoteReference':
        case 'endnoteReference':
        case 'commentReference':
        case 'annotationRef':
          break;
        default:
          // w:hyperlink, w:smartTag, w:ins, w:sdt, w:fldSimple, w:drawing, w:pict… : their text.
          this.readInline(element, base, out);
      }
    }
  }

  private inFieldCode(): boolean {
    return this.fields.includes(false);
  }

  private pushText(text: string, props: Required<RunProps>, out: Content[]): void {
    if (text.length === 0) return;
    let printed = text.replace(/[\t\n\r]/g, ' ');
    if (props.caps) printed = printed.toLocaleUpperCase('fr-FR');
    const style = this.runStyle(props);
    const last = out[out.length - 1];
    if (last !== undefined && last !== PAGE_BREAK && last.kind === 'text' && last.style === style) {
      last.text += printed;
    } else {
      out.push({ kind: 'text', text: printed, style });
    }
  }

  readTable(tbl: Element): Table {
    const tblPr = child(tbl, 'tblPr');
    const columns = children(child(tbl, 'tblGrid') ?? tbl, 'gridCol').map((col) =>
      twips(numAttr(col, 'w') ?? 0),
    );
    const rows: TableRow[] = [];
    for (const tr of this.tableRows(tbl)) {
      const trPr = child(tr, 'trPr');
      const cells: TableCell[] = [];
      for (const tc of this.rowCells(tr)) {
        const tcPr = child(tc, 'tcPr');
        const fill = attr(child(tcPr, 'shd'), 'fill');
        const vAlign = attr(child(tcPr, 'vAlign'), 'val');
        const blocks: Block[] = [];
        this.readBlocks(tc, blocks, true);
        cells.push({
          span: Math.max(1, Math.round(numAttr(child(tcPr, 'gridSpan')) ?? 1)),
          fill: fill && /^[0-9a-f]{6}$/i.test(fill) ? fill.toUpperCase() : undefined,
          vAlign: (vAlign === 'center' || vAlign === 'bottom' ? vAlign : 'top') satisfies VerticalAlign,
          paragraphs: blocks.filter((b): b is Paragraph => b.kind === 'paragraph'),
        });
      }
      const height = child(trPr, 'trHeight');
      rows.push({
        header: onOff(child(trPr, 'tblHeader')) ?? false,
        gridBefore: Math.max(0, Math.round(numAttr(child(trPr, 'gridBefore')) ?? 0)),
        minHeight: height ? twips(numAttr(height) ?? 0) : 0,
        cells,
      });
    }
    return { kind: 'table', columns, indent: twips(numAttr(child(tblPr, 'tblInd'), 'w') ?? 0), rows };
  }

  /** Rows, including those wrapped in content controls or custom XML. */
  private tableRows(container: Element): Element[] {
    const rows: Element[] = [];
    for (const element of elements(container)) {
      if (isW(element, 'tr')) rows.push(element);
      else if (isW(element, 'sdt') || isW(element, 'customXml') || isW(element, 'sdtContent')) {
        rows.push(...this.tableRows(element));
      }
    }
    return rows;
  }

  private rowCells(tr: Element): Element[] {
    const cells: Element[] = [];
    for (const element of elements(tr)) {
      if (isW(element, 'tc')) cells.push(element);
      else if (isW(element, 'sdt') || isW(element, 'customXml') || isW(element, 'sdtContent')) {
        cells.push(...this.rowCells(element));
      }
    }
    return cells;
  }

  /** A table nested in a cell: its cells' paragraphs, one after the other. */
  private flattenTable(tbl: Element): Paragraph[] {
    const paragraphs: Paragraph[] = [];
    for (const row of this.readTable(tbl).rows) {
      for (const cell of row.cells) paragraphs.push(...cell.paragraphs);
    }
    return paragraphs;
  }
}

function readRelationships(zip: PizZip, path: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  const file = zip.file(path);
  if (!file) return rels;
  const root = parseXml(file.asText(), path).documentElement;
  if (!root) return rels;
  for (const rel of children(root, 'Relationship', PKG_REL)) {
    const id = rel.getAttribute('Id');
    const type = rel.getAttribute('Type');
    const target = rel.getAttribute('Target');
    if (id && type && target && rel.getAttribute('TargetMode') !== 'External') rels.set(id, { type, target });
  }
  return rels;
}

/** Resolves a relationship target against the folder of the part that declares it. */
function resolveTarget(partFolder: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = partFolder ? partFolder.split('/') : [];
  for (const piece of target.split('/')) {
    if (piece === '..') parts.pop();
    else if (piece !== '.' && piece !== '') parts.push(piece);
  }
  return parts.join('/');
}

function readPart(zip: PizZip, path: string): Document | undefined {
  const file = zip.file(path);
  return file ? parseXml(file.asText(), path) : undefined;
}

function readPageSetup(sectPr: Element | undefined): PageSetup {
  const size = child(sectPr, 'pgSz');
  const margins = child(sectPr, 'pgMar');
  const pick = (element: Element | undefined, name: string, fallback: number): number => {
    const value = numAttr(element, name);
    return value === undefined ? fallback : Math.abs(twips(value));
  };
  const page: PageSetup = {
    width: pick(size, 'w', DEFAULT_PAGE.width),
    height: pick(size, 'h', DEFAULT_PAGE.height),
    marginTop: pick(margins, 'top', DEFAULT_PAGE.marginTop),
    marginRight: pick(margins, 'right', DEFAULT_PAGE.marginRight),
    marginBottom: pick(margins, 'bottom', DEFAULT_PAGE.marginBottom),
    marginLeft: pick(margins, 'left', DEFAULT_PAGE.marginLeft),
    footerDistance: pick(margins, 'footer', DEFAULT_PAGE.footerDistance),
  };
  // A page too small for its margins would leave no room for text: fall back to A4.
  if (
    page.width - page.marginLeft - page.marginRight < 72 ||
    page.height - page.marginTop - page.marginBottom < 72
  ) {
    return DEFAULT_PAGE;
  }
  return page;
}

/** Field codes that print a page number: the PDF prints its own "N / M" instead. */
const PAGE_FIELD = /^\s*(PAGE|NUMPAGES|SECTIONPAGES)\b/i;

/**
 * The plain text of a footer part, one string per paragraph; fields are left out, and so is a
 * paragraph holding a page number field ("Page {PAGE} / {NUMPAGES}"): the PDF's own "N / M"
 * replaces it.
 */
function readFooterText(footer: Document | undefined): string[] {
  const root = footer?.documentElement;
  if (!root) return [];
  const lines: string[] = [];
  const paragraphs = root.getElementsByTagNameNS(W, 'p');
  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs.item(i);
    if (!p) continue;
    let text = '';
    let depth = 0;
    let pageNumber = false;
    const walk = (element: Element): void => {
      for (const el of elements(element)) {
        if (el.namespaceURI !== W) {
          if (el.localName === 't' && depth === 0) text += ownText(el);
          continue;
        }
        switch (el.localName) {
          case 'fldChar': {
            const type = attr(el, 'fldCharType');
            if (type === 'begin') depth++;
            else if (type === 'end') depth = Math.max(0, depth - 1);
            break;
          }
          case 't':
            if (depth === 0) text += ownText(el);
            break;
          case 'tab':
          case 'br':
            if (depth === 0) text += ' ';
            break;
          case 'fldSimple':
            if (PAGE_FIELD.test(attr(el, 'instr') ?? '')) pageNumber = true;
            break;
          case 'instrText':
            if (PAGE_FIELD.test(ownText(el))) pageNumber = true;
            break;
          case 'p':
          case 'txbxContent':
          case 'del':
            break;
          default:
            walk(el);
        }
      }
    };
    walk(p);
    const clean = text.replace(/\s+/g, ' ').trim();
    if (clean && !pageNumber) lines.push(clean);
  }
  return lines;
}

/** Reads a DOCX (the bytes of the package) into the block model. */
export function readDocx(bytes: Uint8Array): DocxDocument {
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch {
    throw new DomainError('docx_invalid', "Le document Word est illisible : ce n'est pas un fichier DOCX.");
  }
  const packageRels = readRelationships(zip, '_rels/.rels');
  let mainPath = 'word/document.xml';
  for (const rel of packageRels.values()) {
    if (rel.type.endsWith(REL_OFFICE_DOCUMENT)) mainPath = resolveTarget('', rel.target);
  }
  const main = readPart(zip, mainPath);
  const body = child(main?.documentElement ?? undefined, 'body');
  if (!main || !body) {
    throw new DomainError(
      'docx_invalid',
      `Le document Word est illisible : la partie ${mainPath} est absente.`,
    );
  }
  const folder = mainPath.includes('/') ? mainPath.slice(0, mainPath.lastIndexOf('/')) : '';
  const relsPath = `${folder ? `${folder}/` : ''}_rels/${mainPath.slice(folder ? folder.length + 1 : 0)}.rels`;
  const rels = readRelationships(zip, relsPath);
  const partOfType = (suffix: string, fallback: string): string => {
    for (const rel of rels.values()) if (rel.type.endsWith(suffix)) return resolveTarget(folder, rel.target);
    return fallback;
  };

  const styles = new StyleSheet(readPart(zip, partOfType(REL_STYLES, 'word/styles.xml')));
  const numbering = new Numbering(readPart(zip, partOfType(REL_NUMBERING, 'word/numbering.xml')));
  const reader = new Reader(styles, numbering);

  const blocks: Block[] = [];
  reader.readBlocks(body, blocks, false);

  const sectPr = child(body, 'sectPr');
  const references = sectPr ? children(sectPr, 'footerReference') : [];
  const reference = references.find((r) => attr(r, 'type') === 'default') ?? references[0];
  const footerId = reference ? (attr(reference, 'id', R) ?? undefined) : undefined;
  const footerRel = footerId ? rels.get(footerId) : undefined;
  const footer = footerRel?.type.endsWith(REL_FOOTER)
    ? readFooterText(readPart(zip, resolveTarget(folder, footerRel.target)))
    : [];

  return { blocks, page: readPageSetup(sectPr), footer };
}
