/**
 * The structure tree of a tagged PDF (PDF/UA-style): Document > H1…H6 | P | L > LI > Lbl, LBody |
 * Table > TR > TH | TD > P. Decorations (cell backgrounds, borders, repeated header rows, the page
 * footer) are marked as artifacts. When tagging is off every method only draws.
 *
 * pdfkit's rule: no structure content may be open when an artifact starts or a page is added, so
 * content is always marked around one line (or one label) at a time.
 */
import type {} from 'pdfkit';

type Doc = PDFKit.PDFDocument;

export interface Struct {
  readonly element: PDFKit.PDFStructureElement;
  readonly type: string;
}

export class Tagger {
  private readonly root: Struct | undefined;
  private readonly doc: Doc;
  readonly enabled: boolean;

  constructor(doc: Doc, enabled: boolean) {
    this.doc = doc;
    this.enabled = enabled;
    if (enabled) {
      const element = doc.struct('Document');
      doc.addStructure(element);
      this.root = { element, type: 'Document' };
    }
  }

  /** A new structure element under `parent` (the document when omitted). */
  open(type: string, parent?: Struct): Struct | undefined {
    const container = parent ?? this.root;
    if (!container) return undefined;
    const element = this.doc.struct(type);
    container.element.add(element);
    return { element, type };
  }

  /** Draws content belonging to a structure element. */
  content(struct: Struct | undefined, draw: () => void): void {
    if (!struct) {
      draw();
      return;
    }
    const marked = this.doc.markStructureContent(struct.type);
    draw();
    this.doc.endMarkedContent();
    struct.element.add(marked);
  }

  /** Draws decoration that is not part of the content (backgrounds, borders, page numbers). */
  artifact(draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
    if (!this.enabled) {
      draw();
      return;
    }
    this.doc.markContent('Artifact', { type });
    draw();
    this.doc.endMarkedContent();
  }

  close(struct: Struct | undefined): void {
    struct?.element.end();
  }

  finish(): void {
    this.root?.element.end();
  }
}
