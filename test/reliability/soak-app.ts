import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../src/observability/logger.ts';
import { startLocalApp } from '../../src/runtime/local-app.ts';

/**
 * The measured process of `npm run soak`: `npm start`'s own composition root (startLocalApp) with
 * every outside part given by the environment (the MaxCompute emulator, the Slack stand-in and
 * DynamoDB live in the soak's parent process), so what grows here is the product's. Talks to the
 * parent over IPC: `{ ready, slackEventsUrl }` once started, a sample every `SOAK_SAMPLE_MS` (the heap
 * after a full collection when run with --expose-gc and SOAK_GC=1), and on `stop` it closes the app
 * and exits.
 */
export interface SoakSample {
  readonly at: number;
  readonly rssMB: number;
  readonly heapUsedMB: number;
  readonly heapTotalMB: number;
  readonly externalMB: number;
  readonly handles: number;
  readonly handlesByType: Readonly<Record<string, number>>;
  readonly elu: number;
}

const send = (message: unknown) => process.send?.(message);
const app = await startLocalApp(process.env, { logger: silentLogger });
send({ ready: true, slackEventsUrl: app.slackEventsUrl });

const MB = 2 ** 20;
let lastElu = performance.eventLoopUtilization();
const gc = (globalThis as { gc?: () => void }).gc;
const sample = (): SoakSample => {
  // With --expose-gc, the heap is measured after a full collection: what is retained, not what awaits collection.
  if (process.env.SOAK_GC === '1') gc?.();
  const memory = process.memoryUsage();
  const resources = process.getActiveResourcesInfo();
  const byType: Record<string, number> = {};
  for (const type of resources) byType[type] = (byType[type] ?? 0) + 1;
  const elu = performance.eventLoopUtilization();
  const utilization = performance.eventLoopUtilization(elu, lastElu).utilization;
  lastElu = elu;
  return {
    at: Date.now(),
    rssMB: memory.rss / MB,
    heapUsedMB: memory.heapUsed / MB,
    heapTotalMB: memory.heapTotal / MB,
    externalMB: memory.external / MB,
    handles: resources.length,
    handlesByType: byType,
    elu: Number(utilization.toFixed(3)),
  };
};
const timer = setInterval(() => send({ sample: sample() }), Number(process.env.SOAK_SAMPLE_MS ?? 10_000));
send({ sample: sample() });

process.on('message', (message: { stop?: boolean }) => {
  if (message.stop) {
    clearInterval(timer);
    void app.close().then(() => {
      send({ stopped: true });
      process.exit(0);
    });
  }
});
process.on('disconnect', () => process.exit(0));
