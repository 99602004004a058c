/**
 * The one XML parser configuration used for every MaxCompute response, and the small accessors the
 * decoders share. fast-xml-parser is lenient (it happily "parses" truncated documents), so every body
 * goes through its validator first: a truncated transfer must surface as a decode error, not as a
 * half-empty object.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MaxComputeDecodeError } from '../errors.ts';
import { parseHttpDate } from './http-date.ts';
import { xmlEntityDecoder } from './xml-entities.ts';

/** A parsed element: a plain string when it has neither attributes nor children, else an object. */
export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  readonly [key: string]: XmlValue | undefined;
}

const ATTR = '@_';
const TEXT = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  // Ids like 2016042605520945 and markers must stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  // Trims plain text only; CDATA is kept verbatim (CSV results end with a newline PyODPS keeps).
  trimValues: true,
  // CDATA merges into the text, so a `]]]]><![CDATA[>` split reads back as `]]>`.
  cdataPropName: false,
  processEntities: true,
  htmlEntities: false,
  entityDecoder: xmlEntityDecoder,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Validates and parses `body`, returning its single root element's value, which must be named `root`. */
export function parseXml(what: string, body: string, root: string): XmlValue {
  let validation: ReturnType<typeof XMLValidator.validate>;
  try {
    validation = XMLValidator.validate(body);
  } catch (cause) {
    throw new MaxComputeDecodeError(what, 'malformed XML', { cause });
  }
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    const where = col === undefined ? `line ${line}` : `line ${line}, col ${col}`;
    throw new MaxComputeDecodeError(what, `malformed XML (${where}): ${msg}`);
  }
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new MaxComputeDecodeError(what, `malformed XML: ${detail}`, { cause });
  }
  if (!isObject(doc)) throw new MaxComputeDecodeError(what, 'malformed XML: no root element');
  const roots = Object.keys(doc);
  if (roots.length !== 1 || roots[0] !== root) {
    throw new MaxComputeDecodeError(what, `expected one root <${root}>, got ${describeRoots(roots)}`);
  }
  const value = doc[root];
  if (value === undefined || Array.isArray(value)) {
    throw new MaxComputeDecodeError(what, `expected one root <${root}>, got several`);
  }
  return value;
}

function describeRoots(roots: readonly string[]): string {
  if (roots.length === 0) return 'none';
  return roots
    .slice(0, 3)
    .map((r) => `<${r.slice(0, 40)}>`)
    .join(', ');
}

export function isObject(value: unknown): value is XmlObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** All `<name>` children of an element, in document order (the parser folds one child into a non-array). */
export function children(element: XmlValue | undefined, name: string): XmlValue[] {
  if (!isObject(element) || !Object.hasOwn(element, name)) return [];
  const value = element[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The first `<name>` child; a repeated single-valued element reads as its first occurrence. */
export function child(element: XmlValue | undefined, name: string): XmlValue | undefined {
  return children(element, name)[0];
}

/** Direct text of an element, CDATA included, child elements' text excluded. Missing element: ''. */
export function textOf(element: XmlValue | undefined): string {
  if (typeof element === 'string') return element;
  if (Array.isArray(element)) return textOf(element[0]);
  if (!isObject(element) || !Object.hasOwn(element, TEXT)) return '';
  const text = element[TEXT];
  return typeof text === 'string' ? text : '';
}

/** Text of the first `<name>` child, or undefined when the child is missing or empty. */
export function optionalText(element: XmlValue | undefined, name: string): string | undefined {
  const text = textOf(child(element, name));
  return text === '' ? undefined : text;
}

/** Text of the first `<name>` child; a missing or empty child is a decode error. */
export function requiredText(what: string, element: XmlValue | undefined, name: string): string {
  const text = optionalText(element, name);
  if (text === undefined) throw new MaxComputeDecodeError(what, `missing <${name}>`);
  return text;
}

/** An attribute's value, or undefined when absent. */
export function attribute(element: XmlValue | undefined, name: string): string | undefined {
  if (!isObject(element)) return undefined;
  const key = ATTR + name;
  if (!Object.hasOwn(element, key)) return undefined;
  const value = element[key];
  return typeof value === 'string' ? value : undefined;
}

/** RFC 1123 date in the first `<name>` child; missing, empty or invalid gives undefined. */
export function optionalDate(element: XmlValue | undefined, name: string): Date | undefined {
  return parseHttpDate(optionalText(element, name));
}

/** True when the element has child elements (not just text and attributes). */
export function hasChildElements(element: XmlValue | undefined): boolean {
  return isObject(element) && Object.keys(element).some((k) => k !== TEXT && !k.startsWith(ATTR));
}
