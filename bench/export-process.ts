import v8 from 'node:v8';
import { handler } from '../functions/worker.ts';
import { writeExportFile } from '../src/export/export-file.ts';
import type { WorkerEvent } from '../src/runtime/aws.ts';
import { loadAwsParts } from '../src/runtime/aws-parts.ts';
import { workerEvent } from '../test/support/worker-event.ts';
import { memoryReadings } from './process-support.ts';

/**
 * The measured process of bench/export.ts: functions/worker.ts, bundled with the deploy settings
 * (infra/lambda-bundle.ts) and configured only through its environment, as on Lambda; importing it
 * builds the worker's runtime at load, as a cold start does. MaxCompute, DynamoDB, S3 and Slack are
 * other processes or the harness. What it does comes from the environment (Lambda's bootstrap puts
 * its flags before the last argument, so arguments are left alone), `BENCH_EXPORT_MODE`:
 *
 * - `slack`, `s3`: the worker's handler, invoked once with the tracker's export hand-off (a
 *   WorkerJob `export`, as EventBridge delivers it): claim, read through the Instance Tunnel, write
 *   the file, gzip it, share it in the thread or store it in S3 and post the link. Which of the two
 *   is the harness's choice of ODPS_EXPORT_SLACK_MAX_MB.
 * - `file`: its first half alone, with the worker's own settings: the gateway's exportResult and
 *   writeExportFile; the CSV's end is timed by the last progress callback, the rest is the gzip.
 * - `result`: the result API the notice reads (gateway.result), for comparison.
 *
 * `file` and `result` build the worker's parts a second time (loadAwsParts, the worker root's own
 * first step): the handler's are not reachable from outside. Reports two JSON lines marked
 * `"bench"` on stdout (the function's log lines share it): `loaded` and `done`, then exits.
 */
const mode = process.env.BENCH_EXPORT_MODE ?? 'slack';
const key = { project: process.env.BENCH_PROJECT ?? '', instanceId: process.env.BENCH_INSTANCE_ID ?? '' };

let sampledMax = 0;
const sample = () => {
  sampledMax = Math.max(sampledMax, process.memoryUsage.rss());
};
setInterval(sample, 20).unref();
// `--trace-ms` of the harness: the memory's parts every so often, on stderr, to see which phase holds what.
const traceMs = Number(process.env.BENCH_TRACE_MS ?? '0');
if (traceMs > 0) {
  setInterval(() => {
    const { rss, heapTotal, heapUsed, external, arrayBuffers } = process.memoryUsage();
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    process.stderr.write(
      `  ${mode} ${process.uptime().toFixed(1)} s: rss ${mib(rss)}, heap ${mib(heapUsed)} of ${mib(heapTotal)}, ` +
        `external ${mib(external)} (array buffers ${mib(arrayBuffers)}) MiB\n`,
    );
  }, traceMs).unref();
}

function report(type: string, fields: Record<string, unknown> = {}): void {
  const memory = memoryReadings();
  sample();
  const cpu = process.cpuUsage();
  const readings = {
    ...memory,
    heapLimit: v8.getHeapStatistics().heap_size_limit,
    sampledMaxRss: sampledMax,
    maxRss: process.resourceUsage().maxRSS * 1024,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
  process.stdout.write(`${JSON.stringify({ bench: type, mode, ...fields, ...readings })}\n`);
}

/** The hand-off as the worker function receives it from EventBridge (src/slack/handoff.ts). */
function exportEvent(): WorkerEvent {
  return workerEvent(
    {
      kind: 'export',
      ...key,
      channelId: process.env.BENCH_CHANNEL ?? '',
      threadTs: process.env.BENCH_THREAD_TS ?? '',
      locale: 'en',
      requestedBy: 'U0BENCH',
    },
    `bench-${mode}`,
  );
}

async function fileOnly(): Promise<Record<string, unknown>> {
  const parts = await loadAwsParts(process.env);
  const started = performance.now();
  let csvMs = 0;
  const result = await parts.gateway.exportResult(key);
  const sessionMs = performance.now() - started;
  const file = await writeExportFile(key.instanceId, result, {
    gzipAboveBytes: parts.config.exports.gzipAboveBytes,
    onProgress: () => {
      csvMs = performance.now() - started;
    },
  });
  const ms = performance.now() - started;
  await file.remove();
  await parts.close();
  const { rows, csvBytes, bytes, gzip, filename } = file;
  return { ms, sessionMs, csvMs, rows, sessionRows: result.rowCount, csvBytes, bytes, gzip, filename };
}

async function resultApi(): Promise<Record<string, unknown>> {
  const parts = await loadAwsParts(process.env);
  const started = performance.now();
  const result = await parts.gateway.result(key);
  const ms = performance.now() - started;
  await parts.close();
  if (result.kind !== 'table') return { ms, kind: result.kind };
  const csvBytes = Buffer.byteLength(result.csv);
  return { ms, rows: result.table.rows.length, completeness: result.completeness, csvBytes };
}

async function main(): Promise<void> {
  // The bundle has run by now and the worker's root is resolving its configuration: let it settle.
  const uptimeMs = Math.round(process.uptime() * 1000);
  await new Promise((resolve) => setTimeout(resolve, 200));
  report('loaded', { uptimeMs });
  sampledMax = process.memoryUsage.rss();
  if (mode === 'file') return report('done', await fileOnly());
  if (mode === 'result') return report('done', await resultApi());
  const startedAt = Date.now();
  const started = performance.now();
  await handler(exportEvent(), {});
  report('done', { ms: performance.now() - started, startedAt });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
