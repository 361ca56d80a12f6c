/**
 * Lays the block model out on pages and draws it with pdfkit.
 *
 * Two steps: every block is first measured (paragraphs broken into lines, table rows sized), then
 * painted top to bottom, deciding page breaks with the measures at hand:
 * - a paragraph with keepNext (every heading) goes to the next page when it does not fit there
 *   together with the start of what follows (the first lines of a paragraph, the header rows and
 *   first row of a table);
 * - widow and orphan control: a paragraph never leaves its first line alone at the bottom of a
 *   page nor its last line alone at the top of the next; keepLines keeps a paragraph whole;
 * - a table row is never split across pages unless it is taller than a whole page; the header
 *   rows (w:tblHeader) are repeated at the top of every page the table continues on, and are
 *   kept with the first row;
 * - after everything, each page receives its footer: the DOCX footer's text and "N / M".
 */
import type {} from 'pdfkit';
import { type FontFace, fontFace } from './fonts.ts';
import { breakLines, type Line, lineMetrics } from './line-breaker.ts';
import type { Block, DocxDocument, PageSetup, Paragraph, RunStyle, Table, VerticalAlign } from './model.ts';
import { type Struct, Tagger } from './tagger.ts';

type Doc = PDFKit.PDFDocument;

/**
 * Widths of texts at 1 pt, per face, shared by all documents: a width is proportional to the size,
 * and measuring with fontkit (shaping) is the costliest part of the layout. Bounded.
 */
const WIDTHS = new Map<string, number>();
const WIDTH_CACHE_LIMIT = 200_000;

/** Cell padding (points): top/bottom and left/right. */
const CELL_PAD_Y = 3;
const CELL_PAD_X = 4;
const BORDER_WIDTH = 0.5;
const BORDER_COLOR = '#404040';
/** Space between a list label and the text when the hanging indent is too narrow for it. */
const LABEL_GAP = 4;
const FOOTER_SIZE = 8;
const FOOTER_COLOR = '#6B6B6B';
const EPSILON = 0.01;

interface Label {
  text: string;
  style: RunStyle;
  x: number;
}

/** A line placed horizontally: `x` is its start from the left of its container (text area or cell). */
interface LineBox {
  line: Line;
  x: number;
  label: Label | undefined;
}

interface ParagraphBox {
  kind: 'paragraph';
  paragraph: Paragraph;
  lines: LineBox[];
  spaceBefore: number;
  spaceAfter: number;
}

/** A line inside a cell, `y` from the top of the cell's content. */
interface CellItem {
  y: number;
  line: LineBox;
  paragraph: number;
}

interface CellBox {
  x: number;
  width: number;
  fill: string | undefined;
  vAlign: VerticalAlign;
  paragraphs: ParagraphBox[];
  items: CellItem[];
  contentHeight: number;
}

interface RowBox {
  header: boolean;
  height: number;
  cells: CellBox[];
}

interface TableBox {
  kind: 'table';
  x: number;
  rows: RowBox[];
  headerCount: number;
}

type BlockBox = ParagraphBox | TableBox | { kind: 'pageBreak' };

export interface LayoutOptions {
  tagged: boolean;
}

export function layoutDocument(doc: Doc, model: DocxDocument, options: LayoutOptions): void {
  new Layout(doc, model, options).run();
}

function lineHeight(box: ParagraphBox): number {
  return box.lines.reduce((sum, l) => sum + l.line.height, 0);
}

class Layout {
  private readonly page: PageSetup;
  private readonly textWidth: number;
  private readonly top: number;
  private readonly bottom: number;
  private readonly tagger: Tagger;
  private y = 0;
  /** False while nothing was drawn on the current page. */
  private pageHasContent = false;
  private face: FontFace | undefined;
  private size = 0;
  private color: string | undefined;
  private list: Struct | undefined;
  private outline: PDFKit.PDFOutline[] = [];

  private readonly doc: Doc;
  private readonly model: DocxDocument;

  constructor(doc: Doc, model: DocxDocument, options: LayoutOptions) {
    this.doc = doc;
    this.model = model;
    this.page = model.page;
    this.textWidth = this.page.width - this.page.marginLeft - this.page.marginRight;
    this.top = this.page.marginTop;
    this.bottom = this.page.height - this.page.marginBottom;
    this.tagger = new Tagger(doc, options.tagged);
  }

