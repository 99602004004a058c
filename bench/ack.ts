import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { lambdaBundleOptions } from '../infra/lambda-bundle.ts';
import { startLocalStack } from '../src/runtime/local.ts';
import { LOCAL_ADMIN_ROLE } from '../src/runtime/local-identities.ts';
import { MemoryInstanceStore } from '../src/store/memory-instance-store.ts';
import { apiGatewayEvent, lambdaContext, slashCommandBody } from '../test/support/slack-requests.ts';

/**
 * `npm run bench:ack`: signed slash commands through the Lambda handler in-process (the request guard,
 * then Bolt's AwsLambdaReceiver, as functions/slack.ts builds them), first with the
 * emulator answering at 100 ms latency, then with every MaxCompute reply stalled 10 s. Prints ack
 * time percentiles, then the esbuild bundle size and cold import time of functions/slack.ts.
 * The worker is not run here: on AWS it is another function; only the acknowledgement is measured.
 */
const { values } = parseArgs({
  options: { commands: { type: 'string', default: '1000' }, concurrency: { type: 'string', default: '20' } },
});
const total = Number(values.commands);
const concurrency = Number(values.concurrency);
const SECRET = 'bench-signing-secret-0123456789';

// The in-memory store: an in-process dynalite would compete with the handler for the one event loop,
// which a Lambda calling DynamoDB never does. Its figure (with dynalite) is in docs/benchmarks.md.
const stack = await startLocalStack({
  store: new MemoryInstanceStore(),
  project: 'bench_proj',
  signingSecret: SECRET,
  emulator: { defaultDurationMs: 60_000 },
});
stack.publisher.connect(async () => {});
// As functions/slack.ts builds it (src/runtime/lambda-front-door.ts): the request guard in front of
// Bolt, with its replay check written to the store once per request.
const handler = stack.slack;
const seed = await stack.parts.gateway.submitSql({
  project: 'bench_proj',
  sql: 'select 1',
  hints: {},
  guid: 'bench-seed',
});

const MIX = ['status', 'status', 'run', 'logview', 'list', 'help', 'status', 'run'] as const;
function text(n: number): string {
  const kind = MIX[n % MIX.length];
  if (kind === 'run') return `run select ${n} as n from pyodps_iris limit 5`;
  if (kind === 'list' || kind === 'help') return kind;
  return `${kind} ${seed.instanceId}`;
}

async function round(
  label: string,
  run: { handler: typeof handler; userOf: (n: number) => string; text: (n: number) => string } = {
    handler,
    userOf: (n) => `U0USER${n % 50}`,
    text,
  },
): Promise<void> {
  const times: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const n = next++;
        const body = slashCommandBody({ text: run.text(n), userId: run.userOf(n), channelId: `C0CHAN${n % 20}` });
        const t0 = performance.now();
        const response = (await run.handler(
          apiGatewayEvent({ body, signingSecret: SECRET }) as never,
          lambdaContext(),
        )) as {
          statusCode: number;
        };
        times.push(performance.now() - t0);
        if (response.statusCode !== 200) failures++;
      }
    }),
  );
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]?.toFixed(0);
  console.log(
    `${label}: ${total} commands, ${concurrency} at a time, ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  console.log(`  ack p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${times.at(-1)?.toFixed(0)} ms, non-200: ${failures}`);
}

console.log(`ack benchmark (budget ${stack.frontDoor.deps.config.ackBudgetMs} ms before a hand-off)`);
stack.emulator.faults.set({ latencyMs: 100 });
await round('healthy, MaxCompute at 100 ms latency');
stack.emulator.faults.set({ latencyMs: 0, stallRate: 1, stallMs: 10_000 });
await round('MaxCompute stalled 10 s');
stack.emulator.faults.reset();
await personRounds();

/**
 * ODPS_IDENTITY_MODE=person (issue #17): each user's commands sign with their role's STS credentials,
 * assumed at the first command that calls MaxCompute and cached after. Uncached, every command is a
 * user's first (1,000 users, each mapped); cached, the same users again. STS answers after 50 ms (a
 * same-region STS round trip) and MaxCompute after 100 ms, as in the healthy round. The users are
 * mapped to the admin's role, which may read the seed instance the bot submitted (the analyst's may not).
 */
async function personRounds(): Promise<void> {
  const people = await startLocalStack({
    store: new MemoryInstanceStore(),
    project: 'bench_proj',
    signingSecret: SECRET,
    identities: true,
    emulator: { defaultDurationMs: 60_000 },
    env: {
      ODPS_IDENTITY_MODE: 'person',
      // The in-memory stores stand in for the table; the name is required by the configuration only.
      ODPS_IDENTITY_TABLE_NAME: 'bench_identities',
      ODPS_IDENTITY_MAP: Array.from({ length: total }, (_, n) => `U0P${n}=${LOCAL_ADMIN_ROLE}`).join(','),
      ODPS_STS_CACHE_SIZE: String(total),
    },
  });
  people.publisher.connect(async () => {});
  const personSeed = await people.parts.gateway.submitSql({
    project: 'bench_proj',
    sql: 'select 1',
    hints: {},
    guid: 'bench-seed',
  });
  const personText = (n: number) => text(n).replace(seed.instanceId, personSeed.instanceId);
  people.emulator.faults.set({ latencyMs: 100 });
  people.emulator.sts.faults.set({ latencyMs: 50 });
  const run = { handler: people.slack, userOf: (n: number) => `U0P${n}`, text: personText };
  await round('person mode, STS at 50 ms, every command a new user (uncached)', run);
  const assumed = people.parts.identity.credentials.stats();
  await round('person mode, the same users again (cached)', run);
  const after = people.parts.identity.credentials.stats();
  console.log(
    `  AssumeRole calls: ${assumed.assumes} in the uncached round, ${after.assumes - assumed.assumes} in the cached one`,
  );
  await people.close();
}

const outdir = mkdtempSync(join(tmpdir(), 'odps-bundle-'));
const outfile = join(outdir, 'slack.cjs');
await build(lambdaBundleOptions(new URL('../functions/slack.ts', import.meta.url).pathname, outfile));
const env = {
  ...process.env,
  SLACK_SIGNING_SECRET: 'x'.repeat(32),
  SLACK_BOT_TOKEN: 'xoxb-x',
  SLACK_BOT_ID: 'B0BOT',
  SLACK_BOT_USER_ID: 'U0BOT',
  ODPS_ENDPOINT: 'http://127.0.0.1:9/api',
  ODPS_PROJECT_NAME: 'p',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
  ODPS_TABLE_NAME: 't',
  ODPS_EVENT_BUS_NAME: 'b',
  AWS_REGION: 'us-east-1',
};
const importMs = [1, 2, 3, 4, 5].map((): number =>
  Number(
    execFileSync(
      process.execPath,
      ['-e', `const t=performance.now();require(${JSON.stringify(outfile)});console.log(performance.now()-t)`],
      {
        env,
      },
    ).toString(),
  ),
);
importMs.sort((a, b) => a - b);
console.log(
  `functions/slack.ts bundle (esbuild, minified, cjs): ${(statSync(outfile).size / 1024 / 1024).toFixed(2)} MB`,
);
console.log(`  cold import: median ${importMs[2]?.toFixed(0)} ms over 5 fresh processes`);
await stack.close();
