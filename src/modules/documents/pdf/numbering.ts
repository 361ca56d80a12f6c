/**
 * List labels from word/numbering.xml: `w:num` instances point at `w:abstractNum` definitions whose
 * levels give a format (`w:numFmt`: bullet, decimal, letters, roman), a label pattern
 * (`w:lvlText` "%1.", "%1.%2)") a start value and an indent. Counters are kept per list instance
 * and level; a level's counter restarts when a lower level advances.
 */
import type { Document, Element } from '@xmldom/xmldom';
import { attr, child, children, numAttr } from './ooxml.ts';
import { type ParaProps, parseParagraphProps } from './styles.ts';

interface Level {
  format: string;
  text: string;
  start: number;
  para: ParaProps;
}

export interface ListLabel {
  text: string;
  /** The level's indent (`w:lvl/w:pPr/w:ind`), laid between the paragraph style and direct formatting. */
  para: ParaProps;
}

/** Bullet characters written in symbol fonts (private use area) are printed as these. */
const BULLETS = ['•', '◦', '▪'];

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'm'],
    [900, 'cm'],
    [500, 'd'],
    [400, 'cd'],
    [100, 'c'],
    [90, 'xc'],
    [50, 'l'],
    [40, 'xl'],
    [10, 'x'],
    [9, 'ix'],
    [5, 'v'],
    [4, 'iv'],
    [1, 'i'],
  ];
  let rest = n;
  let out = '';
  for (const [value, digits] of table) {
    while (rest >= value) {
      out += digits;
      rest -= value;
    }
  }
  return out;
}

function letters(n: number): string {
  // a…z, then aa, bb… as Word does.
  const letter = String.fromCharCode(97 + ((n - 1) % 26));
  return letter.repeat(Math.floor((n - 1) / 26) + 1);
}

function formatNumber(n: number, format: string): string {
  switch (format) {
    case 'lowerLetter':
      return letters(n);
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'decimalZero':
      return n < 10 ? `0${n}` : String(n);
    default:
      return String(n);
  }
}

function bulletText(text: string, level: number): string {
  const printable = [...text].filter((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code >= 0x20 && !(code >= 0xe000 && code <= 0xf8ff);
  });
  return printable.length > 0 ? printable.join('') : (BULLETS[level % BULLETS.length] ?? '•');
}

export class Numbering {
  /** numId → levels of its abstract definition (with the instance's overrides). */
  private readonly instances = new Map<string, Map<number, Level>>();
  private readonly counters = new Map<string, number[]>();

  constructor(xml: Document | undefined) {
    const root = xml?.documentElement;
    if (!root) return;
    const abstracts = new Map<string, Map<number, Level>>();
    for (const abstract of children(root, 'abstractNum')) {
      const id = attr(abstract, 'abstractNumId');
      if (id !== undefined) abstracts.set(id, readLevels(abstract));
    }
    for (const num of children(root, 'num')) {
      const numId = attr(num, 'numId');
      const abstractId = attr(child(num, 'abstractNumId'), 'val');
      if (numId === undefined || abstractId === undefined) continue;
      const levels = new Map(abstracts.get(abstractId) ?? []);
      for (const override of children(num, 'lvlOverride')) {
        const ilvl = numAttr(override, 'ilvl') ?? 0;
        const lvl = child(override, 'lvl');
        const base = levels.get(ilvl);
        if (lvl) {
          const replaced = readLevel(lvl);
          if (replaced) levels.set(ilvl, replaced);
        }
        const startOverride = numAttr(child(override, 'startOverride'));
        const current = levels.get(ilvl) ?? base;
        if (startOverride !== undefined && current) levels.set(ilvl, { ...current, start: startOverride });
      }
      this.instances.set(numId, levels);
    }
  }

  /** The next label of list `numId` at `level`, advancing its counter; undefined when no such list. */
  next(numId: string, level: number): ListLabel | undefined {
    if (numId === '0') return undefined;
    const levels = this.instances.get(numId);
    const lvl = levels?.get(level);
    if (!levels || !lvl) return undefined;
    let counters = this.counters.get(numId);
    if (!counters) {
      counters = [];
      this.counters.set(numId, counters);
    }
    for (let i = 0; i <= level; i++) {
      if (counters[i] === undefined) counters[i] = (levels.get(i)?.start ?? 1) - (i === level ? 1 : 0);
    }
    counters[level] = (counters[level] ?? 0) + 1;
    counters.length = level + 1;
    if (lvl.format === 'bullet') return { text: bulletText(lvl.text, level), para: lvl.para };
    if (lvl.format === 'none') return { text: '', para: lvl.para };
    const text = lvl.text.replace(/%([1-9])/g, (_, digit: string) => {
      const i = Number(digit) - 1;
      return formatNumber(counters[i] ?? 1, levels.get(i)?.format ?? 'decimal');
    });
    return { text, para: lvl.para };
  }
}

function readLevel(lvl: Element): Level | undefined {
  return {
    format: attr(child(lvl, 'numFmt'), 'val') ?? 'decimal',
    text: attr(child(lvl, 'lvlText'), 'val') ?? '',
    start: numAttr(child(lvl, 'start')) ?? 1,
    para: parseParagraphProps(child(lvl, 'pPr')),
  };
}

function readLevels(abstract: Element): Map<number, Level> {
  const levels = new Map<number, Level>();
  for (const lvl of children(abstract, 'lvl')) {
    const ilvl = numAttr(lvl, 'ilvl') ?? 0;
    const level = readLevel(lvl);
    if (level) levels.set(ilvl, level);
  }
  return levels;
}
