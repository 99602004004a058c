import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { WebClient } from '@slack/web-api';
import { build } from 'esbuild';
import { Agent } from 'undici';
import { lambdaBundleOptions } from '../infra/lambda-bundle.ts';
import { DEMO_ACCOUNT } from '../src/emulator/options.ts';
import { MaxComputeClient } from '../src/maxcompute/client.ts';
import { SlackPoster } from '../src/slack/slack-poster.ts';
import { startSlackStandin } from '../src/slack-standin/index.ts';
import { DynamoDbInstanceStore } from '../src/store/dynamodb-instance-store.ts';
import { toInstanceItem } from '../src/store/dynamodb-item-layout.ts';
import { createInstanceTable } from '../src/store/dynamodb-table.ts';
import { localDynamoDbClient } from '../src/store/embedded-dynalite.ts';
import { DEFAULT_INSTANCE_TTL_SECONDS, expiresAtSeconds } from '../src/store/expiry.ts';
import { DEFAULT_POLLER_OPTIONS } from '../src/tracker/poller.ts';
import type { TrackedInstance } from '../src/tracker/tracked-instance.ts';
import { startEmulatorProcess } from '../test/support/emulator-process.ts';
import { startEventBridgeStandin } from '../test/support/eventbridge-standin.ts';
import { linesOf } from './process-support.ts';

/**
 * `npm run bench:poller`: the poller as it runs on AWS, measured in a process of its own.
 *
 * - the measured process: functions/poller.ts bundled with the deploy settings and configured only
 *   through its environment; bench/poller-process.ts invokes its handler as the schedule does (one
 *   `--invocation-ms` invocation after another, ticking every `--tick-ms`) and reports after each tick;
 * - MaxCompute: the emulator, a child process, answering at 50 ms;
 * - DynamoDB: dynalite, another child process (bench/dynalite-server.ts), the table made from
 *   src/store/dynamodb-table.ts;
 * - Slack and EventBridge: the Web API stand-in and a PutEvents stand-in in this harness, which
 *   also submits the instances, writes the tracked records over DynamoDB's API and times the notices
 *   by when the stand-in received them.
 *
 * 10,000 tracked running instances over 3 projects, about 1 % finishing per tick. Prints requests
 * per tick against a naive one-GET-per-instance poller, tick wall time, end-to-notice latency and
 * the poller process's memory; then the 10k x 20 result benchmark (bench/big-result.ts) in a fresh
 * process.
 */
const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '10000' },
    ticks: { type: 'string', default: '8' },
    'tick-ms': { type: 'string', default: '3000' },
    'latency-ms': { type: 'string', default: '50' },
    /** Pads each submitted (and recorded) SQL with a comment to this length; the worker keeps up to 4,000. */
    'sql-chars': { type: 'string', default: '0' },
    /** Time to submit, record and start the poller before the first instance ends. */
    'head-start-ms': { type: 'string', default: '90000' },
    /** The poller function's timeout: each scheduled invocation ticks until 10 s before it. */
    'invocation-ms': { type: 'string', default: '60000' },
    /** Instances ending per tick; default 1 % of them. */
    'finishing-per-tick': { type: 'string' },
    /**
     * The poller function's memory (serverless.yml: 512). The process starts as Lambda's Node.js
     * bootstrap starts it for that much memory (`--max-semi-space-size` memory / 20,
     * `--max-old-space-size` memory × 0.9) through the function's exec wrapper,
     * infra/lambda-heap-flags.sh. `0`: plain `node` with Node's own defaults, no wrapper.
     */
    'lambda-memory-mb': { type: 'string', default: '512' },
    /** The bootstrap's flags without the exec wrapper (as a function without AWS_LAMBDA_EXEC_WRAPPER). */
    'without-wrapper': { type: 'boolean', default: false },
    /** NODE_OPTIONS of the poller process (the bootstrap's command-line flags win over it). */
    'node-options': { type: 'string', default: '' },
    /** More variables for the poller's environment, `NAME=value`, e.g. MALLOC_ARENA_MAX=2. */
    env: { type: 'string', multiple: true, default: [] },
  },
});
const total = Number(values.instances);
const ticks = Number(values.ticks);
const tickMs = Number(values['tick-ms']);
const sqlChars = Number(values['sql-chars']);
const headStartMs = Number(values['head-start-ms']);
const perTick = Math.max(1, Number(values['finishing-per-tick'] ?? Math.round(total / 100)));
const PROJECTS = ['bench_a', 'bench_b', 'bench_c'];
const TABLE = 'odps_instances_bench';
const CHANNEL = 'C0BENCH';
const BOT_TOKEN = 'xoxb-bench';
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

