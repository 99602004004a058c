import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedEntry {
  readonly Source: string;
  readonly DetailType: string;
  readonly Detail: string;
  readonly EventBusName?: string;
}

export interface EventBridgeStandinOptions {
  /** 0..1: each entry fails (inside a 200 answer) with this probability; `setFailRate` changes it later. */
  readonly failRate?: number;
  readonly random?: () => number;
  /** Called for each accepted entry after the answer is sent, as a rule's target would be invoked. */
  readonly onAccepted?: (entry: RecordedEntry) => void;
}

/**
 * EventBridge's PutEvents as the AWS SDK speaks it (JSON 1.1, `X-Amz-Target: AWSEvents.PutEvents`),
 * on 127.0.0.1:0. It can fail the next N entries, or a rate of them, inside a 200 answer, as the real
 * service does (FailedEntryCount, ErrorCode per entry).
 */
export async function startEventBridgeStandin(options: EventBridgeStandinOptions = {}) {
  const accepted: RecordedEntry[] = [];
  let calls = 0;
  let failNextEntries = 0;
  let failRate = options.failRate ?? 0;
  let failedEntries = 0;
  const random = options.random ?? Math.random;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      calls++;
      const target = request.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify({ __type: 'UnknownOperationException', message: String(target) }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries: RecordedEntry[] };
      let failed = 0;
      const delivered: RecordedEntry[] = [];
      const entries = body.Entries.map((entry) => {
        const injected = failNextEntries > 0 || (failRate > 0 && random() < failRate);
        if (injected) {
          if (failNextEntries > 0) failNextEntries--;
          failed++;
          failedEntries++;
          return { ErrorCode: 'InternalFailure', ErrorMessage: 'injected' };
        }
        accepted.push(entry);
        delivered.push(entry);
        return { EventId: randomUUID() };
      });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify({ Entries: entries, FailedEntryCount: failed }));
      for (const entry of delivered) options.onAccepted?.(entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    calls: () => calls,
    failNext: (entries: number) => {
      failNextEntries = entries;
    },
    setFailRate: (rate: number) => {
      failRate = rate;
    },
    /** Entries answered with an ErrorCode so far. */
    failedEntries: () => failedEntries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
