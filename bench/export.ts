import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { WebClient } from '@slack/web-api';
import { build } from 'esbuild';
import { lambdaBundleOptions } from '../infra/lambda-bundle.ts';
import { DEMO_ACCOUNT } from '../src/emulator/options.ts';
import { LOCAL_S3_CREDENTIALS, startEmbeddedS3 } from '../src/export/embedded-s3.ts';
import { MaxComputeClient } from '../src/maxcompute/client.ts';
import { SlackPoster } from '../src/slack/slack-poster.ts';
import { startSlackStandin } from '../src/slack-standin/index.ts';
import { createInstanceTable } from '../src/store/dynamodb-table.ts';
import { localDynamoDbClient } from '../src/store/embedded-dynalite.ts';
import { startEmulatorProcess } from '../test/support/emulator-process.ts';
import { cpuSecondsOf, difference, lambdaNodeCommand, startDynalite, workloadSql } from './export-support.ts';
import { linesOf } from './process-support.ts';

/**
 * `npm run bench:export`: a whole result exported as the worker exports it, measured in a process of
 * its own (bench/export-process.ts: functions/worker.ts bundled with the deploy settings, started
 * with the heap flags Lambda's bootstrap gives the worker's 512 MB, configured only through its
 * environment). Around it, each in its own process or this harness: the emulator (MaxCompute and
 * its Instance Tunnel), dynalite (the worker's claim), the embedded S3 server and the Slack stand-in.
 *
 * One SQL query makes the result (`--rows`, 20 columns of mixed types: export-support.ts). Then one
 * fresh worker process per mode: `result` (the 10,000-row result API, for comparison), `file`
 * (tunnel to the CSV file on disk, then its gzip), `slack` (the whole hand-off, shared in a thread
 * through files upload v2) and `s3` (the same with ODPS_EXPORT_SLACK_MAX_MB=1: stored in the export
 * bucket, its presigned link posted). Prints time, rows/s, MB/s, file sizes, the process's peak RSS
 * and the requests each made to the emulator; checks what reached Slack and S3.
 */
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    /** Added by the emulator to every reply, the tunnel's included. */
    'latency-ms': { type: 'string', default: '0' },
    /** The worker's memory (serverless.yml: the provider's 512); 0 starts plain `node`. */
    'lambda-memory-mb': { type: 'string', default: '512' },
    /** Starts the worker without its exec wrapper (infra/lambda-heap-flags.sh, as serverless.yml deploys it), to compare. */
    'without-wrapper': { type: 'boolean', default: false },
    modes: { type: 'string', default: 'result,file,slack,s3' },
    /** NODE_OPTIONS of the worker process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
    'node-options': { type: 'string', default: '' },
    /** Every this many ms, the worker process prints its memory's parts (0: never). */
    'trace-ms': { type: 'string', default: '0' },
  },
});
type Mode = 'result' | 'file' | 'slack' | 's3';
const rows = Number(values.rows);
const memoryMb = Number(values['lambda-memory-mb']);
const modes = (values.modes ?? '').split(',').filter((m): m is Mode => ['result', 'file', 'slack', 's3'].includes(m));
const PROJECT = 'bench_export';
const CHANNEL = 'C0EXPORT';
const BOT_TOKEN = 'xoxb-bench';
const TABLE = 'odps_instances_bench';
const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(1);
const seconds = (ms: number) => (ms / 1000).toFixed(2);

console.log(
  `export benchmark: ${rows.toLocaleString('en')} rows x 20 columns, emulator latency ${values['latency-ms']} ms, ` +
    `load average ${loadavg()[0]?.toFixed(1)} (${availableParallelism()} cores)`,
);
const emulator = await startEmulatorProcess(['--project', PROJECT, '--latency-ms', values['latency-ms'] ?? '0']);
const client = new MaxComputeClient({ endpoint: emulator.endpoint, project: PROJECT, credentials: DEMO_ACCOUNT });
const queryStarted = performance.now();
const instance = await client.runSql(workloadSql(rows), { hints: { 'emulator.duration.ms': 0 } });
await instance.waitForSuccess();
console.log(`  query ${instance.id}: submitted and finished in ${seconds(performance.now() - queryStarted)} s`);

const slack = await startSlackStandin({ botToken: BOT_TOKEN });
const s3Requests: { operation: string; status: number; at: number }[] = [];
const s3 = await startEmbeddedS3({
  onRequest: ({ operation, status }) => s3Requests.push({ operation, status, at: Date.now() }),
});
const dynalite = await startDynalite();
const dynamo = localDynamoDbClient(dynalite.endpoint, 3);
await createInstanceTable(dynamo, TABLE);
dynamo.destroy();
const poster = new SlackPoster(new WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } }));

const bundle = resolve(new URL('../.tmp/', import.meta.url).pathname, 'export-process.cjs');
mkdirSync(resolve(bundle, '..'), { recursive: true });
await build(lambdaBundleOptions(new URL('./export-process.ts', import.meta.url).pathname, bundle));
const [command, args] = lambdaNodeCommand(bundle, memoryMb, !values['without-wrapper']);
console.log(`  worker process (${mb(statSync(bundle).size)} MiB bundle) started as: ${[command, ...args].join(' ')}`);

