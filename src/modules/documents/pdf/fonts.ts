/**
 * The DejaVu Sans family (package `dejavu-fonts-ttf`), embedded in every PDF: it covers French,
 * the euro sign, the narrow no-break space (U+202F) of Intl's fr-FR number format, « », and most
 * of Unicode. The files are located through Node's module resolution (never a fixed path) and read
 * once per process.
 *
 * Parsing a TrueType font costs about as much as laying out ten pages, so each face is parsed once,
 * with the fontkit that pdfkit itself depends on, and the parsed font is handed to every document
 * (pdfkit ≥ 0.20 accepts fontkit fonts in `registerFont`; each document still embeds its own
 * subset). Should fontkit not be reachable, the bytes are given instead and pdfkit parses them.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DomainError } from '../../../kernel/errors.ts';

export type FontFace = 'regular' | 'bold' | 'italic' | 'boldItalic';

const FILES: Readonly<Record<FontFace, string>> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
};

export const FONT_FACES: readonly FontFace[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** Vertical metrics of DejaVu Sans (hhea: ascent 1901, descent 483, units per em 2048). */
export const FONT_ASCENT = 1901 / 2048;
export const FONT_DESCENT = 483 / 2048;

export function fontFace(bold: boolean, italic: boolean): FontFace {
  if (bold) return italic ? 'boldItalic' : 'bold';
  return italic ? 'italic' : 'regular';
}

/** The folder holding the TrueType files: node_modules/dejavu-fonts-ttf/ttf. */
export function fontDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** What fontkit's Font offers that pdfkit checks for (`layout`); the rest is opaque here. */
interface ParsedFont {
  layout(text: string): unknown;
}

/** A face as handed to pdfkit's registerFont: parsed when possible, else the file's bytes. */
export type FontSource = ParsedFont | Buffer;

function fontkitParser(): ((data: Buffer) => ParsedFont) | undefined {
  try {
    const fromPdfkit = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
    const fontkit = fromPdfkit('fontkit') as { create?: (data: Buffer) => unknown };
    const create = fontkit.create;
    if (typeof create !== 'function') return undefined;
    return (data) => {
      const font = create(data) as Partial<ParsedFont> | null;
      if (!font || typeof font.layout !== 'function') throw new Error('police non reconnue');
      return font as ParsedFont;
    };
  } catch {
    return undefined;
  }
}

let loading: Promise<Record<FontFace, FontSource>> | undefined;

/** The four faces, read (and parsed) on first use and kept for the life of the process. */
export function loadFonts(): Promise<Record<FontFace, FontSource>> {
  loading ??= (async () => {
    try {
      const directory = fontDirectory();
      const [regular, bold, italic, boldItalic] = await Promise.all(
        FONT_FACES.map((face) => readFile(join(directory, FILES[face]))),
      );
      if (!regular || !bold || !italic || !boldItalic) throw new Error('fichier manquant');
      const parse = fontkitParser();
      const source = (data: Buffer): FontSource => (parse ? parse(data) : data);
      return {
        regular: source(regular),
        bold: source(bold),
        italic: source(italic),
        boldItalic: source(boldItalic),
      };
    } catch (error) {
      loading = undefined;
      throw new DomainError(
        'pdf_fonts_missing',
        `Les polices DejaVu Sans sont introuvables (paquet dejavu-fonts-ttf) : ${(error as Error).message}`,
      );
    }
  })();
  return loading;
}
