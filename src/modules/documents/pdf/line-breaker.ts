/**
 * Breaks a paragraph's inline content into lines (greedy, like Word): lines break at spaces,
 * after a hyphen inside a word, at line breaks; a word wider than the line is cut between
 * characters. Tabs advance to the next default tab stop (every 1.25 cm / 36 pt). No-break spaces
 * (U+00A0, U+202F) and non-breaking hyphens (U+2011) never break a line.
 *
 * The result is pure geometry: each line's height and baseline, and its pieces of text with their
 * x offset, already aligned (left, centre, right, justified). Measuring is a parameter, so that
 * this module does not depend on pdfkit.
 */
import { FONT_ASCENT, FONT_DESCENT } from './fonts.ts';
import type { Alignment, Inline, LineSpacing, RunStyle } from './model.ts';

/** The width of a text in a style, in points. */
export type Measure = (text: string, style: RunStyle) => number;

/** A piece of text to draw, with its x offset from the line's start. */
export interface Piece {
  text: string;
  style: RunStyle;
  x: number;
  width: number;
}

export interface Line {
  pieces: Piece[];
  height: number;
  /** Distance from the top of the line to the baseline. */
  baseline: number;
}

export interface BreakOptions {
  /** Width available to the first line and to the others. */
  firstWidth: number;
  width: number;
  /** Where the first line and the others start, from the left of the text area (for tab stops). */
  firstOrigin: number;
  origin: number;
  align: Alignment;
  lineSpacing: LineSpacing;
  /** The style of the paragraph mark: the height of an empty line. */
  markStyle: RunStyle;
}

export const TAB_STOP = 36;
const EPSILON = 0.01;

type Token =
  | { kind: 'box'; text: string; style: RunStyle; width: number }
  | { kind: 'space'; text: string; style: RunStyle; width: number }
  | { kind: 'break' }
  | { kind: 'tab'; style: RunStyle }
  | { kind: 'newline'; style: RunStyle };

interface Placed {
  kind: 'box' | 'space' | 'tab';
  text: string;
  style: RunStyle;
  x: number;
  width: number;
}

function tokenize(inlines: readonly Inline[], measure: Measure): Token[] {
  const tokens: Token[] = [];
  for (const inline of inlines) {
    if (inline.kind === 'tab') tokens.push({ kind: 'tab', style: inline.style });
    else if (inline.kind === 'lineBreak') tokens.push({ kind: 'newline', style: inline.style });
    else {
      for (const part of inline.text.split(/( +)/)) {
        if (part === '') continue;
        if (part[0] === ' ') {
          tokens.push({ kind: 'space', text: part, style: inline.style, width: measure(part, inline.style) });
          continue;
        }
        // A word may break after a hyphen that is followed by a letter ("Pas-de-Calais").
        const pieces = part.split(/(?<=[^\s-]-)(?=[^\s-])/);
        pieces.forEach((piece, index) => {
          if (index > 0) tokens.push({ kind: 'break' });
          tokens.push({ kind: 'box', text: piece, style: inline.style, width: measure(piece, inline.style) });
        });
      }
    }
  }
  return tokens;
}

/** A line's height and baseline for the largest font on it. */
export function lineMetrics(size: number, spacing: LineSpacing): { height: number; baseline: number } {
  const natural = size * (FONT_ASCENT + FONT_DESCENT);
  let height: number;
  if (spacing.rule === 'auto') height = natural * spacing.factor;
  else if (spacing.rule === 'exact') height = spacing.points;
  else height = Math.max(natural, spacing.points);
  return { height, baseline: (height - natural) / 2 + size * FONT_ASCENT };
}

/** Merges neighbouring pieces of one style that touch (one text operation instead of several). */
function mergePieces(placed: Placed[]): Piece[] {
  const pieces: Piece[] = [];
  let last: Piece | undefined;
  for (const p of placed) {
    if (p.kind === 'tab') {
      last = undefined;
      continue;
    }
    if (last && last.style === p.style && Math.abs(last.x + last.width - p.x) < EPSILON) {
      last.text += p.text;
      last.width += p.width;
    } else {
      last = { text: p.text, style: p.style, x: p.x, width: p.width };
      pieces.push(last);
    }
  }
  return pieces;
}

