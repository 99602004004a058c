import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Request bodies parsed into a small ordered tree. Order matters: a Job's <Tasks> may interleave
 * <SQL> and <SQLRT> elements, which a key-per-name object would regroup.
 */
export interface XmlNode {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** Concatenated text and CDATA directly inside this element, untrimmed. */
  readonly text: string;
}

export class XmlSyntaxError extends Error {}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  processEntities: true,
});

type Raw = Record<string, unknown>;

/** Parses a document and returns its root element; throws XmlSyntaxError on anything not well formed. */
export function parseXml(body: string): XmlNode {
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new XmlSyntaxError(`${valid.err.msg} (line ${valid.err.line})`);
  const roots = toNodes(parser.parse(body) as Raw[]).filter((node) => !node.name.startsWith('?'));
  const root = roots[0];
  if (root === undefined || roots.length > 1) throw new XmlSyntaxError('Expected exactly one root element');
  return root;
}

function toNodes(items: Raw[]): XmlNode[] {
  const nodes: XmlNode[] = [];
  for (const item of items) {
    const name = Object.keys(item).find((key) => key !== ':@');
    if (name === undefined || name === '#text' || name === '#cdata') continue;
    const content = (item[name] ?? []) as Raw[];
    const attrs = (item[':@'] ?? {}) as Record<string, string>;
    nodes.push({ name, attrs, children: toNodes(content), text: textOf(content) });
  }
  return nodes;
}

function textOf(content: Raw[]): string {
  let text = '';
  for (const item of content) {
    if ('#text' in item) text += String(item['#text']);
    else if ('#cdata' in item) text += textOf(item['#cdata'] as Raw[]);
  }
  return text;
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Trimmed text of a direct child, or undefined when the child is absent. */
export function childText(node: XmlNode, name: string): string | undefined {
  const found = child(node, name);
  return found === undefined ? undefined : found.text.trim();
}
