import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after } from 'node:test';

/** One request as it went by: who signed it (the AccessKey id in its Authorization), and what it asked. */
export interface SignedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly accessId: string | undefined;
  readonly hasStsToken: boolean;
}

/**
 * A loopback proxy in front of the emulator that notes who signed each request, then passes it on
 * unchanged (MaxCompute's signature covers no host, so it still verifies). The product is pointed at
 * it as at MaxCompute; the test reads `requests` to see which identity asked for what.
 */
export async function startSigningRecorder(): Promise<{
  readonly url: string;
  readonly requests: SignedRequest[];
  /** Where requests go on to (the emulator's origin), once it is known. */
  target(origin: string): void;
}> {
  const requests: SignedRequest[] = [];
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    requests.push(noted(incoming));
    forward(origin, incoming, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    target: (value) => {
      origin = value;
    },
  };
}

function noted(incoming: IncomingMessage): SignedRequest {
  const authorization = incoming.headers.authorization ?? '';
  // `ODPS <id>:<signature>` (v2) or `ODPS <id>/<day>/<region>/odps/aliyun_v4_request:<signature>` (v4).
  const accessId = /^ODPS ([^:/]+)[:/]/.exec(authorization)?.[1];
  return {
    method: incoming.method ?? '',
    url: incoming.url ?? '',
    accessId,
    hasStsToken: typeof incoming.headers['authorization-sts-token'] === 'string',
  };
}

function forward(origin: string, incoming: IncomingMessage, outgoing: ServerResponse): void {
  const target = new URL(incoming.url ?? '/', origin);
  const upstream = httpRequest(
    target,
    { method: incoming.method, headers: { ...incoming.headers, host: target.host } },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  upstream.on('error', () => outgoing.destroy());
  incoming.pipe(upstream);
}
