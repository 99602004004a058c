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

/**
 * Writes a streamed reply (no Content-Length: chunked), waiting for the socket to drain, so a slow
 * reader slows the source down. A source that fails midway cuts the connection, as a real server
 * would have to once the status is sent.
 */
export async function writeStreamReply(
  response: ServerResponse,
  reply: Reply & { stream: AsyncIterable<Buffer> },
  requestId: string,
  nowMs: number,
): Promise<void> {
  if (response.destroyed || response.writableEnded) return;
  response.writeHead(reply.status, { ...reply.headers, 'x-odps-request-id': requestId, Date: httpDate(nowMs) });
  try {
    for await (const chunk of reply.stream) {
      if (response.destroyed) break;
      if (!response.write(chunk)) await drainedOrClosed(response);
    }
    if (!response.destroyed) response.end();
  } catch {
    response.destroy();
  }
}

function drainedOrClosed(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/** Splits a request target into its raw path and raw query (no decoding). */
export function splitTarget(target: string): { path: string; query: string } {
  const at = target.indexOf('?');
  return at < 0 ? { path: target, query: '' } : { path: target.slice(0, at), query: target.slice(at + 1) };
}
