/**
 * Paragraph and run properties: reading them from `w:pPr` / `w:rPr`, and resolving a paragraph's
 * style through styles.xml (`w:docDefaults`, `w:basedOn` chains, character styles).
 *
 * A few built-in styles (Normal, Title, Subtitle, Heading1-3, ListBullet, Hyperlink) have defaults
 * of their own, laid under the definition found in styles.xml: a template whose styles.xml lacks
 * them, or defines them sparingly, still prints bold, larger headings kept with what follows.
 * Styles are recognised by their id or by their built-in name (`w:name="heading 1"`), so that
 * the French ids Word writes ("Titre1", "Listepuces") are recognised as well.
 */
import type { Document, Element } from '@xmldom/xmldom';
import type { Alignment, LineSpacing } from './model.ts';
import { attr, child, children, numAttr, onOff, twips } from './ooxml.ts';

/** Run properties as written: undefined means "not set here, keep the inherited value". */
export interface RunProps {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strike?: boolean;
  caps?: boolean;
  size?: number;
  color?: string;
}

/** Paragraph properties as written (points), undefined when not set. */
export interface ParaProps {
  align?: Alignment;
  spaceBefore?: number;
  spaceAfter?: number;
  lineSpacing?: LineSpacing;
  indentLeft?: number;
  indentRight?: number;
  firstLine?: number;
  keepNext?: boolean;
  keepLines?: boolean;
  pageBreakBefore?: boolean;
  widowControl?: boolean;
  outlineLevel?: number;
  numId?: string;
  numLevel?: number;
}

/** Copies the defined values of `over` onto a copy of `base`. */
export function merge<T extends object>(base: T, over: Partial<T>): T {
  const result = { ...base };
  for (const key of Object.keys(over) as (keyof T)[]) {
    const value = over[key];
    if (value !== undefined) result[key] = value as T[keyof T];
  }
  return result;
}

export function parseRunProps(rPr: Element | undefined): RunProps {
  if (!rPr) return {};
  const props: RunProps = {};
  const bold = onOff(child(rPr, 'b'));
  if (bold !== undefined) props.bold = bold;
  const italic = onOff(child(rPr, 'i'));
  if (italic !== undefined) props.italic = italic;
  const caps = onOff(child(rPr, 'caps'));
  if (caps !== undefined) props.caps = caps;
  const strike = onOff(child(rPr, 'strike')) ?? onOff(child(rPr, 'dstrike'));
  if (strike !== undefined) props.strike = strike;
  const u = child(rPr, 'u');
  if (u) props.underline = attr(u, 'val') !== 'none';
  const sz = numAttr(child(rPr, 'sz'));
  if (sz !== undefined && sz > 0) props.size = sz / 2;
  const color = attr(child(rPr, 'color'), 'val');
  if (color !== undefined) {
    if (color === 'auto') props.color = '000000';
    else if (/^[0-9a-f]{6}$/i.test(color)) props.color = color.toUpperCase();
  }
  return props;
}

function parseAlign(value: string | undefined): Alignment | undefined {
  switch (value) {
    case 'left':
    case 'start':
      return 'left';
    case 'center':
      return 'center';
    case 'right':
    case 'end':
      return 'right';
    case 'both':
    case 'distribute':
    case 'lowKashida':
    case 'mediumKashida':
    case 'highKashida':
    case 'thaiDistribute':
      return 'justify';
    default:
      return undefined;
  }
}

