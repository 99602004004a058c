import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_ACCOUNT, startEmulator } from '../../src/emulator/index.ts';
import { MaxComputeClient } from '../../src/maxcompute/client.ts';
import { startSlackStandin } from '../../src/slack-standin/index.ts';
import { fromInstanceItem } from '../../src/store/dynamodb-item-layout.ts';
import { createInstanceTable } from '../../src/store/dynamodb-table.ts';
import { localDynamoDbClient, startDynalite } from '../../src/store/embedded-dynalite.ts';
import type { TrackedInstance } from '../../src/tracker/tracked-instance.ts';
import type { SoakSample } from './soak-app.ts';
import { machine } from './support/machine.ts';
import { queryInstanceLister } from './support/query-instances.ts';
import { saveResult } from './support/results.ts';
import { BOT_TOKEN, PROJECT, SIGNING_SECRET } from './support/stack.ts';
import { linearFit, ms, spreadText } from './support/stats.ts';
import { sendTraffic, settle, summary, type TrafficTarget, tally } from './support/traffic.ts';

/**
 * `npm run soak -- [--minutes 30] [--rate 2] [--sample-seconds 10]`: steady load on `npm start`'s
 * composition root (startLocalApp, in a child process: soak-app.ts) whose outside parts (the
 * MaxCompute emulator, the Slack stand-in, DynamoDB on dynalite, and Slack's side sending the
 * commands) live here, so the child's memory is the product's. The child samples its RSS, its heap
 * after a full collection and its open handles (process.getActiveResourcesInfo()) every
 * --sample-seconds; a least-squares line over the second half gives the growth per hour, which must
 * stay under the thresholds. Every command must be answered, every notice delivered once.
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '2' },
    'sample-seconds': { type: 'string', default: '10' },
    'max-heap-mb-per-hour': { type: 'string', default: '10' },
    'max-rss-mb-per-hour': { type: 'string', default: '60' },
    'max-handles-per-hour': { type: 'string', default: '20' },
    name: { type: 'string', default: 'soak' },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const sampleMs = Number(values['sample-seconds']) * 1000;
const limits = {
  heapMBPerHour: Number(values['max-heap-mb-per-hour']),
  rssMBPerHour: Number(values['max-rss-mb-per-hour']),
  handlesPerHour: Number(values['max-handles-per-hour']),
};

const startedAt = Date.now();
const emulator = await startEmulator({ projects: [PROJECT], defaultDurationMs: 1500, maxListItems: 1000 });
const standin = await startSlackStandin({ botToken: BOT_TOKEN });
const dynalite = await startDynalite();
const tableName = 'odps_chatops_soak';
const dynamo = localDynamoDbClient(dynalite.endpoint, 3);
await createInstanceTable(dynamo, tableName);
const documents = DynamoDBDocumentClient.from(dynamo);
const client = new MaxComputeClient({ endpoint: emulator.endpoint, project: PROJECT, credentials: DEMO_ACCOUNT });

const child: ChildProcess = fork(new URL('./soak-app.ts', import.meta.url).pathname, [], {
  execArgv: ['--expose-gc'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: {
    PATH: process.env.PATH,
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_API_URL: standin.apiUrl,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_BOT_ID: 'B0BOT',
    SLACK_BOT_USER_ID: 'U0BOT',
    ODPS_ENDPOINT: emulator.endpoint,
    ODPS_PROJECT_NAME: PROJECT,
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCOUNT.secret,
    ODPS_TABLE_NAME: tableName,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    ODPS_POLL_INTERVAL_MS: '1500',
    // As in the reliability stack: the traffic's failing SQL, which cannot be estimated, runs.
    ODPS_COST_ON_ESTIMATE_FAILURE: 'allow',
    LOG_LEVEL: 'warn',
    SOAK_SAMPLE_MS: String(sampleMs),
    SOAK_GC: '1',
  },
});
const samples: SoakSample[] = [];
let eventsUrl = '';
const ready = new Promise<void>((resolve) => {
  child.on('message', (message: { ready?: boolean; slackEventsUrl?: string; sample?: SoakSample }) => {
    if (message.ready) {
      eventsUrl = message.slackEventsUrl ?? '';
      resolve();
    }
    if (message.sample) {
      samples.push(message.sample);
      const s = message.sample;
      process.stdout.write(
        `  ${new Date(s.at).toISOString().slice(11, 19)} rss ${s.rssMB.toFixed(1)} MB, heap ${s.heapUsedMB.toFixed(1)} MB, handles ${s.handles}, elu ${s.elu}\n`,
      );
    }
  });
});
await ready;
console.log(`soak: ${minutes} min at ${rate} commands/s against ${eventsUrl} (app pid ${child.pid})`);

const target: TrafficTarget = {
  eventsUrl,
  standin,
  instances: queryInstanceLister(client, new Date(startedAt - 60_000)),
  trackedInstances: async () => {
    const found: TrackedInstance[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        if (typeof item.pk === 'string' && item.pk.startsWith('instance#')) found.push(fromInstanceItem(item));
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    return found;
  },
  terminated: () => undefined,
  drainWorker: async () => {},
};

const sent = await sendTraffic(target, {
  commands: Math.round(minutes * 60 * rate),
  durationMs: minutes * 60_000,
  users: 50,
  channels: 20,
  mix: { run: 5, status: 2, list: 1, help: 2 },
  seed: 30,
  channelPrefix: 'C0SOAK',
  runDurationMs: [500, 3000],
});
const settled = await settle(target, 120_000);
const result = await tally(target, sent);
child.send({ stop: true });
await Promise.race([once(child, 'exit'), new Promise((resolve) => setTimeout(resolve, 15_000))]);

/** Growth per hour of `pick` over the second half of the samples. */
const trend = (pick: (sample: SoakSample) => number) => {
  const half = samples.slice(Math.floor(samples.length / 2));
  const t0 = half[0]?.at ?? 0;
  const { slope } = linearFit(half.map((sample) => ({ x: (sample.at - t0) / 3_600_000, y: pick(sample) })));
  const values = half.map(pick);
  return {
    perHour: Number(slope.toFixed(2)),
    first: Number((values[0] ?? 0).toFixed(1)),
    last: Number((values.at(-1) ?? 0).toFixed(1)),
    min: Number(Math.min(...values).toFixed(1)),
    max: Number(Math.max(...values).toFixed(1)),
  };
};
const trends = {
  rssMB: trend((sample) => sample.rssMB),
  heapUsedMB: trend((sample) => sample.heapUsedMB),
  handles: trend((sample) => sample.handles),
};
const whole = {
  rssMB: { first: samples[0]?.rssMB ?? 0, max: Math.max(...samples.map((s) => s.rssMB)) },
  heapUsedMB: { first: samples[0]?.heapUsedMB ?? 0, max: Math.max(...samples.map((s) => s.heapUsedMB)) },
  handles: { first: samples[0]?.handles ?? 0, max: Math.max(...samples.map((s) => s.handles)) },
  eluMean: samples.reduce((sum, s) => sum + s.elu, 0) / Math.max(1, samples.length),
};
const problems: string[] = [];
if (trends.heapUsedMB.perHour > limits.heapMBPerHour)
  problems.push(`heap grows ${trends.heapUsedMB.perHour} MB/h (limit ${limits.heapMBPerHour})`);