  run(): void {
    const boxes = this.model.blocks.map((block) => this.measureBlock(block));
    this.newPage();
    boxes.forEach((box, index) => {
      if (
        box.kind !== 'paragraph' ||
        !box.paragraph.label ||
        box.paragraph.props.headingLevel !== undefined
      ) {
        this.closeList();
      }
      if (box.kind === 'pageBreak') this.newPage();
      else if (box.kind === 'table') this.paintTable(box);
      else {
        if (box.paragraph.props.pageBreakBefore && this.pageHasContent) this.newPage();
        if (box.paragraph.props.keepNext) this.keepWithNext(boxes, index);
        this.paintParagraph(box);
      }
    });
    this.closeList();
    this.paintFooters();
    this.tagger.finish();
  }

  // ---------------------------------------------------------------- measuring

  private get pageHeight(): number {
    return this.bottom - this.top;
  }

  private setFont(style: RunStyle): void {
    const face = fontFace(style.bold, style.italic);
    if (face !== this.face || style.size !== this.size) {
      this.doc.font(face, style.size);
      this.face = face;
      this.size = style.size;
    }
  }

  private setColor(color: string): void {
    if (color !== this.color) {
      this.doc.fillColor(color);
      this.color = color;
    }
  }

  private readonly measure = (text: string, style: RunStyle): number => {
    const face = fontFace(style.bold, style.italic);
    const key = `${face}|${text}`;
    let width = WIDTHS.get(key);
    if (width === undefined) {
      if (WIDTHS.size >= WIDTH_CACHE_LIMIT) WIDTHS.clear();
      this.setFont({ ...style, size: 1000 });
      width = this.doc.widthOfString(text) / 1000;
      WIDTHS.set(key, width);
    }
    return width * style.size;
  };

  private measureBlock(block: Block): BlockBox {
    if (block.kind === 'paragraph') return this.measureParagraph(block, this.textWidth, false);
    if (block.kind === 'table') return this.measureTable(block);
    return block;
  }

  private measureParagraph(paragraph: Paragraph, width: number, inCell: boolean): ParagraphBox {
    const props = paragraph.props;
    const left = Math.max(0, Math.min(props.indentLeft, width - 36));
    const right = Math.max(0, Math.min(props.indentRight, width - left - 36));
    // A hanging first line may reach into the left margin, never out of a cell.
    const firstStart = Math.max(inCell ? 0 : -this.page.marginLeft, left + props.firstLine);
    let label: Label | undefined;
    let textStart = firstStart;
    if (paragraph.label !== undefined && paragraph.label !== '') {
      const style = props.markStyle;
      label = { text: paragraph.label, style, x: firstStart };
      const labelEnd = firstStart + this.measure(paragraph.label, style) + LABEL_GAP;
      textStart = Math.max(left, firstStart, labelEnd);
    }
    const lines = breakLines(
      paragraph.inlines,
      {
        firstWidth: width - right - textStart,
        width: width - right - left,
        firstOrigin: textStart,
        origin: left,
        align: props.align,
        lineSpacing: props.lineSpacing,
        markStyle: props.markStyle,
      },
      this.measure,
    );
    return {
      kind: 'paragraph',
      paragraph,
      lines: lines.map((line, index) => ({
        line,
        x: index === 0 ? textStart : left,
        label: index === 0 ? label : undefined,
      })),
      spaceBefore: props.spaceBefore,
      spaceAfter: props.spaceAfter,
    };
  }