export function parseParagraphProps(pPr: Element | undefined): ParaProps {
  if (!pPr) return {};
  const props: ParaProps = {};
  const align = parseAlign(attr(child(pPr, 'jc'), 'val'));
  if (align) props.align = align;

  const spacing = child(pPr, 'spacing');
  if (spacing) {
    const before = numAttr(spacing, 'before');
    if (before !== undefined) props.spaceBefore = twips(before);
    const after = numAttr(spacing, 'after');
    if (after !== undefined) props.spaceAfter = twips(after);
    const line = numAttr(spacing, 'line');
    if (line !== undefined && line > 0) {
      const rule = attr(spacing, 'lineRule') ?? 'auto';
      props.lineSpacing =
        rule === 'exact' || rule === 'atLeast'
          ? { rule, points: twips(line) }
          : { rule: 'auto', factor: line / 240 };
    }
  }

  const ind = child(pPr, 'ind');
  if (ind) {
    const left = numAttr(ind, 'left') ?? numAttr(ind, 'start');
    if (left !== undefined) props.indentLeft = twips(left);
    const right = numAttr(ind, 'right') ?? numAttr(ind, 'end');
    if (right !== undefined) props.indentRight = twips(right);
    const hanging = numAttr(ind, 'hanging');
    const firstLine = numAttr(ind, 'firstLine');
    if (hanging !== undefined) props.firstLine = -twips(hanging);
    else if (firstLine !== undefined) props.firstLine = twips(firstLine);
  }

  const keepNext = onOff(child(pPr, 'keepNext'));
  if (keepNext !== undefined) props.keepNext = keepNext;
  const keepLines = onOff(child(pPr, 'keepLines'));
  if (keepLines !== undefined) props.keepLines = keepLines;
  const pageBreakBefore = onOff(child(pPr, 'pageBreakBefore'));
  if (pageBreakBefore !== undefined) props.pageBreakBefore = pageBreakBefore;
  const widowControl = onOff(child(pPr, 'widowControl'));
  if (widowControl !== undefined) props.widowControl = widowControl;
  const outline = numAttr(child(pPr, 'outlineLvl'));
  if (outline !== undefined && outline < 9) props.outlineLevel = outline;

  const numPr = child(pPr, 'numPr');
  if (numPr) {
    const numId = attr(child(numPr, 'numId'), 'val');
    if (numId !== undefined) props.numId = numId;
    const level = numAttr(child(numPr, 'ilvl'));
    if (level !== undefined) props.numLevel = level;
  }
  return props;
}

interface StyleDef {
  type: string;
  basedOn: string | undefined;
  /** The built-in name's key ("Heading1") when the style is a built-in one, else the id. */
  canonical: string;
  para: ParaProps;
  run: RunProps;
}

interface BuiltinStyle {
  basedOn: string | undefined;
  para: ParaProps;
  run: RunProps;
}

/** Defaults laid under styles.xml's definitions (see the module comment). */
const BUILTIN: Readonly<Record<string, BuiltinStyle>> = {
  Normal: { basedOn: undefined, para: {}, run: {} },
  Title: {
    basedOn: 'Normal',
    para: { align: 'center', spaceAfter: 12, keepNext: true, outlineLevel: 0 },
    run: { size: 18, bold: true },
  },
  Subtitle: {
    basedOn: 'Normal',
    para: { align: 'center', spaceAfter: 12, keepNext: true },
    run: { size: 13, italic: true, color: '404040' },
  },
  Heading1: {
    basedOn: 'Normal',
    para: { spaceBefore: 18, spaceAfter: 6, keepNext: true, keepLines: true, outlineLevel: 0 },
    run: { size: 14, bold: true },
  },
  Heading2: {
    basedOn: 'Normal',
    para: { spaceBefore: 12, spaceAfter: 4, keepNext: true, keepLines: true, outlineLevel: 1 },
    run: { size: 12, bold: true },
  },
  Heading3: {
    basedOn: 'Normal',
    para: { spaceBefore: 10, spaceAfter: 3, keepNext: true, keepLines: true, outlineLevel: 2 },
    run: { size: 11, bold: true, italic: true },
  },
  ListBullet: { basedOn: 'Normal', para: { indentLeft: 18, firstLine: -18 }, run: {} },
  Hyperlink: { basedOn: undefined, para: {}, run: { color: '0563C1', underline: true } },
};

/** "heading 1" → "Heading1", "List Bullet" → "ListBullet", "Title" → "Title". */
function canonicalName(name: string | undefined, id: string): string {
  if (name) {
    const key = name
      .split(/\s+/)
      .map((word) => (word ? (word[0] ?? '').toUpperCase() + word.slice(1).toLowerCase() : ''))
      .join('');
    if (key in BUILTIN) return key;
  }
  return id;
}

/** The engine's defaults, under docDefaults (Word's own defaults: 10 pt, single spacing). */
const ENGINE_RUN: Required<RunProps> = {
  bold: false,
  italic: false,
  underline: false,
  strike: false,
  caps: false,
  size: 10,
  color: '000000',
};

const ENGINE_PARA = {
  align: 'left' as Alignment,
  spaceBefore: 0,
  spaceAfter: 0,
  lineSpacing: { rule: 'auto', factor: 1 } as LineSpacing,
  indentLeft: 0,
  indentRight: 0,
  firstLine: 0,
  keepNext: false,
  keepLines: false,
  pageBreakBefore: false,
  widowControl: true,
};

