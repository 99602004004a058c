import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

/** What the figures were measured on: the machine is shared, so its load at the time is part of the record. */
export function machine(): Record<string, string | number> {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage1m: Number(loadavg()[0]?.toFixed(2)),
    platform: `${process.platform} ${process.arch}`,
  };
}

/** Samples this process every second: event-loop utilisation and RSS. */
export function processSampler(): {
  stop(): { eluMean: number; eluMax: number; rssPeakMB: number; loadAvgMax: number };
} {
  const elus: number[] = [];
  let rssPeak = process.memoryUsage.rss();
  let loadMax = loadavg()[0] ?? 0;
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    elus.push(performance.eventLoopUtilization(now, last).utilization);
    last = now;
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    loadMax = Math.max(loadMax, loadavg()[0] ?? 0);
  }, 1000);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      const mean = elus.length === 0 ? 0 : elus.reduce((a, b) => a + b, 0) / elus.length;
      return {
        eluMean: Number(mean.toFixed(2)),
        eluMax: Number(Math.max(0, ...elus).toFixed(2)),
        rssPeakMB: Math.round(rssPeak / 2 ** 20),
        loadAvgMax: Number(loadMax.toFixed(2)),
      };
    },
  };
}
