import { createInterface } from 'node:readline';
import v8 from 'node:v8';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { handler } from '../functions/poller.ts';
import { Poller, type TickReport } from '../src/tracker/poller.ts';
import { memoryReadings } from './process-support.ts';

/**
 * The measured process of bench/poller.ts: functions/poller.ts, bundled with the deploy settings
 * (infra/lambda-bundle.ts) and configured only through its environment, as on Lambda. Nothing else
 * lives here: MaxCompute, DynamoDB, Slack and EventBridge are other processes or the harness.
 *
 * After `start` on stdin, the handler is invoked as the schedule invokes it, one invocation after
 * another with `BENCH_INVOCATION_MS` each (the Lambda timeout), and ticks in its own loop. The one
 * addition is a wrapper around `Poller.prototype.tick` (the bundle's own class, so the production
 * loop calls it): after each tick it reports, as a JSON line marked `"bench"` on stdout (the
 * function's log lines share it), and waits for `go` or `exit` on stdin, so the harness counts the
 * tick's requests while the poller is idle. `exit` ends the process after a last report.
 */
// From the environment, not an argument: Lambda's exec wrapper puts its flags before the last argument.
const invocationMs = Number(process.env.BENCH_INVOCATION_MS ?? '60000');

let sampledMax = 0;
const sample = () => {
  sampledMax = Math.max(sampledMax, process.memoryUsage.rss());
};
// RSS between the per-tick readings too, so a short spike inside a tick is not missed.
setInterval(sample, 20).unref();

/** `then` runs after the memory readings (so a forced collection there does not change them). */
function report(type: string, fields: Record<string, unknown> = {}, then: () => object = () => ({})): void {
  const memory = memoryReadings();
  sample();
  const readings = {
    ...memory,
    // V8's own malloc (compiler zones, parser) and its peak, outside the JS heap.
    malloced: v8.getHeapStatistics().malloced_memory,
    peakMalloced: v8.getHeapStatistics().peak_malloced_memory,
    sampledMaxRss: sampledMax,
    maxRss: process.resourceUsage().maxRSS * 1024,
  };
  process.stdout.write(`${JSON.stringify({ bench: type, ...fields, ...readings, ...then() })}\n`);
}

/**
 * With `--env BENCH_LIVE_HEAP=1` (an analysis run, not the default): the heap still in use after a
 * full collection, taken after the tick's other readings. Asked for by name, since Lambda's bootstrap
 * exposes gc() too and a forced collection every tick would change what is measured.
 */
function liveHeap(): { liveHeap?: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc || process.env.BENCH_LIVE_HEAP !== '1') return {};
  gc();
  return { liveHeap: process.memoryUsage().heapUsed };
}

const commands = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
async function command(): Promise<string> {
  const next = await commands.next();
  return next.done ? 'exit' : next.value.trim();
}

let ticks = 0;
const tick = Poller.prototype.tick;
Poller.prototype.tick = async function (this: Poller, signal?: AbortSignal): Promise<TickReport> {
  sampledMax = process.memoryUsage.rss();
  const started = performance.now();
  const counts = await tick.call(this, signal);
  const wallMs = performance.now() - started;
  report('tick', { tick: ++ticks, wallMs, ...counts }, liveHeap);
  if ((await command()) !== 'go') {
    report('exit');
    process.exit(0);
  }
  return counts;
};

function lambdaContext(remainingMs: number): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'odps-chatops-poller',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:odps-chatops-poller',
    memoryLimitInMB: '256',
    awsRequestId: `bench-${deadline}`,
    logGroupName: '/aws/lambda/odps-chatops-poller',
    logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

const event = { 'detail-type': 'Scheduled Event', source: 'aws.events' } as ScheduledEvent;

async function main(): Promise<void> {
  // The bundle has run by now; its root resolves the configuration after that, so let it settle.
  const uptimeMs = Math.round(process.uptime() * 1000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  report('loaded', { uptimeMs });
  if ((await command()) !== 'start') process.exit(0);
  for (;;) await handler(event, lambdaContext(invocationMs));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
