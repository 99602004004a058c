import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import {
  cardLatencies,
  type Mode,
  type ModeStack,
  requestsPerRun,
  type Sent,
  type Summary,
  startModeStack,
  summarize,
  table,
} from './cost-support.ts';

/**
 * `npm run bench:cost`: what the cost guard's estimate (ODPS_COST_ESTIMATE, issue #16) adds to a run.
 * Two local stacks (src/runtime/local.ts), one with the estimate off and one with it on, each with
 * its own emulator answering every request `--latency-ms` late. Signed `/odps run` commands go through
 * the Lambda handler (the request guard, then Bolt), the worker runs the hand-off in-process, and the
 * time from the command to the job card reaching the Slack stand-in is taken per run. The two modes
 * alternate (off, on, on, off, …) `--concurrency` at a time, so the machine's noise falls on both.
 *
 * Each `--estimate-ms` value is a round: how long the emulator takes to answer an estimate (its
 * instances run that long: `emulator.cost.duration.ms`; the run's own duration does not delay its card).
 * Prints, per round, the card latency p50/p95/max of each mode and their ratio, and the MaxCompute
 * requests per run by kind as each emulator counted them.
 */
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100' },
    concurrency: { type: 'string', default: '4' },
    'latency-ms': { type: 'string', default: '50' },
    'estimate-ms': { type: 'string', default: '0,500' },
    /** How long the emulator holds a blocking status read (`?instancestatus`) while nothing changes. */
    'status-hold-ms': { type: 'string', default: '0' },
    warmup: { type: 'string', default: '4' },
  },
});
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
const latencyMs = Number(values['latency-ms']);
const statusHoldMs = Number(values['status-hold-ms']);
const estimateMs = (values['estimate-ms'] ?? '').split(',').map(Number);
const MODES: readonly Mode[] = ['off', 'on'];

interface Round {
  readonly estimateMs: number;
  readonly card: Record<Mode, Summary>;
  readonly ack: Record<Mode, Summary>;
  readonly requests: Record<Mode, Record<string, number>>;
  readonly nonOk: number;
  readonly seconds: number;
}

console.log(
  `cost estimate benchmark: ${runs} runs per mode and round, ${concurrency} at a time, MaxCompute at ${latencyMs} ms ` +
    `latency, status reads held up to ${statusHoldMs} ms, load average ${loadavg()[0]?.toFixed(1)} (${availableParallelism()} cores)`,
);
const stacks: Record<Mode, ModeStack> = {
  off: await startModeStack('off', latencyMs, statusHoldMs),
  on: await startModeStack('on', latencyMs, statusHoldMs),
};
// Not counted: the first runs load code, open DuckDB connections and warm the keep-alive pools.
await round(-1, 0, Number(values.warmup));
const rounds: Round[] = [];
for (const [index, ms] of estimateMs.entries()) {
  const result = await round(index, ms, runs);
  rounds.push(result);
  console.log(`\nestimate answered after ${ms} ms (round ${index + 1} of ${estimateMs.length}, ${result.seconds} s)`);
  console.log(describe(result));
}
console.log(`\nload average ${loadavg()[0]?.toFixed(1)} at the end`);
await Promise.all(MODES.map((mode) => stacks[mode].stack.close()));
if (rounds.some((each) => each.nonOk > 0 || MODES.some((mode) => each.card[mode].missing > 0))) process.exitCode = 1;

/** `count` runs per mode, alternating; the worker's jobs are drained before the figures are read. */
async function round(index: number, ms: number, count: number): Promise<Round> {
  const started = performance.now();
  const before = Object.fromEntries(MODES.map((mode) => [mode, stacks[mode].stack.emulator.stats().byKind]));
  const order = Array.from({ length: count }, (_, n): Mode[] => (n % 2 === 0 ? ['off', 'on'] : ['on', 'off'])).flat();
  const sent: Record<Mode, Sent[]> = { off: [], on: [] };
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < order.length) {
        const n = next++;
        const mode = order[n] as Mode;
        const text = `run --hint emulator.cost.duration.ms=${ms} select ${n} as n, name from pyodps_iris limit 5`;
        sent[mode].push(await stacks[mode].send(`C0COST${index + 1}N${n}`, text));
      }
    }),
  );
  await Promise.all(MODES.map((mode) => stacks[mode].stack.publisher.drain()));
  const per = <T>(f: (mode: Mode) => T) => ({ off: f('off'), on: f('on') });
  return {
    estimateMs: ms,
    card: per((mode) => summarize(cardLatencies(stacks[mode].stack, sent[mode]))),
    ack: per((mode) => summarize(sent[mode].map((each) => each.ackMs))),
    requests: per((mode) => requestsPerRun(stacks[mode].stack, before[mode] ?? {}, count)),
    nonOk: MODES.reduce((sum, mode) => sum + sent[mode].filter((each) => each.status !== 200).length, 0),
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  };
}

function describe(result: Round): string {
  const ms = (value: number) => (Number.isNaN(value) ? '-' : `${value.toFixed(0)} ms`);
  const ratio = (on: number, off: number) => `${(on / off).toFixed(2)}x (+${(on - off).toFixed(0)} ms)`;
  const rows: string[][] = [['figure', 'estimate off', 'estimate on', 'on / off']];
  for (const key of ['p50', 'p95', 'max'] as const) {
    const { off, on } = { off: result.card.off[key], on: result.card.on[key] };
    rows.push([`command -> job card, ${key}`, ms(off), ms(on), ratio(on, off)]);
  }
  rows.push(['ack p50 (the handler)', ms(result.ack.off.p50), ms(result.ack.on.p50), '']);
  const total = (mode: Mode) => Object.values(result.requests[mode]).reduce((sum, count) => sum + count, 0);
  rows.push([
    'MaxCompute requests per run',
    fixed(total('off')),
    fixed(total('on')),
    `+${fixed(total('on') - total('off'))}`,
  ]);
  const kinds = [...new Set(MODES.flatMap((mode) => Object.keys(result.requests[mode])))].sort();
  for (const kind of kinds) {
    const [off, on] = [result.requests.off[kind] ?? 0, result.requests.on[kind] ?? 0];
    rows.push([`  ${kind}`, fixed(off), fixed(on), on === off ? '' : `+${fixed(on - off)}`]);
  }
  const missing = result.card.off.missing + result.card.on.missing;
  rows.push(['runs without a card / non-200 acks', '', '', `${missing} / ${result.nonOk}`]);
  return table(rows);
}

function fixed(count: number): string {
  return count.toFixed(2);
}
