/**
 * Small helpers to read WordprocessingML with @xmldom/xmldom: namespaces, walking the children of
 * an element, reading `w:` attributes, on/off values and units.
 */
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { DomainError } from '../../../kernel/errors.ts';

/** The WordprocessingML main namespace (prefix `w:`). */
export const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
/** Relationships inside a part (prefix `r:`). */
export const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
/** Markup compatibility (prefix `mc:`, AlternateContent). */
export const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
/** The package's relationships file format. */
export const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Parses one XML part; a part that is not well-formed XML is refused with a French message. */
export function parseXml(text: string, partName: string): Document {
  try {
    return new DOMParser({
      locator: false,
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
  } catch (error) {
    throw new DomainError(
      'docx_invalid',
      `Le document Word est illisible : la partie ${partName} n'est pas du XML valide (${(error as Error).message}).`,
    );
  }
}

export function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

/** True when the node is the element `w:<name>` (or `<ns>:<name>`). */
export function isW(node: Node, name: string, ns: string = W): node is Element {
  return node.nodeType === ELEMENT_NODE && node.localName === name && node.namespaceURI === ns;
}

/** The element children of an element, in document order. */
export function* elements(parent: Node): Generator<Element> {
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE) yield node as Element;
  }
}

/** The first child `w:<name>`, if any. */
export function child(parent: Node | undefined, name: string, ns: string = W): Element | undefined {
  if (!parent) return undefined;
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (isW(node, name, ns)) return node;
  }
  return undefined;
}

/** Every child `w:<name>`. */
export function children(parent: Node, name: string, ns: string = W): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (isW(node, name, ns)) found.push(node);
  }
  return found;
}

/** The value of the attribute `w:<name>` (Word always prefixes its attributes). */
export function attr(element: Element | undefined, name: string, ns: string = W): string | undefined {
  if (!element) return undefined;
  const value = element.getAttributeNS(ns, name);
  if (value !== null && value !== '') return value;
  // Some generators write unprefixed attributes; accept them too.
  const plain = element.getAttribute(name);
  return plain !== null && plain !== '' ? plain : undefined;
}

/** A number attribute (`w:val`, `w:w`…), undefined when missing or not a number. */
export function numAttr(element: Element | undefined, name = 'val'): number | undefined {
  const value = attr(element, name);
  if (value === undefined) return undefined;
  const n = Number.parseFloat(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * An on/off property (`<w:b/>`, `<w:b w:val="0"/>`): undefined when the element is absent, so that
 * a style's value is kept.
 */
export function onOff(element: Element | undefined): boolean | undefined {
  if (!element) return undefined;
  const value = attr(element, 'val');
  return value === undefined || !['0', 'false', 'off', 'none'].includes(value);
}

/** Twentieths of a point (twips) to points. */
export function twips(value: number): number {
  return value / 20;
}

/** True when the element has `xml:space="preserve"`. */
export function preservesSpace(element: Element): boolean {
  return (
    element.getAttributeNS(XML_NS, 'space') === 'preserve' || element.getAttribute('xml:space') === 'preserve'
  );
}

/** The concatenated text nodes directly inside an element. */
export function ownText(element: Element): string {
  let text = '';
  for (let node = element.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) text += node.nodeValue ?? '';
  }
  return text;
}
