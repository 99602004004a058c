/**
 * The entity decoder handed to fast-xml-parser. It knows the five XML entities and numeric character
 * references, in one pass (so `&amp;#65;` stays `&#65;`). DTD entities are refused outright: the
 * service never sends a DOCTYPE, and honouring one is how entity-expansion attacks get in.
 */

const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g;

/** XML 1.0 `Char`: a reference to anything else is not well-formed, so it is left as written. */
function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

function replaceReference(match: string, ref: string): string {
  const named = NAMED[ref];
  if (named !== undefined) return named;
  const cp = ref.startsWith('#x') ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
  return isXmlChar(cp) ? String.fromCodePoint(cp) : match;
}

export class DoctypeRefusedError extends Error {
  constructor() {
    super('DOCTYPE declarations are not accepted');
  }
}

/** Shape of fast-xml-parser's `entityDecoder` option; stateless, so one instance serves every parse. */
export const xmlEntityDecoder = {
  setExternalEntities(_entities: Record<string, string>): void {},
  addInputEntities(_entities: Record<string, string>): void {
    // Only called when the parser met a <!DOCTYPE ...>.
    throw new DoctypeRefusedError();
  },
  reset(): void {},
  setXmlVersion(_version: number): void {},
  decode(text: string): string {
    return text.includes('&') ? text.replace(REFERENCE, replaceReference) : text;
  },
};
