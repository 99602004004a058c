import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { linesOf } from './process-support.ts';

/** What bench/export.ts needs besides its own steps: the workload, the processes around it. */

/**
 * The workload: one SELECT over DuckDB's range(), which the emulator passes through, giving `rows`
 * rows of 20 columns of MaxCompute's types (bigint, int, smallint, tinyint, double, float, two
 * decimals, five strings, two booleans, two datetimes, a date), six of them partly NULL, and strings
 * with quotes, commas, newlines and non-ASCII text, which the CSV quotes and escapes.
 */
export function workloadSql(rows: number): string {
  return `select
  range as id,
  (range * 7919) % 1000003 as user_id,
  cast(range % 1000 as int) as quantity,
  cast(range % 30000 as smallint) as store_id,
  cast(range % 100 as tinyint) as bucket,
  cast(range as double) / 7 as price,
  case when range % 5 = 0 then null else cast(range % 997 as double) / 997 end as ratio,
  cast(((range * 37) % 10000000) / 100 as decimal(18,2)) as amount,
  case when range % 11 = 0 then null else cast((range % 10000) / 10000 as decimal(10,4)) end as rate,
  'user_' || (range % 50000) as name,
  'user' || (range % 50000) || '@example.com' as email,
  md5(cast(range as varchar)) as hash,
  case when range % 100 = 0 then null
    when range % 37 = 0 then 'said "hi", then' || chr(10) || 'left'
    else 'note ' || (range % 1000) end as note,
  case range % 3 when 0 then 'Zürich' when 1 then '東京' else 'São Paulo' end as city,
  range % 2 = 0 as even,
  case when range % 7 = 0 then null else range % 3 = 0 end as flagged,
  make_timestamp(1704067200000000 + range * 31000000) as created_at,
  case when range % 4 = 0 then null else make_timestamp(1748779200000000 - range * 1000000) end as updated_at,
  cast(date '2020-01-01' + cast(range % 3650 as integer) as date) as day,
  cast((range % 1000) / 8 as float) as score
from range(${Math.trunc(rows)})`;
}

/**
 * The command line Lambda's Node.js bootstrap makes for a function of `memoryMb` (the semi-space at
 * memory / 20, the old space at memory × 0.9, as bench/poller.ts starts the poller). The worker has no
 * exec wrapper infra/lambda-heap-flags.sh when `wrapper` (serverless.yml gives it to the worker and
 * the poller); without it, the bootstrap's flags alone, to compare. `0`: plain `node` with Node's defaults.
 */
export function lambdaNodeCommand(entry: string, memoryMb: number, wrapper = false): [string, string[]] {
  if (memoryMb === 0) return [process.execPath, [entry]];
  const semiSpace = `--max-semi-space-size=${Math.floor(memoryMb / 20)}`;
  const oldSpace = `--max-old-space-size=${memoryMb - Math.floor(memoryMb / 10)}`;
  const bootstrap = [process.execPath, '--expose-gc', semiSpace, oldSpace, entry];
  if (!wrapper) return [process.execPath, bootstrap.slice(1)];
  return ['bash', [new URL('../infra/lambda-heap-flags.sh', import.meta.url).pathname, ...bootstrap]];
}

/** User + system CPU seconds of a live process (Linux /proc), NaN elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 a second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** dynalite in a process of its own (bench/dynalite-server.ts): the worker's store, for its claim. */
export async function startDynalite(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [new URL('./dynalite-server.ts', import.meta.url).pathname], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const endpoint = await linesOf(child).match(/endpoint: (http:\/\/127\.0\.0\.1:\d+)/);
  return {
    endpoint,
    close: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export function difference(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [key, count] of Object.entries(now)) {
    const delta = count - (before[key] ?? 0);
    if (delta > 0) counts[key] = delta;
  }
  return counts;
}