export type ResolvedPara = typeof ENGINE_PARA & ParaProps;

/** What a paragraph style gives: its paragraph and run properties, and what kind of style it is. */
export interface ParagraphStyle {
  canonical: string;
  para: ResolvedPara;
  run: Required<RunProps>;
}

export class StyleSheet {
  private readonly styles = new Map<string, StyleDef>();
  private readonly defaultRun: RunProps;
  private readonly defaultPara: ParaProps;
  private readonly defaultParagraphStyle: string;
  private readonly paragraphCache = new Map<string, ParagraphStyle>();
  private readonly characterCache = new Map<string, RunProps>();

  constructor(xml: Document | undefined) {
    const root = xml?.documentElement ?? undefined;
    const defaults = child(root, 'docDefaults');
    this.defaultRun = parseRunProps(child(child(defaults, 'rPrDefault'), 'rPr'));
    this.defaultPara = parseParagraphProps(child(child(defaults, 'pPrDefault'), 'pPr'));
    let defaultParagraphStyle = 'Normal';
    if (root) {
      for (const style of children(root, 'style')) {
        const id = attr(style, 'styleId');
        if (!id) continue;
        const type = attr(style, 'type') ?? 'paragraph';
        this.styles.set(id, {
          type,
          basedOn: attr(child(style, 'basedOn'), 'val'),
          canonical: canonicalName(attr(child(style, 'name'), 'val'), id),
          para: parseParagraphProps(child(style, 'pPr')),
          run: parseRunProps(child(style, 'rPr')),
        });
        const isDefault = attr(style, 'default');
        if (type === 'paragraph' && (isDefault === '1' || isDefault === 'true')) defaultParagraphStyle = id;
      }
    }
    this.defaultParagraphStyle = defaultParagraphStyle;
  }

  /** The chain of a style from its root ancestor to itself: [built-in defaults, styles.xml definition]. */
  private chain(id: string): { builtin: BuiltinStyle | undefined; def: StyleDef | undefined }[] {
    const links: { builtin: BuiltinStyle | undefined; def: StyleDef | undefined }[] = [];
    const seen = new Set<string>();
    let current: string | undefined = id;
    while (current !== undefined && !seen.has(current) && links.length < 20) {
      seen.add(current);
      const def = this.styles.get(current);
      const builtin: BuiltinStyle | undefined = BUILTIN[def?.canonical ?? current];
      if (!def && !builtin) break;
      links.unshift({ builtin, def });
      current = def ? def.basedOn : builtin?.basedOn;
    }
    return links;
  }

  /** Resolves a paragraph style id (missing or unknown: the default paragraph style, Normal). */
  paragraphStyle(id: string | undefined): ParagraphStyle {
    let styleId = id ?? this.defaultParagraphStyle;
    if (!this.styles.has(styleId) && !(styleId in BUILTIN)) styleId = this.defaultParagraphStyle;
    const cached = this.paragraphCache.get(styleId);
    if (cached) return cached;
    let para: ResolvedPara = merge<ResolvedPara>(ENGINE_PARA, this.defaultPara);
    let run = merge(ENGINE_RUN, this.defaultRun);
    const links = this.chain(styleId);
    if (links.length === 0 && styleId !== 'Normal') links.push(...this.chain('Normal'));
    for (const link of links) {
      if (link.builtin) {
        para = merge(para, link.builtin.para);
        run = merge(run, link.builtin.run);
      }
      if (link.def) {
        para = merge(para, link.def.para);
        run = merge(run, link.def.run);
      }
    }
    const canonical = this.styles.get(styleId)?.canonical ?? styleId;
    const resolved = { canonical, para, run };
    this.paragraphCache.set(styleId, resolved);
    return resolved;
  }

  /** The run properties of a character style (`w:rStyle`), with its `w:basedOn` ancestors. */
  characterStyle(id: string): RunProps {
    const cached = this.characterCache.get(id);
    if (cached) return cached;
    let run: RunProps = {};
    for (const link of this.chain(id)) {
      if (link.builtin) run = merge(run, link.builtin.run);
      if (link.def) run = merge(run, link.def.run);
    }
    this.characterCache.set(id, run);
    return run;
  }
}
