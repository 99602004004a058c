import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

/**
 * dynalite as its own process, for bench/poller.ts: the store the measured poller talks to over
 * HTTP, kept out of the poller's process as DynamoDB is on AWS. Started like the local stack's
 * (src/store/embedded-dynalite.ts: tables ACTIVE at once, 127.0.0.1, a free port), plus a count of
 * the requests per DynamoDB operation. Prints its endpoint; each `stats` line on stdin is answered
 * with one JSON line of the counts so far. SIGTERM (or the end of stdin) stops it.
 */
const dynalite = createRequire(import.meta.url)('dynalite') as (options: Record<string, number>) => Server;
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
const requests: Record<string, number> = {};
server.prependListener('request', (request) => {
  // `X-Amz-Target: DynamoDB_20120810.Query`: the operation is the part after the dot.
  const operation = String(request.headers['x-amz-target'] ?? 'unknown').replace(/^.*\./, '');
  requests[operation] = (requests[operation] ?? 0) + 1;
});
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(0, '127.0.0.1', () => resolve());
});
const { port } = server.address() as AddressInfo;
process.stdout.write(`dynalite listening\n  endpoint: http://127.0.0.1:${port}\n`);
const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() === 'stats') process.stdout.write(`${JSON.stringify({ requests })}\n`);
});
const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
input.once('close', stop);
process.once('SIGTERM', stop);
