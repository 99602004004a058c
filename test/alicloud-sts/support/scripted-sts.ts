import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server on port 0 that answers like STS from a script, one answer per request, and
 * records what each request carried. It checks the signature with its own few lines of the
 * documented algorithm (not the client's code), so a client bug cannot hide on both sides.
 */

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly query: Readonly<Record<string, string>>;
  readonly form: Readonly<Record<string, string>>;
  /** Whether `Signature` matches the documented algorithm with the caller's secret. */
  readonly signatureValid: boolean;
}

/** A reply: status and JSON (or raw text) body; `stall` never answers; `drop` closes the connection. */
export type Reply = { readonly status: number; readonly body: unknown; readonly raw?: boolean } | 'stall' | 'drop';

export interface ScriptedSts {
  readonly endpoint: string;
  readonly requests: SeenRequest[];
  /** Replies for the next requests, in order; when they run out, every request gets `success()`. */
  script(...replies: Reply[]): void;
  close(): Promise<void>;
}

export function success(overrides: Record<string, unknown> = {}): Reply {
  return {
    status: 200,
    body: {
      RequestId: '6894B13B-6D71-4EF5-88FA-F32781734A7F',
      AssumedRoleUser: {
        Arn: 'acs:ram::1234567890123456:role/analyst/slack.U0ADA',
        AssumedRoleId: '344584339364951186:slack.U0ADA',
      },
      Credentials: {
        AccessKeyId: 'STS.L4aBSCSJVMuKg5U1temp',
        AccessKeySecret: 'wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pKtemp',
        SecurityToken: 'CAIS8gF1q6Ft5B2yfSjIr5bSEtemptoken+/=',
        Expiration: '2024-03-15T09:30:00Z',
      },
      ...overrides,
    },
  };
}

export function refusal(status: number, code: string, message: string, requestId = 'REQ-1'): Reply {
  return {
    status,
    body: {
      RequestId: requestId,
      HostId: 'sts.aliyuncs.com',
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${code}&product=Sts&requestId=${requestId}`,
    },
  };
}

export async function startScriptedSts(secrets: Readonly<Record<string, string>>): Promise<ScriptedSts> {
  const requests: SeenRequest[] = [];
  const queue: Reply[] = [];
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const secret = secrets[query.AccessKeyId ?? ''];
    const signatureValid =
      secret !== undefined && query.Signature === documentedSignature(req.method ?? '', { ...query, ...form }, secret);
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      contentType: req.headers['content-type'],
      query,
      form,
      signatureValid,
    });
    const reply = queue.shift() ?? success();
    if (reply === 'stall') return;
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    const text = reply.raw ? String(reply.body) : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': reply.raw ? 'text/html' : 'application/json;charset=utf-8' });
    res.end(text);
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    script: (...replies) => {
      queue.length = 0;
      queue.push(...replies);
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The documented algorithm, written again: sorted `k=v` (RFC 3986), `METHOD&%2F&enc(query)`, HMAC-SHA1 with `secret&`. */
function documentedSignature(method: string, params: Record<string, string>, secret: string): string {
  const encode = (text: string) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonical = Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${encode(key)}=${encode(params[key] ?? '')}`)
    .join('&');
  return createHmac('sha1', `${secret}&`)
    .update(`${method}&${encode('/')}&${encode(canonical)}`)
    .digest('base64');
}