  private measureTable(table: Table): TableBox {
    const count = table.rows.reduce(
      (max, row) => Math.max(max, row.gridBefore + row.cells.reduce((sum, cell) => sum + cell.span, 0)),
      table.columns.length,
    );
    const indent = Math.max(0, Math.min(table.indent, this.textWidth / 2));
    const available = this.textWidth - indent;
    const columns = Array.from({ length: count }, (_, i) => table.columns[i] ?? 0);
    const missing = columns.filter((w) => w <= 0).length;
    if (missing > 0) {
      const known = columns.reduce((sum, w) => sum + Math.max(0, w), 0);
      const share = Math.max(24, (available - known) / missing);
      for (let i = 0; i < columns.length; i++) if ((columns[i] ?? 0) <= 0) columns[i] = share;
    }
    const total = columns.reduce((sum, w) => sum + w, 0);
    const scale = total > available ? available / total : 1;
    const starts: number[] = [0];
    for (const w of columns) starts.push((starts[starts.length - 1] ?? 0) + w * scale);

    const rows: RowBox[] = table.rows.map((row) => {
      let column = row.gridBefore;
      const cells: CellBox[] = row.cells.map((cell) => {
        const x = starts[Math.min(column, count)] ?? 0;
        column += cell.span;
        const width = (starts[Math.min(column, count)] ?? 0) - x;
        const inner = Math.max(8, width - 2 * CELL_PAD_X);
        const paragraphs = cell.paragraphs.map((p) => this.measureParagraph(p, inner, true));
        const items: CellItem[] = [];
        let y = 0;
        paragraphs.forEach((box, index) => {
          if (index > 0) y += box.spaceBefore;
          for (const line of box.lines) {
            items.push({ y, line, paragraph: index });
            y += line.line.height;
          }
          if (index < paragraphs.length - 1) y += box.spaceAfter;
        });
        return { x, width, fill: cell.fill, vAlign: cell.vAlign, paragraphs, items, contentHeight: y };
      });
      const content = cells.reduce((max, cell) => Math.max(max, cell.contentHeight), 0);
      const empty = lineMetrics(10, { rule: 'auto', factor: 1 }).height;
      const height = Math.max(row.minHeight, (cells.length > 0 ? content : empty) + 2 * CELL_PAD_Y);
      return { header: row.header, height, cells };
    });
    let headerCount = 0;
    while (rows[headerCount]?.header) headerCount++;
    return { kind: 'table', x: indent, rows, headerCount };
  }

  // ---------------------------------------------------------------- pages

  private newPage(): void {
    const p = this.page;
    this.doc.addPage({
      size: [p.width, p.height],
      margins: { top: p.marginTop, right: p.marginRight, bottom: p.marginBottom, left: p.marginLeft },
    });
    this.y = this.top;
    this.pageHasContent = false;
    this.color = undefined; // each page has its own graphics state
  }

  /** Height a block needs at the top of its first page (what a keepNext paragraph must be kept with). */
  private startHeight(box: BlockBox): number {
    if (box.kind === 'pageBreak') return 0;
    if (box.kind === 'table') {
      const first = box.rows.slice(0, Math.min(box.rows.length, box.headerCount + 1));
      return first.reduce((sum, row) => sum + row.height, 0);
    }
    const props = box.paragraph.props;
    if (props.pageBreakBefore) return 0;
    const n = box.lines.length;
    const kept = props.keepLines ? n : props.widowControl ? (n <= 3 ? n : 2) : 1;
    return box.spaceBefore + box.lines.slice(0, kept).reduce((sum, l) => sum + l.line.height, 0);
  }

  /** Starts a new page if a keepNext chain (headings…) and the start of what follows do not fit. */
  private keepWithNext(boxes: BlockBox[], index: number): void {
    if (!this.pageHasContent) return;
    let need = 0;
    for (let k = index; k < boxes.length && k < index + 8; k++) {
      const box = boxes[k];
      if (!box) break;
      if (box.kind === 'paragraph' && box.paragraph.props.keepNext) {
        if (k > index && box.paragraph.props.pageBreakBefore) break;
        need += box.spaceBefore + lineHeight(box) + box.spaceAfter;
        continue;
      }
      need += this.startHeight(box);
      break;
    }
    if (this.y + need > this.bottom + EPSILON && need <= this.pageHeight) this.newPage();
  }

  // ---------------------------------------------------------------- paragraphs