if (trends.rssMB.perHour > limits.rssMBPerHour)
  problems.push(`RSS grows ${trends.rssMB.perHour} MB/h (limit ${limits.rssMBPerHour})`);
if (trends.handles.perHour > limits.handlesPerHour)
  problems.push(`open handles grow ${trends.handles.perHour}/h (limit ${limits.handlesPerHour})`);
if (!settled.settled) problems.push('the stack did not settle: notices still owed');
if (result.non200 > 0) problems.push(`${result.non200} commands not answered 200`);
if (result.overSlackLimit > 0) problems.push(`${result.overSlackLimit} acknowledgements over 3 s`);
if (result.duplicates > 0) problems.push(`${result.duplicates} duplicate notices`);
if (result.lost > 0) problems.push(`${result.lost} lost`);
if (result.untracked > 0) problems.push(`${result.untracked} instances untracked`);

const record = {
  machine: machine(),
  plan: { minutes, rate, sampleSeconds: sampleMs / 1000 },
  limits,
  samples: samples.length,
  trends,
  whole,
  handlesByTypeLast: samples.at(-1)?.handlesByType,
  settled,
  ...summary(result),
  passed: problems.length === 0,
  problems,
  sampleSeries: samples.map((s) => ({
    t: Math.round((s.at - (samples[0]?.at ?? 0)) / 1000),
    rss: Number(s.rssMB.toFixed(1)),
    heap: Number(s.heapUsedMB.toFixed(1)),
    handles: s.handles,
  })),
};
const file = saveResult(values.name ?? 'soak', record);
console.log(
  [
    `soak: ${result.commands} commands over ${minutes} min; ack p50/p95/p99/max ${spreadText(result.ack)}; non-200 ${result.non200}`,
    `runs ${result.runs}, notices ${result.notices}, duplicates ${result.duplicates}, lost ${result.lost}, untracked ${result.untracked}; notice latency ${spreadText(result.noticeLatency)}; settled ${settled.settled} in ${ms(settled.ms)}`,
    `samples ${samples.length}; second-half growth per hour: RSS ${trends.rssMB.perHour} MB (${trends.rssMB.first} → ${trends.rssMB.last}), heap after GC ${trends.heapUsedMB.perHour} MB (${trends.heapUsedMB.first} → ${trends.heapUsedMB.last}), handles ${trends.handles.perHour} (${trends.handles.first} → ${trends.handles.last})`,
    `limits per hour: heap ${limits.heapMBPerHour} MB, RSS ${limits.rssMBPerHour} MB, handles ${limits.handlesPerHour}`,
    problems.length === 0 ? 'soak passed' : `soak FAILED: ${problems.join('; ')}`,
    `results: ${file}`,
  ].join('\n'),
);
dynamo.destroy();
await standin.close();
await emulator.close();
await dynalite.close();
process.exit(problems.length === 0 ? 0 : 1);