const emulator = await startEmulatorProcess([
  ...PROJECTS.flatMap((project) => ['--project', project]),
  '--latency-ms',
  values['latency-ms'] ?? '50',
  '--max-list-items',
  '1000',
]);
const { endpoint } = emulator;
const dynalite = spawn(process.execPath, [new URL('./dynalite-server.ts', import.meta.url).pathname], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const dynaliteLines = linesOf(dynalite);
const dynamoEndpoint = await dynaliteLines.match(/endpoint: (http:\/\/127\.0\.0\.1:\d+)/);
const emulatorStats = () => emulator.stats();
const dynamoStats = async () => {
  dynalite.stdin?.write('stats\n');
  return JSON.parse(await dynaliteLines.match(/^(\{.*\})$/)) as { requests: Record<string, number> };
};

const slack = await startSlackStandin({ botToken: BOT_TOKEN });
const eventbridge = await startEventBridgeStandin();
const dynamo = localDynamoDbClient(dynamoEndpoint, 3);
await createInstanceTable(dynamo, TABLE);
const documents = DynamoDBDocumentClient.from(dynamo);

const poster = new SlackPoster(new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }));
const dispatcher = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
const client = new MaxComputeClient({ endpoint, project: PROJECTS[0] ?? '', credentials: DEMO_ACCOUNT, dispatcher });

console.log(
  `poller benchmark: ${total} instances, ${perTick} finishing per ${tickMs} ms tick, ${values['latency-ms']} ms latency` +
    (sqlChars > 0 ? `, SQL padded to ${sqlChars} characters` : '') +
    (values['node-options'] ? `, poller NODE_OPTIONS=${values['node-options']}` : '') +
    values.env.map((pair) => `, poller ${pair}`).join(''),
);
const submitStarted = performance.now();
/** When each instance ends, by the card its notice will be threaded under. */
const endsAtByCard = new Map<string, number>();
const records: TrackedInstance[] = [];
let next = 0;
const benchStart = Date.now();
await Promise.all(
  Array.from({ length: 64 }, async () => {
    while (next < total) {
      const n = next++;
      const project = PROJECTS[n % PROJECTS.length] ?? 'bench_a';
      const endsAt = benchStart + headStartMs + Math.floor(n / perTick) * tickMs;
      const sql = padded(`select ${n}`);
      // Submission itself takes a while at this scale: finishing times count from the benchmark's start.
      const instance = await client.runSql(sql, {
        project,
        hints: { 'emulator.duration.ms': Math.max(0, endsAt - Date.now()) },
      });
      const cardTs = await poster.post(CHANNEL, { text: `card ${instance.id}`, blocks: [] });
      endsAtByCard.set(cardTs, endsAt);
      // What the worker records at submission (src/slack/worker/run-job.ts), card attached.
      records.push({
        project,
        instanceId: instance.id,
        teamId: 'T0BENCH',
        channelId: CHANNEL,
        cardTs,
        requestedBy: 'U0BENCH',
        origin: 'run',
        trackedAt: Date.now(),
        sql,
        locale: 'en',
        logviewUrl: await instance.getLogviewAddress(),
        mentions: [],
        status: 'Running',
        updatedAt: Date.now(),
      });
    }
  }),
);
console.log(`  submitted ${total} in ${((performance.now() - submitStarted) / 1000).toFixed(1)} s`);

const writeStarted = performance.now();
await writeRecords(records);
const first = records[0];
const stored = first && (await new DynamoDbInstanceStore({ client: documents, tableName: TABLE }).get(first));
if (stored?.cardTs !== first?.cardTs) throw new Error('a written record does not read back through the store');
console.log(
  `  wrote ${records.length} tracked records to DynamoDB (dynalite, BatchWriteItem) in ${((performance.now() - writeStarted) / 1000).toFixed(1)} s`,
);
records.length = 0;

