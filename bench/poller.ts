import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { WebClient } from '@slack/web-api';
import { Agent, request } from 'undici';
import { DEMO_ACCOUNT } from '../src/emulator/options.ts';
import { MaxComputeClient } from '../src/maxcompute/client.ts';
import { ClientGateway } from '../src/maxcompute/gateway.ts';
import { silentLogger } from '../src/observability/logger.ts';
import { SlackPoster } from '../src/slack/slack-poster.ts';
import { SlackTrackerNotifier } from '../src/slack/tracker-notifier.ts';
import { MemoryInstanceStore } from '../src/store/memory-instance-store.ts';
import type { InstanceTerminatedEvent, TrackerNotifier } from '../src/tracker/notifier.ts';
import { Poller } from '../src/tracker/poller.ts';

/**
 * `npm run bench:poller`: 10,000 tracked running instances over 3 projects, the emulator (a child
 * process) answering at 50 ms, about 1 % of them finishing per tick. Prints requests per tick against
 * a naive one-GET-per-instance poller, tick wall time, end-to-notice latency and peak RSS; then the
 * 10k x 20 result benchmark (bench/big-result.ts) in a fresh process.
 */
const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '10000' },
    ticks: { type: 'string', default: '8' },
    'tick-ms': { type: 'string', default: '3000' },
    'latency-ms': { type: 'string', default: '50' },
  },
});
const total = Number(values.instances);
const ticks = Number(values.ticks);
const tickMs = Number(values['tick-ms']);
const perTick = Math.max(1, Math.round(total / 100));
const PROJECTS = ['bench_a', 'bench_b', 'bench_c'];
/** Time to submit and track everything before the first instance ends. */
const HEAD_START_MS = 30_000;

const child = spawn(
  process.execPath,
  [
    new URL('../src/emulator/main.ts', import.meta.url).pathname,
    '--port',
    '0',
    ...PROJECTS.flatMap((project) => ['--project', project]),
    '--latency-ms',
    values['latency-ms'] ?? '50',
    '--max-list-items',
    '1000',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const endpoint = await urlPrintedBy(child, /(http:\/\/127\.0\.0\.1:\d+\/api)/);
const admin = new URL(endpoint).origin;
const stats = async () =>
  (await (await request(`${admin}/__emulator/stats`)).body.json()) as {
    requests: number;
    byKind: Record<string, number>;
  };
const resetStats = async () => (await request(`${admin}/__emulator/stats/reset`, { method: 'POST' })).body.dump();

const slackChild = spawn(
  process.execPath,
  [new URL('../src/slack-standin/main.ts', import.meta.url).pathname, '--bot-token', 'xoxb-bench'],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const slackApiUrl = await urlPrintedBy(slackChild, /(http:\/\/127\.0\.0\.1:\d+\/api\/)/);
const poster = new SlackPoster(new WebClient('xoxb-bench', { slackApiUrl, retryConfig: { retries: 0 } }));
const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
const client = new MaxComputeClient({ endpoint, project: PROJECTS[0] ?? '', credentials: DEMO_ACCOUNT, dispatcher });
const gateway = new ClientGateway(client);
const store = new MemoryInstanceStore();

console.log(
  `poller benchmark: ${total} instances, ${perTick} finishing per ${tickMs} ms tick, ${values['latency-ms']} ms latency`,
);
const submitStarted = performance.now();
const endsAt = new Map<string, number>();
let next = 0;
const benchStart = Date.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < total) {
      const n = next++;
      const project = PROJECTS[n % PROJECTS.length] ?? 'bench_a';
      // Submission itself takes a while at this scale: finishing times count from the benchmark's start.
      const runFor = benchStart + HEAD_START_MS + Math.floor(n / perTick) * tickMs - Date.now();
      const instance = await client.runSql(`select ${n}`, {
        project,
        hints: { 'emulator.duration.ms': Math.max(0, runFor) },
      });
      endsAt.set(instance.id, benchStart + HEAD_START_MS + Math.floor(n / perTick) * tickMs);
      const ts = await poster.post('C0BENCH', { text: `card ${instance.id}`, blocks: [] });
      await store.track({
        project,
        instanceId: instance.id,
        teamId: 'T0BENCH',
        channelId: 'C0BENCH',
        cardTs: ts,
        // As the worker does at submission: the card's Logview link is made once and kept.
        logviewUrl: await instance.getLogviewAddress(),
        requestedBy: 'U0BENCH',
        origin: 'run',
        trackedAt: Date.now(),
        locale: 'en',
        mentions: [],
        status: 'Running',
        updatedAt: Date.now(),
      });
    }
  }),
);
console.log(`  submitted and tracked ${total} in ${((performance.now() - submitStarted) / 1000).toFixed(1)} s`);