  /** The structure elements of a paragraph: H1…H6 or P, or LI > Lbl + LBody for a list item. */
  private structFor(box: ParagraphBox): { item?: Struct; label?: Struct; body?: Struct } {
    // An empty paragraph (vertical space) is not content.
    if (box.lines.every((l) => l.line.pieces.length === 0 && !l.label)) return {};
    const paragraph = box.paragraph;
    const level = paragraph.props.headingLevel;
    if (paragraph.label && level === undefined) {
      this.list ??= this.tagger.open('L');
      const item = this.tagger.open('LI', this.list);
      return { item, label: this.tagger.open('Lbl', item), body: this.tagger.open('LBody', item) };
    }
    const type = level === undefined ? 'P' : `H${Math.min(level + 1, 6)}`;
    return { body: this.tagger.open(type) };
  }

  private closeList(): void {
    this.tagger.close(this.list);
    this.list = undefined;
  }

  private addOutline(box: ParagraphBox): void {
    const level = box.paragraph.props.headingLevel;
    if (level === undefined || level > 2) return;
    const title = box.lines
      .map((l) => l.line.pieces.map((p) => p.text).join(''))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (!title) return;
    this.outline.length = Math.min(this.outline.length, level);
    const parent = this.outline[this.outline.length - 1] ?? this.doc.outline;
    this.outline.push(parent.addItem(title));
  }

  private paintParagraph(box: ParagraphBox): void {
    const props = box.paragraph.props;
    const { item, label, body } = this.structFor(box);
    if (this.pageHasContent) this.y += box.spaceBefore;
    const lines = box.lines;
    const total = lineHeight(box);
    let index = 0;
    let outlined = false;
    while (index < lines.length) {
      let fit = 0;
      let used = 0;
      for (let k = index; k < lines.length; k++) {
        const h = lines[k]?.line.height ?? 0;
        if (this.y + used + h > this.bottom + EPSILON) break;
        used += h;
        fit++;
      }
      let take = fit;
      const rest = lines.length - index;
      if (take < rest) {
        if (props.keepLines && index === 0 && total <= this.pageHeight) take = 0;
        else if (props.widowControl && rest > 1) {
          if (rest - take === 1 && take > 1) take -= 1;
          if (take === 1 && index === 0) take = 0;
        }
      }
      if (take === 0) {
        if (this.pageHasContent) {
          this.newPage();
          continue;
        }
        take = Math.max(1, fit);
      }
      if (!outlined) {
        this.addOutline(box);
        outlined = true;
      }
      for (let k = index; k < index + take; k++) {
        const line = lines[k];
        if (!line) continue;
        this.paintLine(line, this.page.marginLeft, this.y, body, label);
        this.y += line.line.height;
      }
      this.pageHasContent = true;
      index += take;
      if (index < lines.length) this.newPage();
    }
    this.y += box.spaceAfter;
    this.tagger.close(item ?? body);
  }

  /** Draws one line (and its list label) whose box starts at `left`, its top at `top`. */
  private paintLine(box: LineBox, left: number, top: number, body: Struct | undefined, lbl?: Struct): void {
    const baseline = top + box.line.baseline;
    const label = box.label;
    if (label) {
      this.tagger.content(lbl ?? body, () =>
        this.drawText(label.text, label.style, left + label.x, baseline),
      );
    }
    if (box.line.pieces.length === 0) return;
    this.tagger.content(body, () => {
      for (const piece of box.line.pieces) {
        this.drawText(piece.text, piece.style, left + box.x + piece.x, baseline, piece.width);
      }
    });
  }

  private drawText(text: string, style: RunStyle, x: number, baseline: number, width?: number): void {
    // Measured first: measuring may change the document's current font.
    const textWidth = width ?? this.measure(text, style);
    const spaceWidth = text.endsWith(' ') ? this.measure(' ', style) : 0;
    this.setFont(style);
    this.setColor(`#${style.color}`);
    // textWidth and wordCount spare pdfkit a second measure of the text (options it reads, untyped).
    const options: PDFKit.Mixins.TextOptions & { textWidth: number; wordCount: number } = {
      lineBreak: false,
      baseline: 'alphabetic',
      textWidth,
      wordCount: text.trim() ? text.trim().split(/\s+/).length : 0,
    };
    this.doc.text(text, x, baseline, options);
    if (style.underline || style.strike) {
      const visible = textWidth - spaceWidth;
      const thickness = Math.max(0.4, style.size * 0.06);
      this.doc.save();
      this.doc.lineWidth(thickness).strokeColor(`#${style.color}`);
      if (style.underline) {
        const y = baseline + style.size * 0.12;
        this.doc
          .moveTo(x, y)
          .lineTo(x + visible, y)
          .stroke();
      }
      if (style.strike) {
        const y = baseline - style.size * 0.3;
        this.doc
          .moveTo(x, y)
          .lineTo(x + visible, y)
          .stroke();
      }
      this.doc.restore();
    }
  }