const bundleDir = new URL('../.tmp/', import.meta.url).pathname;
mkdirSync(bundleDir, { recursive: true });
const bundle = resolve(bundleDir, 'poller-process.cjs');
await build(lambdaBundleOptions(new URL('./poller-process.ts', import.meta.url).pathname, bundle));
const [command, args] = pollerCommand(bundle);
console.log(`  poller started as: ${[command, ...args].join(' ')}`);
const poller = spawn(command, args, {
  stdio: ['pipe', 'pipe', 'inherit'],
  // Only what the function's configuration holds on Lambda (secrets given as values, so no extension).
  env: {
    PATH: process.env.PATH,
    TZ: 'UTC',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: eventbridge.url,
    SLACK_SIGNING_SECRET: 'bench-signing-secret-0123456789',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: slack.apiUrl,
    ODPS_ENDPOINT: endpoint,
    ODPS_PROJECT_NAME: PROJECTS[0],
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCOUNT.secret,
    ODPS_TABLE_NAME: TABLE,
    ODPS_EVENT_BUS_NAME: 'odps-chatops-bench',
    ODPS_POLL_INTERVAL_MS: String(tickMs),
    BENCH_INVOCATION_MS: values['invocation-ms'],
    ...(values['node-options'] ? { NODE_OPTIONS: values['node-options'] } : {}),
    ...Object.fromEntries(
      values.env.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    ),
  },
});
const pollerLines = linesOf(poller, (line) => {
  // The function's own warnings and errors are shown as they come (info lines, one per notice, are not).
  if (/"level":"(warn|error)"/.test(line)) process.stderr.write(`  poller: ${line}\n`);
});
const nextReport = async () => JSON.parse(await pollerLines.match(/^(\{"bench":.*\})$/)) as PollerReport;
const loaded = await nextReport();
console.log(
  `  poller process: ${(statSync(bundle).size / 1024 / 1024).toFixed(2)} MiB bundle, ` +
    `loaded in ${loaded.uptimeMs} ms with ${mb(loaded.rss)} MB RSS (${memoryParts(loaded)})`,
);

// The poller's first listing comes half a tick after the first instances end (and so on): a notice
// then waits half an interval on average, as with instances ending at any moment.
const waitFor = benchStart + headStartMs + tickMs / 2 - Date.now();
if (waitFor < 0)
  console.log(`  (setup overran the head start by ${(-waitFor / 1000).toFixed(1)} s: early latencies include it)`);
else await new Promise((resolve) => setTimeout(resolve, waitFor));

slack.clearCalls();
const processes = { poller, dynalite, emulator: emulator.child };
const cpuBefore = cpuSeconds(processes);
const loadBefore = loadavg()[0] ?? 0;
poller.stdin?.write('start\n');
let lastMaxCompute = await emulatorStats();
let lastDynamo = await dynamoStats();
const latencies: number[] = [];
const rows: string[] = [];
const tickReports: PollerReport[] = [];
let lastKinds: Record<string, number> = {};
let lastOperations: Record<string, number> = {};
for (let tick = 1; tick <= ticks; tick++) {
  const report = await nextReport();
  tickReports.push(report);
  // The poller waits for `go`: everything counted now belongs to this tick.
  const maxCompute = await emulatorStats();
  const dynamoNow = await dynamoStats();
  lastKinds = difference(maxCompute.byKind, lastMaxCompute.byKind);
  lastOperations = difference(dynamoNow.requests, lastDynamo.requests);
  const requests = maxCompute.requests - lastMaxCompute.requests;
  const dynamoRequests = Object.values(lastOperations).reduce((sum, count) => sum + count, 0);
  [lastMaxCompute, lastDynamo] = [maxCompute, dynamoNow];
  const calls = slack.calls();
  slack.clearCalls();
  // This tick's notices alone too: the first ticks carry the start's backlog, the later ones show
  // the steady state.
  const tickLatencies: number[] = [];
  for (const call of calls) {
    const threadTs = call.args.thread_ts;
    if (call.method !== 'chat.postMessage' || typeof threadTs !== 'string') continue;
    const end = endsAtByCard.get(threadTs);
    if (end !== undefined) tickLatencies.push(call.at - end);
  }
  latencies.push(...tickLatencies);
  tickLatencies.sort((a, b) => a - b);
  const tickMedian = tickLatencies[Math.floor(tickLatencies.length / 2)];
  poller.stdin?.write(tick < ticks ? 'go\n' : 'exit\n');
  rows.push(
    `  tick ${tick}: ${report.tracked} tracked, ${report.notices} notices, ${report.cardUpdates} card updates, ` +
      (report.errors > 0 ? `${report.errors} errors, ` : '') +
      `${requests} MaxCompute requests (${lastKinds['GET instances'] ?? 0} listing), ${dynamoRequests} DynamoDB requests, ` +
      `${(report.wallMs / 1000).toFixed(2)} s` +
      (tickMedian === undefined ? '' : `, its notices' latency p50 ${(tickMedian / 1000).toFixed(2)} s`) +
      `; RSS ${mb(report.rss)} MB after it (${memoryParts(report)}), ${mb(report.sampledMaxRss)} MB max during it`,
  );
}
const cpu = cpuSeconds(processes);
const exit = await nextReport();
await once(poller, 'exit');

