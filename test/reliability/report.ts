import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readResults, resultsDir } from './support/results.ts';
import { markdownTable, ms, type Spread, spreadText } from './support/stats.ts';

/**
 * `npm run report:reliability`: runs the reliability suite (`npm run test:reliability`) with its
 * results in a fresh directory, then prints them as Markdown: the machine, the load figures, the
 * per-fault table and the short soak. `-- --from <dir>` prints results already there (the suite's
 * default directory with `--from last`) without running anything.
 */
const { values } = parseArgs({ options: { from: { type: 'string' } } });

let dir: string;
if (values.from === undefined) {
  dir = mkdtempSync(join(tmpdir(), 'odps-chatops-reliability-'));
  const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', 'test/reliability/**/*.test.ts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, RELIABILITY_RESULTS: dir },
  });
  if (run.status !== 0)
    console.log(`\n**The suite failed (exit ${run.status}); the figures below are what it recorded.**`);
} else {
  dir = values.from === 'last' ? resultsDir() : values.from;
}

type Result = Record<string, unknown> & { name: string };
const results = readResults(dir) as Result[];
const byName = new Map(results.map((result) => [result.name, result]));
const out: string[] = [];
const first = results[0] as { machine?: Record<string, unknown> } | undefined;
if (first?.machine) {
  const m = first.machine;
  out.push(
    `Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.platform}, Node ${m.node}; 1-minute load average when a part ended: ${results
      .map((r) => (r as { machine?: { loadAverage1m?: number } }).machine?.loadAverage1m)
      .filter((value) => value !== undefined)
      .join(', ')} (the machine is shared: timings are noisy).`,
    '',
  );
}

const load = byName.get('load') as
  | (Result & {
      plan: Record<string, number>;
      ack: Spread;
      ackByKind: Record<string, Spread>;
      noticeLatency: Spread;
      [key: string]: unknown;
    })
  | undefined;
if (load) {
  out.push('### Load', '');
  out.push(
    markdownTable(
      ['figure', 'result'],
      [
        ['commands', `${load.commands} in ${ms(load.sendingMs as number)} (${JSON.stringify(load.byKind)})`],
        ['ack p50 / p95 / p99 / max (all)', spreadText(load.ack)],
        ...Object.entries(load.ackByKind).map(([kind, spread]) => [
          `ack p50 / p95 / p99 / max (${kind})`,
          spreadText(spread),
        ]),
        [
          'non-200 answers; answers over 3 s; deferred to the worker',
          `${load.non200}; ${load.overSlackLimit}; ${load.deferred}`,
        ],
        ['runs; instances; untracked', `${load.runs}; ${load.instances}; ${load.untracked}`],
        [
          'notices; duplicates; lost; cards not finished',
          `${load.notices}; ${load.duplicates}; ${load.lost}; ${load.cardsNotFinal}`,
        ],
        ['notice latency (instance end → reply) p50 / p95 / p99 / max', spreadText(load.noticeLatency)],
        [
          'CSV files (dups); Instance Terminated events (dups)',
          `${load.csvFiles} (${load.csvDuplicates}); ${load.events} (${load.eventDuplicates})`,
        ],
        ['settled after the last command', `${ms(load.settleMs as number)}`],
        ['process (stack + load generator)', JSON.stringify(load.process)],
        ['requests', JSON.stringify(load.requests)],
      ],
    ),
    '',
  );
}

const faults = results.filter((result) => result.name.startsWith('fault-')) as (Result & {
  fault: string;
  injected: string;
  runs: number;
  notices: number;
  noticesDuringFault: number;
  duplicates: number;
  lost: number;
  givenUp: number;
  runsRefusedWithMessage: number;
  noticeLatency: Spread;
  ack: Spread;
  settledDuringFaultMs: number | null;
  userSaw: string;
  counters: Record<string, number>;
})[];
if (faults.length > 0) {
  const baseline = faults.find((row) => row.fault === 'none (baseline)');
  out.push('### Faults', '');
  out.push(
    markdownTable(
      [
        'fault',
        'injected',
        'runs',
        'notices (under the fault)',
        'dups',
        'lost',
        'given up',
        'runs refused, user told',
        'notice p50 / p99',
        'added p50 / p99',
        'ack p99',
        'settled under the fault',
        'what people saw',
      ],
      faults.map((row) => [
        row.fault,
        row.injected,
        row.runs,
        `${row.notices} (${row.noticesDuringFault})`,
        row.duplicates,
        row.lost,
        row.givenUp,
        row.runsRefusedWithMessage,
        `${ms(row.noticeLatency.p50)} / ${ms(row.noticeLatency.p99)}`,
        baseline && row !== baseline
          ? `${signed(row.noticeLatency.p50 - baseline.noticeLatency.p50)} / ${signed(row.noticeLatency.p99 - baseline.noticeLatency.p99)}`
          : '–',
        ms(row.ack.p99),
        row.settledDuringFaultMs === null ? 'no (after clearing)' : ms(row.settledDuringFaultMs),
        row.userSaw,
      ]),
    ),
    '',
  );
}

for (const name of ['soak-short', 'soak']) {
  const soak = byName.get(name) as
    | (Result & {
        plan: { minutes: number; rate: number };
        trends: Record<string, { perHour: number; first: number; last: number; min: number; max: number }>;
        limits: Record<string, number>;
        samples: number;
        passed: boolean;
        ack: Spread;
      })
    | undefined;
  if (!soak) continue;
  out.push(`### Soak (${soak.plan.minutes} min at ${soak.plan.rate} commands/s, ${soak.samples} samples)`, '');
  out.push(
    markdownTable(
      ['second half', 'growth per hour', 'first → last', 'min … max', 'limit per hour'],
      [
        [
          'RSS (MB)',
          soak.trends.rssMB?.perHour ?? '',
          `${soak.trends.rssMB?.first} → ${soak.trends.rssMB?.last}`,
          `${soak.trends.rssMB?.min} … ${soak.trends.rssMB?.max}`,
          soak.limits.rssMBPerHour ?? '',
        ],
        [
          'heap after GC (MB)',
          soak.trends.heapUsedMB?.perHour ?? '',
          `${soak.trends.heapUsedMB?.first} → ${soak.trends.heapUsedMB?.last}`,
          `${soak.trends.heapUsedMB?.min} … ${soak.trends.heapUsedMB?.max}`,
          soak.limits.heapMBPerHour ?? '',
        ],
        [
          'open handles',
          soak.trends.handles?.perHour ?? '',
          `${soak.trends.handles?.first} → ${soak.trends.handles?.last}`,
          `${soak.trends.handles?.min} … ${soak.trends.handles?.max}`,
          soak.limits.handlesPerHour ?? '',
        ],
      ],
    ),
    '',
    `ack p50 / p95 / p99 / max ${spreadText(soak.ack)}; runs ${soak.runs}, notices ${soak.notices}, duplicates ${soak.duplicates}, lost ${soak.lost}; ${soak.passed ? 'passed' : `FAILED: ${(soak.problems as string[]).join('; ')}`}`,
    '',
  );
}

console.log(out.length > 0 ? out.join('\n') : `No results in ${dir}.`);

function signed(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return `${value >= 0 ? '+' : '−'}${ms(Math.abs(value))}`;
}
