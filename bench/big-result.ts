import { parseResultCsv } from '../src/maxcompute/decode/index.ts';
import { translator } from '../src/slack/i18n/catalog.ts';
import { finalNoticeMessage } from '../src/slack/messages/final-notice.ts';
import { blockKitProblems } from '../src/slack/messages/limits.ts';

/**
 * A 10,000-row x 20-column result turned into the notice's preview and the CSV file's bytes, in a
 * fresh process so its peak RSS is this work's alone. Run by bench/poller.ts. `BENCH_HELD=N` keeps
 * N such results at once (each its own text, table, message and file bytes), as N notices in flight
 * would hold them; `ms` is the first one's time. From the environment, not an argument: started the
 * way the poller is, Lambda's exec wrapper puts its flags before the last argument.
 */
const held = Math.max(1, Number(process.env.BENCH_HELD ?? '1'));
const ROWS = 10_000;
const COLUMNS = 20;

function bigCsv(seed: number): string {
  const header = Array.from({ length: COLUMNS }, (_, c) => `"column_${c}"`).join(',');
  const lines = [header];
  for (let r = 0; r < ROWS; r++) {
    lines.push(
      Array.from({ length: COLUMNS }, (_, c) =>
        c % 2 === 0 ? String(seed + r * COLUMNS + c) : `"value ${r}-${c} 数据"`,
      ).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function noticeOf(csv: string) {
  const table = parseResultCsv(csv);
  const { message, complete } = finalNoticeMessage(
    '20261123000000000gbigresult',
    {
      outcome: 'succeeded',
      elapsedMs: 1000,
      logview: [],
      result: { kind: 'table', taskName: 'AnonymousSQLTask', table, csv, completeness: 'truncated' },
    },
    { mentions: [] },
    translator('en'),
  );
  return { csv, table, message, complete, file: Buffer.from(csv, 'utf8') };
}

const started = performance.now();
const first = noticeOf(bigCsv(0));
const ms = performance.now() - started;
const inFlight = [first];
for (let n = 1; n < held; n++) inFlight.push(noticeOf(bigCsv(n * ROWS * COLUMNS)));
const problems = blockKitProblems(first.message.blocks);
console.log(
  JSON.stringify({
    rows: first.table.rows.length,
    columns: first.table.columns.length,
    csvBytes: first.file.byteLength,
    complete: first.complete,
    problems,
    ms: Math.round(ms),
    held: inFlight.length,
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
