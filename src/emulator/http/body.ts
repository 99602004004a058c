import type { IncomingMessage, ServerResponse } from 'node:http';
import { httpDate } from './http-date.ts';
import type { Reply } from './reply.ts';

/** Request bodies are small XML or JSON documents; anything past this is refused. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`Request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Writes a reply with the headers every response carries: x-odps-request-id, Date (by the emulator clock). */
export function writeReply(response: ServerResponse, reply: Reply, requestId: string, nowMs: number): void {
  if (response.destroyed || response.writableEnded) return;
  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status, {
    ...reply.headers,
    'x-odps-request-id': requestId,
    Date: httpDate(nowMs),
    'Content-Length': String(body.length),
  });
  response.end(body);
}

/** Splits a request target into its raw path and raw query (no decoding). */
export function splitTarget(target: string): { path: string; query: string } {
  const at = target.indexOf('?');
  return at < 0 ? { path: target, query: '' } : { path: target.slice(0, at), query: target.slice(at + 1) };
}