export function breakLines(inlines: readonly Inline[], options: BreakOptions, measure: Measure): Line[] {
  const tokens = tokenize(inlines, measure);
  const lines: Line[] = [];
  let current: Placed[] = [];
  let x = 0;
  let hasBox = false;
  let lastStyle: RunStyle | undefined;

  const available = (): number => Math.max(1, lines.length === 0 ? options.firstWidth : options.width);
  const origin = (): number => (lines.length === 0 ? options.firstOrigin : options.origin);

  const finish = (isLast: boolean): void => {
    // Trailing spaces take no room.
    while (current.length > 0 && current[current.length - 1]?.kind === 'space') current.pop();
    const end = current.reduce((max, p) => Math.max(max, p.x + p.width), 0);
    const room = available() - end;
    if (room > 0 && options.align !== 'left') {
      let shift = 0;
      if (options.align === 'center') shift = room / 2;
      else if (options.align === 'right') shift = room;
      if (options.align === 'justify' && !isLast) justify(current, room);
      else for (const p of current) p.x += shift;
    }
    let size = 0;
    for (const p of current) if (p.kind !== 'tab') size = Math.max(size, p.style.size);
    if (size === 0) size = lastStyle?.size ?? options.markStyle.size;
    const metrics = lineMetrics(size, options.lineSpacing);
    lines.push({ pieces: mergePieces(current), ...metrics });
    current = [];
    x = 0;
    hasBox = false;
  };

  const place = (kind: Placed['kind'], text: string, style: RunStyle, width: number): void => {
    current.push({ kind, text, style, x, width });
    x += width;
    if (kind === 'box') hasBox = true;
  };

  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    if (!token) break;
    if (token.kind === 'newline') {
      lastStyle = token.style;
      finish(true);
      i++;
    } else if (token.kind === 'space') {
      place('space', token.text, token.style, token.width);
      i++;
    } else if (token.kind === 'break') {
      i++;
    } else if (token.kind === 'tab') {
      const start = origin() + x;
      const stop = (Math.floor(start / TAB_STOP + EPSILON) + 1) * TAB_STOP - origin();
      if (stop > available() + EPSILON && hasBox) {
        finish(false);
        continue;
      }
      place('tab', '', token.style, Math.max(0, stop - x));
      i++;
    } else {
      // A word: the boxes up to the next break opportunity.
      let j = i;
      let width = 0;
      for (let t = tokens[j]; t?.kind === 'box'; t = tokens[++j]) width += t.width;
      if (x + width <= available() + EPSILON) {
        for (let k = i; k < j; k++) {
          const box = tokens[k];
          if (box?.kind === 'box') place('box', box.text, box.style, box.width);
        }
        i = j;
      } else if (hasBox || (x > 0 && width <= available())) {
        finish(false);
      } else {
        // Wider than a whole line: cut between characters.
        for (let k = i; k < j; k++) {
          const box = tokens[k];
          if (box?.kind !== 'box') continue;
          for (const char of box.text) {
            const w = measure(char, box.style);
            if (x + w > available() + EPSILON && hasBox) finish(false);
            place('box', char, box.style, w);
          }
        }
        i = j;
      }
    }
  }
  finish(true);
  return lines;
}

/** Spreads the room left on a line over its spaces (those after the last tab). */
function justify(placed: Placed[], room: number): void {
  let firstStretch = 0;
  placed.forEach((p, index) => {
    if (p.kind === 'tab') firstStretch = index + 1;
  });
  let gaps = 0;
  let seenBox = false;
  for (let k = firstStretch; k < placed.length; k++) {
    const p = placed[k];
    if (p?.kind === 'box') seenBox = true;
    else if (p?.kind === 'space' && seenBox) gaps++;
  }
  if (gaps === 0) return;
  const extra = room / gaps;
  let shift = 0;
  seenBox = false;
  for (let k = firstStretch; k < placed.length; k++) {
    const p = placed[k];
    if (!p) continue;
    p.x += shift;
    if (p.kind === 'box') seenBox = true;
    else if (p.kind === 'space' && seenBox) shift += extra;
  }
}