  // ---------------------------------------------------------------- tables

  private paintTable(box: TableBox): void {
    const table = this.tagger.open('Table');
    const headers = box.rows.slice(0, box.headerCount);
    const body = box.rows.slice(box.headerCount);
    const headerHeight = headers.reduce((sum, row) => sum + row.height, 0);
    // Header rows are repeated only when they leave room for content.
    const repeat = headers.length > 0 && body.length > 0 && headerHeight <= this.pageHeight / 3;
    const rows = repeat ? body : box.rows;
    const left = this.page.marginLeft + box.x;
    let first = true;
    for (const row of rows) {
      const lead = repeat && first ? headerHeight : 0;
      if (this.y + lead + row.height > this.bottom + EPSILON && this.pageHasContent) {
        const again = repeat && !first ? headerHeight : 0;
        if (lead + again + row.height <= this.pageHeight + EPSILON) {
          this.newPage();
          if (again > 0) for (const header of headers) this.paintRow(header, left, undefined);
        }
      }
      if (repeat && first) for (const header of headers) this.paintRow(header, left, table);
      first = false;
      if (this.y + row.height > this.bottom + EPSILON)
        this.paintSplitRow(row, left, table, repeat ? headers : []);
      else this.paintRow(row, left, table);
    }
    this.tagger.close(table);
  }

  /** Cell backgrounds and borders of a row (or of the slice of a row) `height` high at `top`. */
  private paintCellFrames(row: RowBox, left: number, top: number, height: number): void {
    this.tagger.artifact(() => {
      const doc = this.doc;
      doc.save();
      for (const cell of row.cells) {
        if (cell.fill) doc.rect(left + cell.x, top, cell.width, height).fill(`#${cell.fill}`);
      }
      doc.lineWidth(BORDER_WIDTH).strokeColor(BORDER_COLOR);
      for (const cell of row.cells) doc.rect(left + cell.x, top, cell.width, height).stroke();
      doc.restore();
    });
    this.color = undefined;
  }

  /**
   * Draws a whole row at the current position. `table` is undefined for a repeated header row,
   * which is then an artifact (its content was tagged on the table's first page).
   */
  private paintRow(row: RowBox, left: number, table: Struct | undefined): void {
    const top = this.y;
    this.paintCellFrames(row, left, top, row.height);
    const tr = table ? this.tagger.open('TR', table) : undefined;
    const draw = (): void => {
      for (const cell of row.cells) {
        const room = row.height - 2 * CELL_PAD_Y - cell.contentHeight;
        const offset = cell.vAlign === 'center' ? room / 2 : cell.vAlign === 'bottom' ? room : 0;
        const td = tr ? this.tagger.open(row.header ? 'TH' : 'TD', tr) : undefined;
        const structs: (Struct | undefined)[] = [];
        this.paintCellItems(cell, cell.items, left, top + CELL_PAD_Y + offset, 0, td, structs);
        for (const p of structs) this.tagger.close(p);
        this.tagger.close(td);
      }
    };
    if (table) draw();
    else this.tagger.artifact(draw, 'Pagination');
    this.tagger.close(tr);
    this.y += row.height;
    this.pageHasContent = true;
  }

  /** Draws cell lines; `from` is the y (in the cell's content) drawn at `top`. */
  private paintCellItems(
    cell: CellBox,
    items: readonly CellItem[],
    left: number,
    top: number,
    from: number,
    td: Struct | undefined,
    structs: (Struct | undefined)[],
  ): void {
    for (const item of items) {
      let p = structs[item.paragraph];
      if (td && !p) {
        p = this.tagger.open('P', td);
        structs[item.paragraph] = p;
      }
      this.paintLine(item.line, left + cell.x + CELL_PAD_X, top + item.y - from, p);
    }
  }

