import { parseResultCsv } from '../src/maxcompute/decode/index.ts';
import { translator } from '../src/slack/i18n/catalog.ts';
import { finalNoticeMessage } from '../src/slack/messages/final-notice.ts';
import { blockKitProblems } from '../src/slack/messages/limits.ts';

/**
 * A 10,000-row x 20-column result turned into the notice's preview and the CSV file's bytes, in a
 * fresh process so its peak RSS is this work's alone. Run by bench/poller.ts.
 */
const ROWS = 10_000;
const COLUMNS = 20;
const started = performance.now();
const header = Array.from({ length: COLUMNS }, (_, c) => `"column_${c}"`).join(',');
const lines = [header];
for (let r = 0; r < ROWS; r++) {
  lines.push(
    Array.from({ length: COLUMNS }, (_, c) => (c % 2 === 0 ? String(r * COLUMNS + c) : `"value ${r}-${c} 数据"`)).join(
      ',',
    ),
  );
}
const csv = `${lines.join('\n')}\n`;
const table = parseResultCsv(csv);
const { message, complete } = finalNoticeMessage(
  '20261123000000000gbigresult',
  {
    outcome: 'succeeded',
    elapsedMs: 1000,
    logview: [],
    result: { kind: 'table', taskName: 'AnonymousSQLTask', table, csv },
  },
  [],
  undefined,
  translator('en'),
);
const file = Buffer.from(csv, 'utf8');
const ms = performance.now() - started;
const problems = blockKitProblems(message.blocks);
console.log(
  JSON.stringify({
    rows: table.rows.length,
    columns: table.columns.length,
    csvBytes: file.byteLength,
    complete,
    problems,
    ms: Math.round(ms),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
