import type { ApiError } from './api-error.ts';
import { cdata, el, renderXmlDocument, type XmlElement } from './xml-writer.ts';

/** What a route produces; the server adds the request id, Date and length, then writes it. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Instead of `body`: bytes written as they come, with back-pressure (the tunnel's data). */
  stream?: AsyncIterable<Buffer>;
}

const XML = 'application/xml';

export function xmlReply(root: XmlElement, headers: Record<string, string> = {}, status = 200): Reply {
  return { status, headers: { 'Content-Type': XML, ...headers }, body: renderXmlDocument(root) };
}

export function textReply(body: string, status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': 'text/plain;charset=utf-8', ...headers }, body };
}

export function jsonReply(value: unknown, headers: Record<string, string> = {}, status = 200): Reply {
  return { status, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(value) };
}

export function emptyReply(status = 200, headers: Record<string, string> = {}): Reply {
  return { status, headers, body: '' };
}

export function htmlReply(body: string, status = 200): Reply {
  return { status, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body };
}

export function errorDocument(code: string, message: string, requestId: string, hostId: string): XmlElement {
  return el('Error', el('Code', code), el('Message', cdata(message)), el('RequestId', requestId), el('HostId', hostId));
}

export function errorReply(error: ApiError, requestId: string, hostId: string): Reply {
  return xmlReply(errorDocument(error.code, error.message, requestId, hostId), { ...error.headers }, error.status);
}
