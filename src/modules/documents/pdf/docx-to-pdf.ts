/**
 * Renders a filled DOCX (the output of render-docx.ts) as a PDF a département can publish:
 * DejaVu Sans embedded (every character prints and can be extracted), page numbers "N / M" in the
 * footer, document information and language set, tagged structure (headings, paragraphs, lists,
 * tables) for accessibility.
 *
 * Deterministic: the same DOCX and metadata give the same bytes (dates come from `meta.date`, the
 * file identifier is a hash of the information dictionary, nothing random is written).
 *
 * The supported WordprocessingML subset and the layout rules are described in docx-reader.ts and
 * layout.ts.
 */
import PDFDocument from 'pdfkit';
import { DomainError } from '../../../kernel/errors.ts';
import { readDocx } from './docx-reader.ts';
import { FONT_FACES, loadFonts } from './fonts.ts';
import { layoutDocument } from './layout.ts';

export interface PdfMeta {
  title: string;
  author: string;
  subject?: string;
  /** Creation and modification date written in the PDF. */
  date: Date;
  /** BCP 47 language of the document, 'fr-FR' by default. */
  language?: string;
}

/** Whether the PDF carries a structure tree (tagged PDF). */
const TAGGED = true;

export async function docxToPdf(docx: Uint8Array, meta: PdfMeta): Promise<Buffer> {
  if (!(meta.date instanceof Date) || Number.isNaN(meta.date.getTime())) {
    throw new DomainError('pdf_invalid_date', 'La date du document PDF est invalide.', { field: 'date' });
  }
  const model = readDocx(docx);
  const fonts = await loadFonts();

  const info: PDFKit.DocumentInfo = {
    Title: meta.title,
    Author: meta.author,
    Creator: 'Inclusio',
    Producer: 'Inclusio (PDFKit)',
    CreationDate: meta.date,
    ModDate: meta.date,
  };
  if (meta.subject) info.Subject = meta.subject;

  const doc = new PDFDocument({
    autoFirstPage: false,
    bufferPages: true,
    pdfVersion: '1.7',
    compress: true,
    tagged: TAGGED,
    displayTitle: true,
    lang: meta.language ?? 'fr-FR',
    info,
  });
  // A parsed font (see fonts.ts) is accepted by pdfkit ≥ 0.20, though @types/pdfkit only lists bytes.
  for (const face of FONT_FACES) doc.registerFont(face, fonts[face] as Uint8Array);

  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  layoutDocument(doc, model, { tagged: TAGGED });
  doc.end();
  return finished;
}