for (const row of rows) console.log(row);
if (cpu && cpuBefore) {
  const ticking = tickReports.reduce((sum, report) => sum + report.wallMs, 0) / 1000;
  console.log(
    `  CPU time while ticking (${ticking.toFixed(1)} s of ticks): ` +
      Object.entries(cpu)
        .map(([name, seconds]) => `${name} ${(seconds - (cpuBefore[name] ?? 0)).toFixed(1)} s`)
        .join(', ') +
      `; load average ${loadBefore.toFixed(1)} before the ticks, ${loadavg()[0]?.toFixed(1)} after ` +
      `(${availableParallelism()} cores, shared with whatever else runs)`,
  );
}
latencies.sort((a, b) => a - b);
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
const byCount = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
console.log(`  naive poller: ${total} requests per tick (one GET per tracked instance)`);
console.log(`  last tick by kind: MaxCompute ${byCount(lastKinds)}; DynamoDB ${byCount(lastOperations)}`);
console.log(
  `  notices: ${latencies.length}, end-to-notice latency (instance end -> chat.postMessage received) ` +
    `p50 ${(at(0.5) / 1000).toFixed(2)} s, p99 ${(at(0.99) / 1000).toFixed(2)} s`,
);
console.log(
  `  events published: ${eventbridge.accepted.filter((entry) => entry.DetailType === 'Instance Terminated').length}`,
);
const tickRss = tickReports.map((report) => report.rss);
console.log(
  `  poller process RSS: ${mb(loaded.rss)} MB after load, ${mb(Math.min(...tickRss))}-${mb(Math.max(...tickRss))} MB after each tick, ` +
    `${mb(Math.max(...tickReports.map((report) => report.sampledMaxRss)))} MB max sampled while ticking, ` +
    `peak ${mb(exit.maxRss)} MB (resourceUsage().maxRSS)`,
);

await dispatcher.close();
await Promise.all([slack.close(), eventbridge.close()]);
dynamo.destroy();
await emulator.close();
dynalite.kill('SIGTERM');
await once(dynalite, 'exit');

interface BigResult {
  readonly rows: number;
  readonly columns: number;
  readonly csvBytes: number;
  readonly complete: boolean;
  readonly problems: string[];
  readonly ms: number;
  readonly held: number;
  readonly heapUsedMb: number;
  readonly peakRssMb: number;
}
const bigResultEntry = new URL('../bench/big-result.ts', import.meta.url).pathname;
const bigResult = ([command, args]: [string, string[]], held: number): BigResult =>
  JSON.parse(
    execFileSync(command, args, { env: { ...process.env, BENCH_HELD: String(held) } })
      .toString()
      .trim()
      .split('\n')
      .at(-1) ?? '{}',
  ) as BigResult;
const big = bigResult([process.execPath, [bigResultEntry]], 1);
console.log(
  `big result: ${big.rows} x ${big.columns} -> preview (${big.problems.length === 0 ? 'within Block Kit limits' : big.problems.join('; ')}) ` +
    `+ CSV ${(big.csvBytes / 1024 / 1024).toFixed(1)} MB in ${big.ms} ms, peak RSS ${big.peakRssMb} MB`,
);
// As many as the poller has notices in flight by default, each holding its result, started as the
// poller is (Lambda's bootstrap flags, then the exec wrapper's heap limits).
const inFlight = bigResult(pollerCommand(bigResultEntry), DEFAULT_POLLER_OPTIONS.concurrency);
console.log(
  `${inFlight.held} big results held at once, started as the poller: heap ${inFlight.heapUsedMb} MB in use, ` +
    `peak RSS ${inFlight.peakRssMb} MB`,
);

