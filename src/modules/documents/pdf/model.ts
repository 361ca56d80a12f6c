/**
 * The small block model the DOCX reader produces and the PDF layout consumes: paragraphs of styled
 * text, tables, page breaks and the page setup. Every length is in PDF points (1/72 inch); styles
 * are already resolved (style sheet, numbering and direct formatting merged).
 */

/** The look of a piece of text. */
export interface RunStyle {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strike: boolean;
  /** The font size in points. */
  size: number;
  /** RRGGBB, upper case. */
  color: string;
}

/** A piece of a paragraph's content. Text is already upper-cased when the run has `w:caps`. */
export type Inline =
  | { kind: 'text'; text: string; style: RunStyle }
  | { kind: 'tab'; style: RunStyle }
  | { kind: 'lineBreak'; style: RunStyle };

export type Alignment = 'left' | 'center' | 'right' | 'justify';

/** Word's line spacing: a multiple of single spacing, or a fixed/minimum height in points. */
export type LineSpacing = { rule: 'auto'; factor: number } | { rule: 'exact' | 'atLeast'; points: number };

/** The resolved properties of a paragraph. */
export interface ParagraphProps {
  styleId: string;
  align: Alignment;
  spaceBefore: number;
  spaceAfter: number;
  lineSpacing: LineSpacing;
  indentLeft: number;
  indentRight: number;
  /** Positive: first-line indent; negative: hanging indent (the first line starts further left). */
  firstLine: number;
  keepNext: boolean;
  keepLines: boolean;
  pageBreakBefore: boolean;
  widowControl: boolean;
  /** 0 for a level-1 heading (Title and Heading1), 1 for Heading2…; undefined for body text. */
  headingLevel: number | undefined;
  /** The style of the paragraph mark: the height of an empty paragraph, the look of its label. */
  markStyle: RunStyle;
}

export interface Paragraph {
  kind: 'paragraph';
  props: ParagraphProps;
  /** The list label ("•", "1.", "a)") printed in the hanging indent, if the paragraph is a list item. */
  label: string | undefined;
  inlines: Inline[];
}

export type VerticalAlign = 'top' | 'center' | 'bottom';

export interface TableCell {
  /** The number of grid columns the cell spans (`w:gridSpan`). */
  span: number;
  /** Background colour RRGGBB (`w:shd w:fill`), undefined when none. */
  fill: string | undefined;
  vAlign: VerticalAlign;
  paragraphs: Paragraph[];
}

export interface TableRow {
  /** A header row (`w:tblHeader`): repeated at the top of every page the table continues on. */
  header: boolean;
  /** Grid columns skipped before the first cell (`w:gridBefore`). */
  gridBefore: number;
  /** Minimum row height in points (`w:trHeight`), 0 when none. */
  minHeight: number;
  cells: TableCell[];
}

export interface Table {
  kind: 'table';
  /** The grid's column widths in points, as written (the layout scales them to the text width). */
  columns: number[];
  /** The table's left indent in points (`w:tblInd`). */
  indent: number;
  rows: TableRow[];
}

export interface PageBreak {
  kind: 'pageBreak';
}

export type Block = Paragraph | Table | PageBreak;

export interface PageSetup {
  width: number;
  height: number;
  marginTop: number;
  marginRight: number;
  marginBottom: number;
  marginLeft: number;
  /** Distance from the bottom edge of the page to the footer (`w:pgMar w:footer`). */
  footerDistance: number;
}

export interface DocxDocument {
  blocks: Block[];
  page: PageSetup;
  /** The plain text of the default footer, one string per paragraph (fields left out). */
  footer: string[];
}
