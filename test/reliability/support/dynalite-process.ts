import { createServer, request as httpRequest, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { seededRandom } from '../../support/seeded-random.ts';

/**
 * dynalite as its own process, for the reliability suite: the store the stack talks to over HTTP,
 * kept out of the measured process as DynamoDB is on AWS (its expression parser would otherwise
 * take a third of the stack's event loop). In front of it, a proxy that can answer a rate of
 * requests 400 ProvisionedThroughputExceededException, as DynamoDB throttles, and lose a rate of
 * replies (the request is applied, then the connection is cut), as a network can.
 *
 * Prints one JSON line `{ "endpoint": … }`. Lines on stdin: `throttle <rate>` and `lose <rate>` set
 * the rates; `stats` answers one JSON line `{ "requests", "throttled", "lost" }`. The end of stdin
 * stops it.
 */
const dynalite = createRequire(import.meta.url)('dynalite') as (options: Record<string, number>) => Server;
const inner = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
await new Promise<void>((resolve) => inner.listen(0, '127.0.0.1', resolve));
const innerPort = (inner.address() as AddressInfo).port;

let rate = Number(process.argv[2] ?? 0);
let loseRate = 0;
const random = seededRandom(Number(process.argv[3] ?? 1));
let requests = 0;
let throttled = 0;
let lost = 0;
const proxy = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    requests++;
    if (rate > 0 && random() < rate) {
      throttled++;
      response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded (injected)',
        }),
      );
      return;
    }
    const forward = httpRequest(
      { host: '127.0.0.1', port: innerPort, method: request.method, path: request.url, headers: request.headers },
      (reply) => {
        if (loseRate > 0 && random() < loseRate) {
          lost++;
          reply.resume();
          reply.once('end', () => response.socket?.destroy());
          return;
        }
        response.writeHead(reply.statusCode ?? 500, reply.headers);
        reply.pipe(response);
      },
    );
    forward.on('error', () => response.destroy());
    forward.end(Buffer.concat(chunks));
  });
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
process.stdout.write(`${JSON.stringify({ endpoint: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` })}\n`);

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const [command, value] = line.trim().split(/\s+/);
  if (command === 'throttle') rate = Number(value);
  if (command === 'lose') loseRate = Number(value);
  if (command === 'stats') process.stdout.write(`${JSON.stringify({ requests, throttled, lost })}\n`);
});
input.once('close', () => {
  proxy.closeAllConnections();
  inner.closeAllConnections();
  proxy.close();
  inner.close(() => process.exit(0));
});
