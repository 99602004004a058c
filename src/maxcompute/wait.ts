import type { Clock } from '../shared/clock.ts';
import { MaxComputeAbortedError, MaxComputeWaitTimeoutError } from './errors.ts';
import type { InstanceStatusInfo } from './types.ts';

/**
 * Polling until an instance terminates. The interval grows by `backoffFactor` up to
 * `maxIntervalMs`, so a long query is not polled every second for an hour. On timeout the instance
 * keeps running: waiting never stops it.
 * See docs/maxcompute-protocol.md, "Waiting for an instance".
 */
export interface WaitOptions {
  /** First pause between status checks; default 1000 ms. */
  readonly intervalMs?: number;
  /** Cap for the growing pause; default 5000 ms. */
  readonly maxIntervalMs?: number;
  /** Growth per round; default 1.5. Use 1 for PyODPS's fixed interval. */
  readonly backoffFactor?: number;
  /** Give up (WaitTimeoutError) after this long; default: wait as long as it takes. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Called with every status read, e.g. to show progress. */
  readonly onStatus?: (status: InstanceStatusInfo) => void;
}

export const DEFAULT_WAIT = { intervalMs: 1000, maxIntervalMs: 5000, backoffFactor: 1.5 } as const;

export async function pollUntilTerminated(
  instanceId: string,
  readStatus: (signal: AbortSignal | undefined) => Promise<InstanceStatusInfo>,
  clock: Clock,
  options: WaitOptions = {},
): Promise<InstanceStatusInfo> {
  const started = clock.now();
  const maxInterval = options.maxIntervalMs ?? Math.max(DEFAULT_WAIT.maxIntervalMs, options.intervalMs ?? 0);
  const factor = options.backoffFactor ?? DEFAULT_WAIT.backoffFactor;
  let interval = options.intervalMs ?? DEFAULT_WAIT.intervalMs;
  for (;;) {
    if (options.signal?.aborted) throw new MaxComputeAbortedError(options.signal.reason);
    const info = await readStatus(options.signal);
    options.onStatus?.(info);
    if (info.status === 'Terminated') return info;
    const elapsed = clock.now() - started;
    if (options.timeoutMs !== undefined && elapsed >= options.timeoutMs) {
      throw new MaxComputeWaitTimeoutError(instanceId, options.timeoutMs);
    }
    const pause = options.timeoutMs === undefined ? interval : Math.min(interval, options.timeoutMs - elapsed);
    try {
      await clock.sleep(pause, options.signal);
    } catch (reason) {
      throw new MaxComputeAbortedError(reason);
    }
    interval = Math.min(maxInterval, interval * factor);
  }
}