interface PollerReport {
  readonly bench: 'loaded' | 'tick' | 'exit';
  readonly uptimeMs?: number;
  readonly wallMs: number;
  readonly tracked: number;
  readonly notices: number;
  readonly cardUpdates: number;
  readonly errors: number;
  readonly rssAnon?: number;
  readonly rssFile?: number;
  readonly liveHeap?: number;
  readonly malloced: number;
  readonly peakMalloced: number;
  readonly rss: number;
  readonly heapTotal: number;
  readonly heapUsed: number;
  readonly external: number;
  readonly arrayBuffers: number;
  readonly sampledMaxRss: number;
  readonly maxRss: number;
}

/** What the RSS is made of: Linux's anonymous / file-backed split and V8's heap. */
function memoryParts(report: PollerReport): string {
  const split = report.rssAnon === undefined ? '' : `anon ${mb(report.rssAnon)}, file ${mb(report.rssFile ?? 0)}; `;
  const live = report.liveHeap === undefined ? '' : ` (${mb(report.liveHeap)} live after a full GC)`;
  return (
    `${split}heap ${mb(report.heapUsed)} used${live} of ${mb(report.heapTotal)}, external ${mb(report.external)}, ` +
    `V8 malloc ${mb(report.malloced)} (peak ${mb(report.peakMalloced)})`
  );
}

function padded(sql: string): string {
  if (sql.length >= sqlChars) return sql;
  return `${sql}\n-- ${'x'.repeat(sqlChars - sql.length - 4)}`;
}

/** BatchWriteItem, 25 items a call, 8 calls at a time; what dynalite leaves unprocessed is sent again. */
async function writeRecords(all: readonly TrackedInstance[]): Promise<void> {
  const expiresAt = expiresAtSeconds(Date.now(), DEFAULT_INSTANCE_TTL_SECONDS);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < all.length; i += 25) {
    batches.push(all.slice(i, i + 25).map((instance) => toInstanceItem(instance, expiresAt)));
  }
  let nextBatch = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (nextBatch < batches.length) {
        let requests = (batches[nextBatch++] ?? []).map((Item) => ({ PutRequest: { Item } }));
        while (requests.length > 0) {
          const answer = await documents.send(new BatchWriteCommand({ RequestItems: { [TABLE]: requests } }));
          requests = (answer.UnprocessedItems?.[TABLE] ?? []) as typeof requests;
        }
      }
    }),
  );
}

/** User + system CPU seconds of each child (Linux /proc) and of this harness; undefined elsewhere. */
function cpuSeconds(children: Record<string, ChildProcess>): Record<string, number> | undefined {
  try {
    const seconds: Record<string, number> = {};
    for (const [name, child] of Object.entries(children)) {
      // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 a second).
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8')
        .replace(/^.*\) /, '')
        .split(' ');
      seconds[name] = (Number(fields[11]) + Number(fields[12])) / 100;
    }
    const own = process.cpuUsage();
    seconds['harness (Slack and EventBridge stand-ins)'] = (own.user + own.system) / 1e6;
    return seconds;
  } catch {
    return undefined;
  }
}

function difference(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, count] of Object.entries(now)) {
    const delta = count - (before[key] ?? 0);
    if (delta > 0) counts[key] = delta;
  }
  return counts;
}

/** Servers started as child processes print their URL on start; everything after is ignored. */
/** How Lambda would start the poller process for `--lambda-memory-mb` (see the option). */
function pollerCommand(entry: string): [string, string[]] {
  const memoryMb = Number(values['lambda-memory-mb']);
  if (memoryMb === 0) return [process.execPath, [entry]];
  // The heap limits Lambda's Node.js bootstrap derives from the function's memory.
  const bootstrap = [
    process.execPath,
    '--expose-gc',
    `--max-semi-space-size=${Math.floor(memoryMb / 20)}`,
    `--max-old-space-size=${memoryMb - Math.floor(memoryMb / 10)}`,
    entry,
  ];
  if (values['without-wrapper']) return [bootstrap[0] as string, bootstrap.slice(1)];
  return ['bash', [new URL('../infra/lambda-heap-flags.sh', import.meta.url).pathname, ...bootstrap]];
}
