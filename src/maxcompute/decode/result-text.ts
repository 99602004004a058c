/** The `<Result Format=".." Transform="..">` element shared by `?result` and `?xresult`. */
import { decodeBase64Utf8 } from './base64.ts';
import { attribute, textOf, type XmlValue } from './xml.ts';

export interface ResultText {
  /** `Format` attribute; `text` when absent, as PyODPS assumes. */
  readonly format: string;
  /** Direct text (CDATA included), base64-decoded when `Transform="Base64"`. */
  readonly text: string;
}

export function readResult(what: string, result: XmlValue | undefined): ResultText {
  const format = attribute(result, 'Format') || 'text';
  const raw = textOf(result);
  const base64 = attribute(result, 'Transform')?.trim().toLowerCase() === 'base64';
  return { format, text: base64 && raw !== '' ? decodeBase64Utf8(what, raw) : raw };
}
