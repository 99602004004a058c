/**
 * A tiny XML writer: every response document goes through it, so escaping lives in one place.
 * Elements holding only text or CDATA render on one line, others are indented by two spaces.
 */

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlChild[];
}
export interface XmlText {
  readonly kind: 'text';
  readonly value: string;
}
export interface XmlCdata {
  readonly kind: 'cdata';
  readonly value: string;
}
export type XmlChild = XmlElement | XmlText | XmlCdata;

/** What `el` accepts as content: strings become text, null/undefined/false are skipped (optional elements). */
export type XmlContent = XmlChild | string | number | null | undefined | false | readonly XmlContent[];

type Attrs = Readonly<Record<string, string | number | undefined>>;

/** `el('Status', 'Running')`, `el('Stage', { ID: 'M1' }, el(...), ...)`. */
export function el(name: string, attrsOrContent?: Attrs | XmlContent, ...content: XmlContent[]): XmlElement {
  let attrs: Record<string, string> = {};
  const all: XmlContent[] = [];
  if (isAttrs(attrsOrContent)) {
    attrs = Object.fromEntries(
      Object.entries(attrsOrContent)
        .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
        .map(([key, value]) => [key, String(value)]),
    );
  } else {
    all.push(attrsOrContent);
  }
  all.push(...content);
  return { kind: 'element', name, attrs, children: flatten(all) };
}

export function cdata(value: string): XmlCdata {
  return { kind: 'cdata', value };
}

function isAttrs(value: Attrs | XmlContent): value is Attrs {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !('kind' in value);
}

function flatten(content: readonly XmlContent[]): XmlChild[] {
  const out: XmlChild[] = [];
  for (const item of content) {
    if (item === null || item === undefined || item === false) continue;
    if (Array.isArray(item)) out.push(...flatten(item));
    else if (typeof item === 'string' || typeof item === 'number') out.push({ kind: 'text', value: String(item) });
    else out.push(item as XmlChild);
  }
  return out;
}

/** A whole document with the declaration the service uses; ends with a newline. */
export function renderXmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderElement(root, '')}\n`;
}

export function renderElement(element: XmlElement, indent: string): string {
  const attrs = Object.entries(element.attrs)
    .map(([key, value]) => ` ${key}="${escapeXmlAttr(value)}"`)
    .join('');
  const open = `${indent}<${element.name}${attrs}`;
  if (element.children.length === 0) return `${open}/>`;
  if (element.children.every((child) => child.kind !== 'element')) {
    return `${open}>${element.children.map(renderInline).join('')}</${element.name}>`;
  }
  const inner = element.children.map((child) =>
    child.kind === 'element' ? renderElement(child, `${indent}  `) : `${indent}  ${renderInline(child)}`,
  );
  return `${open}>\n${inner.join('\n')}\n${indent}</${element.name}>`;
}

function renderInline(child: XmlText | XmlCdata): string {
  return child.kind === 'text' ? escapeXmlText(child.value) : renderCdata(child.value);
}

/** `]]>` cannot appear inside one CDATA section, so it is split across two. */
export function renderCdata(value: string): string {
  return `<![CDATA[${stripInvalidXmlChars(value).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function escapeXmlText(value: string): string {
  return stripInvalidXmlChars(value).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function escapeXmlAttr(value: string): string {
  return escapeXmlText(value)
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;')
    .replaceAll('\t', '&#9;');
}

/** XML 1.0 cannot carry most C0 controls even in CDATA; a U+FFFD keeps the document parseable. */
function stripInvalidXmlChars(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}