  /** A row taller than the room left on an empty page: its cells continue on the next pages. */
  private paintSplitRow(row: RowBox, left: number, table: Struct | undefined, headers: RowBox[]): void {
    const tr = this.tagger.open('TR', table);
    const cells = row.cells.map((cell) => ({
      cell,
      next: 0,
      td: tr ? this.tagger.open(row.header ? 'TH' : 'TD', tr) : undefined,
      structs: [] as (Struct | undefined)[],
    }));
    const done = (): boolean => cells.every((c) => c.next >= c.cell.items.length);
    while (!done()) {
      const room = this.bottom - this.y - 2 * CELL_PAD_Y;
      const slices = cells.map((c) => {
        const items = c.cell.items;
        const from = items[c.next]?.y ?? 0;
        let end = c.next;
        for (
          let item = items[end];
          item && item.y + item.line.line.height - from <= room + EPSILON;
          item = items[++end]
        );
        return { c, from, end };
      });
      const progress = slices.some((s) => s.end > s.c.next);
      if (!progress && this.pageHasContent) {
        this.newPage();
        for (const header of headers) this.paintRow(header, left, undefined);
        continue;
      }
      if (!progress) {
        // A single line taller than a page: printed anyway, overflowing.
        for (const s of slices) if (s.end < s.c.cell.items.length) s.end = s.c.next + 1;
      }
      let height = 0;
      for (const s of slices) {
        const last = s.c.cell.items[s.end - 1];
        if (s.end > s.c.next && last) height = Math.max(height, last.y + last.line.line.height - s.from);
      }
      height += 2 * CELL_PAD_Y;
      const top = this.y;
      this.paintCellFrames(row, left, top, height);
      for (const s of slices) {
        const items = s.c.cell.items.slice(s.c.next, s.end);
        this.paintCellItems(s.c.cell, items, left, top + CELL_PAD_Y, s.from, s.c.td, s.c.structs);
        s.c.next = s.end;
      }
      this.y += height;
      this.pageHasContent = true;
      if (!done()) {
        this.newPage();
        for (const header of headers) this.paintRow(header, left, undefined);
      }
    }
    for (const c of cells) {
      for (const p of c.structs) this.tagger.close(p);
      this.tagger.close(c.td);
    }
    this.tagger.close(tr);
  }

  // ---------------------------------------------------------------- footers

  private paintFooters(): void {
    const range = this.doc.bufferedPageRange();
    const style: RunStyle = {
      bold: false,
      italic: false,
      underline: false,
      strike: false,
      size: FOOTER_SIZE,
      color: FOOTER_COLOR.slice(1),
    };
    const footerLines = this.model.footer.flatMap((text) =>
      breakLines(
        [{ kind: 'text', text, style }],
        {
          firstWidth: this.textWidth,
          width: this.textWidth,
          firstOrigin: 0,
          origin: 0,
          align: 'center',
          lineSpacing: { rule: 'auto', factor: 1 },
          markStyle: style,
        },
        this.measure,
      ),
    );
    const metrics = lineMetrics(FOOTER_SIZE, { rule: 'auto', factor: 1 });
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      this.color = undefined;
      // En spaces around the slash: a little air, and text extraction keeps "1 / 5" apart.
      const number = `${i + 1}\u2002/\u2002${range.count}`;
      const numberLine: Line = {
        pieces: [{ text: number, style, x: (this.textWidth - this.measure(number, style)) / 2, width: 0 }],
        ...metrics,
      };
      const lines = [...footerLines, numberLine];
      const height = lines.reduce((sum, l) => sum + l.height, 0);
      let y = Math.max(this.bottom + 4, this.page.height - this.page.footerDistance - height);
      this.tagger.artifact(() => {
        for (const line of lines) {
          for (const piece of line.pieces) {
            this.drawText(piece.text, piece.style, this.page.marginLeft + piece.x, y + line.baseline);
          }
          y += line.height;
        }
      }, 'Pagination');
    }
  }
}