interface Report {
  readonly [field: string]: unknown;
  readonly ms: number;
  readonly rss: number;
  readonly rssAnon?: number;
  readonly rssFile?: number;
  readonly heapUsed: number;
  readonly heapLimit: number;
  readonly sampledMaxRss: number;
  readonly maxRss: number;
  readonly cpuMs: number;
  /** Epoch milliseconds when the handler was invoked (`slack`, `s3`). */
  readonly startedAt: number;
}
interface Run {
  readonly mode: Mode;
  readonly threadTs: string;
  readonly loaded: Report;
  readonly done: Report;
  readonly requests: number;
  readonly byKind: Record<string, number>;
  readonly emulatorCpu: number;
}

async function runMode(mode: Mode): Promise<Run> {
  const threadTs = await poster.post(CHANNEL, { text: `export benchmark: ${mode}`, blocks: [] });
  const before = await emulator.stats();
  const emulatorCpu = cpuSecondsOf(emulator.child.pid);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'], env: workerEnv(mode, threadTs) });
  const lines = linesOf(child, (line) => {
    // The function's own warnings and errors are shown as they come.
    if (/"level":"(warn|error)"/.test(line)) process.stderr.write(`  worker: ${line}\n`);
  });
  const closed = once(child, 'close');
  const loaded = JSON.parse(await lines.match(/^(\{"bench":"loaded".*\})$/)) as Report;
  const done = JSON.parse(await lines.match(/^(\{"bench":"done".*\})$/)) as Report;
  await closed;
  const after = await emulator.stats();
  return {
    mode,
    threadTs,
    loaded,
    done,
    requests: after.requests - before.requests,
    byKind: difference(after.byKind, before.byKind),
    emulatorCpu: cpuSecondsOf(emulator.child.pid) - emulatorCpu,
  };
}

/** Only what the worker function's configuration holds on Lambda (secrets given as values). */
function workerEnv(mode: Mode, threadTs: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    TZ: 'UTC',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: LOCAL_S3_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_S3_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    // An export publishes nothing; a stray event would fail here rather than leave the machine.
    AWS_ENDPOINT_URL_EVENTBRIDGE: 'http://127.0.0.1:9',
    SLACK_SIGNING_SECRET: 'bench-signing-secret-0123456789',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    SLACK_API_URL: slack.apiUrl,
    ODPS_ENDPOINT: emulator.endpoint,
    ODPS_PROJECT_NAME: PROJECT,
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCOUNT.secret,
    ODPS_TABLE_NAME: TABLE,
    ODPS_EVENT_BUS_NAME: 'odps-chatops-bench',
    ODPS_EXPORT_BUCKET: s3.bucket,
    ...(mode === 's3' ? { ODPS_EXPORT_SLACK_MAX_MB: '1' } : {}),
    ...(values['node-options'] ? { NODE_OPTIONS: values['node-options'] } : {}),
    BENCH_TRACE_MS: values['trace-ms'],
    BENCH_EXPORT_MODE: mode,
    BENCH_PROJECT: PROJECT,
    BENCH_INSTANCE_ID: instance.id,
    BENCH_CHANNEL: CHANNEL,
    BENCH_THREAD_TS: threadTs,
  };
}

const runs: Run[] = [];
for (const mode of modes) {
  s3Requests.length = 0;
  slack.clearCalls();
  const run = await runMode(mode);
  runs.push(run);
  console.log(describe(run));
}
const problems = await check(runs);
for (const problem of problems) console.log(`  PROBLEM: ${problem}`);
if (problems.length === 0) console.log('  checked: what reached Slack and S3 is the whole result, and the same bytes');
console.log(`  load average ${loadavg()[0]?.toFixed(1)} at the end`);

await Promise.all([slack.close(), s3.close(), dynalite.close(), emulator.close()]);
process.exit(problems.length === 0 ? 0 : 1);