const latencies: number[] = [];
const real = new SlackTrackerNotifier(poster, Date.now);
const timed: TrackerNotifier = {
  updateCard: (...args) => real.updateCard(...args),
  needsResultFile: (...args) => real.needsResultFile(...args),
  uploadResultFile: (...args) => real.uploadResultFile(...args),
  findPostedNotice: (...args) => real.findPostedNotice(...args),
  postNotice: async (instance, notice) => {
    const ts = await real.postNotice(instance, notice);
    const end = endsAt.get(instance.instanceId);
    if (end !== undefined) latencies.push(Date.now() - end);
    return ts;
  },
};
const events: InstanceTerminatedEvent[] = [];
const poller = new Poller(
  {
    store,
    gateway,
    notifier: timed,
    events: { publishTerminated: async (event) => void events.push(event) },
    logger: silentLogger,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  },
  { tickIntervalMs: tickMs },
);

const waitFor = benchStart + HEAD_START_MS - Date.now();
if (waitFor > 0) await new Promise((resolve) => setTimeout(resolve, waitFor));
const rows: string[] = [];
let tickRssMax = 0;
let lastKinds: Record<string, number> = {};
const loadedRss = process.memoryUsage().rss;
for (let tick = 0; tick < ticks; tick++) {
  await resetStats();
  const started = performance.now();
  const report = await poller.tick();
  const wall = performance.now() - started;
  const counted = await stats();
  const listing = counted.byKind['GET instances'] ?? 0;
  lastKinds = counted.byKind;
  tickRssMax = Math.max(tickRssMax, process.memoryUsage().rss);
  rows.push(
    `  tick ${tick + 1}: ${report.tracked} tracked, ${report.notices} notices, ${report.cardUpdates} card updates, ` +
      `${counted.requests} requests (${listing} listing), ${(wall / 1000).toFixed(2)} s`,
  );
  const pause = tickMs - wall;
  if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
}
for (const row of rows) console.log(row);
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
console.log(`  naive poller: ${total} requests per tick (one GET per tracked instance)`);
console.log(
  `  last tick by kind: ${Object.entries(lastKinds)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ')}`,
);
console.log(
  `  notices: ${latencies.length}, end-to-notice latency p50 ${(at(0.5) / 1000).toFixed(2)} s, p99 ${(at(0.99) / 1000).toFixed(2)} s`,
);
console.log(`  events published: ${events.length}`);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
console.log(`  RSS while ticking: max ${mb(tickRssMax)} MB (${mb(loadedRss)} MB before the first tick)`);
console.log(
  `  process peak RSS, including submitting the 10k instances: ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
);

await dispatcher.close();
for (const process of [child, slackChild]) {
  process.kill('SIGTERM');
  await once(process, 'exit');
}

const big = JSON.parse(
  execFileSync(process.execPath, [new URL('../bench/big-result.ts', import.meta.url).pathname])
    .toString()
    .trim()
    .split('\n')
    .at(-1) ?? '{}',
) as {
  rows: number;
  columns: number;
  csvBytes: number;
  complete: boolean;
  problems: string[];
  ms: number;
  peakRssMb: number;
};
console.log(
  `big result: ${big.rows} x ${big.columns} -> preview (${big.problems.length === 0 ? 'within Block Kit limits' : big.problems.join('; ')}) ` +
    `+ CSV ${(big.csvBytes / 1024 / 1024).toFixed(1)} MB in ${big.ms} ms, peak RSS ${big.peakRssMb} MB`,
);

/** Servers started as child processes print their URL on start; everything after is ignored. */
function urlPrintedBy(process: ReturnType<typeof spawn>, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!process.stdout) throw new Error('no stdout to read');
    createInterface({ input: process.stdout }).on('line', (line) => {
      const found = pattern.exec(line);
      if (found?.[1]) resolve(found[1]);
    });
    process.once('exit', () => reject(new Error('a benchmark server exited early')));
  });
}
