import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { SlackHttpRequest, SlackRequestGuard } from './slack-request-guard.ts';

export interface GuardedListenerOptions {
  /** The one path Slack posts to. Default `/slack/events`. */
  readonly path?: string;
  /** Largest body read, in bytes (Bolt's default, 4 MB); a larger one gets 413. */
  readonly bodyLimit?: number;
}

/**
 * A Node request listener that puts the {@link SlackRequestGuard} in front of Bolt's HTTPReceiver
 * (its public `requestListener`). The body is read here, the guard decides, and only an admitted
 * request is handed on, carrying the bytes already read as `rawBody`: Bolt's exported
 * `BufferedIncomingMessage` shape, which its `bufferIncomingMessage` uses instead of reading the
 * stream again. Bolt still verifies the signature itself; nothing here depends on its private parts.
 */
export function guardedRequestListener(
  guard: SlackRequestGuard,
  inner: RequestListener,
  options: GuardedListenerOptions = {},
): RequestListener {
  const path = options.path ?? '/slack/events';
  const bodyLimit = options.bodyLimit ?? 4 * 1024 * 1024;
  return (request, response) => {
    void (async () => {
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (request.method !== 'POST' || pathname !== path) return answer(response, 404);
      const rawBody = await readBody(request, bodyLimit);
      if (rawBody === undefined) {
        response.writeHead(413, { 'content-length': '0', connection: 'close' });
        response.end(() => request.destroy());
        return;
      }
      const decision = await guard.decide(slackRequestOf(request, rawBody));
      if (decision.kind !== 'admit') return answer(response, decision.status);
      inner(Object.assign(request, { rawBody }), response);
    })().catch(() => {
      if (!response.headersSent) answer(response, 500);
      else response.destroy();
    });
  };
}

function slackRequestOf(request: IncomingMessage, rawBody: Buffer): SlackHttpRequest {
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  return {
    contentType: header('content-type'),
    timestamp: header('x-slack-request-timestamp'),
    signature: header('x-slack-signature'),
    rawBody,
  };
}

/**
 * The whole body, or undefined as soon as it passes `limit` bytes: the rest is not read, and the
 * connection is closed once the 413 is out.
 */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      request.pause();
      resolve(undefined);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

function answer(response: ServerResponse, status: number): void {
  response.writeHead(status, { 'content-length': '0' });
  response.end();
}