/** One mode's figures: what it read, how fast, the process's memory and the emulator's requests. */
function describe(run: Run): string {
  const { done, loaded } = run;
  const lines = [`  ${run.mode}:`];
  const rate = (count: number) => `${Math.round(count / (done.ms / 1000)).toLocaleString('en')} rows/s`;
  if (run.mode === 'result') {
    lines.push(
      `    result API: ${done.rows} rows (${done.completeness}), ${mb(Number(done.csvBytes))} MiB CSV, ${done.ms.toFixed(0)} ms`,
    );
  } else if (run.mode === 'file') {
    const csvMs = Number(done.csvMs);
    lines.push(
      `    tunnel -> CSV file: ${done.rows} rows, ${mb(Number(done.csvBytes))} MiB in ${seconds(csvMs)} s ` +
        `(${Math.round(Number(done.rows) / (csvMs / 1000)).toLocaleString('en')} rows/s, ` +
        `${(Number(done.csvBytes) / MB / (csvMs / 1000)).toFixed(1)} MiB/s; session opened in ${Number(done.sessionMs).toFixed(0)} ms)`,
      `    then gzip: ${mb(Number(done.bytes))} MiB ${done.filename} in ${seconds(done.ms - csvMs)} s; ` +
        `${seconds(done.ms)} s in all (${rate(Number(done.rows))})`,
    );
  } else {
    lines.push(`    ${sharedDescription(run)}`);
  }
  const anon =
    done.rssAnon === undefined ? '' : ` (anon ${mb(done.rssAnon)}, file ${mb(done.rssFile ?? 0)} at the end)`;
  lines.push(
    `    worker process: ${mb(loaded.rss)} MiB RSS after load, peak ${mb(done.maxRss)} MiB${anon}, ` +
      `heap limit ${mb(done.heapLimit)} MiB, CPU ${seconds(done.cpuMs)} s; emulator CPU ${run.emulatorCpu.toFixed(1)} s`,
    `    emulator requests: ${run.requests} (${Object.entries(run.byKind)
      .map(([kind, count]) => `${kind} ${count}`)
      .join(', ')})`,
  );
  return lines.join('\n');
}

/** The hand-off's timeline as Slack and S3 saw it: the file was ready when its upload began. */
function sharedDescription(run: Run): string {
  const { done } = run;
  const uploadStart =
    run.mode === 'slack'
      ? slack.calls('files.getUploadURLExternal')[0]?.at
      : s3Requests.find((request) => request.operation !== 'AbortMultipartUpload')?.at;
  const readyMs = uploadStart === undefined ? Number.NaN : uploadStart - done.startedAt;
  // The CSV's size as the file mode measured it, when it ran.
  const csvBytes = Number(runs.find((each) => each.mode === 'file')?.done.csvBytes ?? Number.NaN);
  const parts = s3Requests.filter((request) => request.operation === 'UploadPart').length;
  const where = run.mode === 'slack' ? 'shared in the thread (files upload v2)' : `stored in S3 (${parts} parts)`;
  return (
    `whole hand-off: ${rows.toLocaleString('en')} rows ${where} in ${seconds(done.ms)} s ` +
    `(${Math.round(rows / (done.ms / 1000)).toLocaleString('en')} rows/s` +
    (Number.isNaN(csvBytes) ? '' : `, ${(csvBytes / MB / (done.ms / 1000)).toFixed(1)} MiB/s of CSV`) +
    `); the file was ready to upload after ${seconds(readyMs)} s, the upload and its message took ${seconds(done.ms - readyMs)} s`
  );
}

/** What reached Slack and S3: one file of all the rows, and the same bytes in both when both ran. */
async function check(all: readonly Run[]): Promise<string[]> {
  const problems: string[] = [];
  const fileRun = all.find((run) => run.mode === 'file');
  const slackRun = all.find((run) => run.mode === 'slack');
  const s3Run = all.find((run) => run.mode === 's3');
  const inThread = (threadTs: string) => slack.channel(CHANNEL).filter((message) => message.threadTs === threadTs);
  let shared: Buffer | undefined;
  if (slackRun) {
    const files = slack.files().filter((file) => file.threadTs === slackRun.threadTs);
    shared = files[0]?.content;
    if (files.length !== 1 || shared === undefined) problems.push(`slack: ${files.length} files in the thread`);
    else problems.push(...contentProblems('slack', shared, fileRun));
  }
  if (s3Run) {
    const text = inThread(s3Run.threadTs)
      .map((message) => message.text ?? '')
      .join('\n');
    const url = /<(https?:\/\/[^|>]+)\|/.exec(text)?.[1]?.replaceAll('&amp;', '&');
    if (url === undefined) problems.push(`s3: no link in the thread: ${text.slice(0, 300)}`);
    else {
      const stored = Buffer.from(await (await fetch(url)).arrayBuffer());
      if (shared !== undefined && !stored.equals(shared))
        problems.push('s3: the stored export differs from the Slack file');
      else if (shared === undefined) problems.push(...contentProblems('s3', stored, fileRun));
      console.log(`  s3: the posted link downloads ${mb(stored.length)} MiB`);
    }
  }
  return problems;
}

function contentProblems(where: string, bytes: Buffer, fileRun: Run | undefined): string[] {
  const csv = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  let lines = 0;
  for (let at = csv.indexOf(10); at !== -1; at = csv.indexOf(10, at + 1)) lines++;
  const problems: string[] = [];
  if (lines !== rows + 1) problems.push(`${where}: ${lines} lines, expected ${rows + 1}`);
  if (fileRun && csv.length !== Number(fileRun.done.csvBytes))
    problems.push(`${where}: ${csv.length} CSV bytes, the file mode wrote ${fileRun.done.csvBytes}`);
  console.log(`  ${where}: ${mb(bytes.length)} MiB shared, ${mb(csv.length)} MiB of CSV, ${lines} lines`);
  return problems;
}
