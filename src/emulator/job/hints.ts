import type { RunPlan } from '../model/instance.ts';
import { hintFailure } from '../sql/odps-errors.ts';

/**
 * Emulator hints, read from the settings JSON and from leading `set k=v;` statements:
 *   emulator.duration.ms   how long the instance runs (default: defaultDurationMs);
 *   emulator.suspended.ms  how long it is Suspended before that;
 *   emulator.fail          the task ends Failed with this text (ODPS-0130071: is added when the
 *                          text has no ODPS- code); the SQL is not run. Not an SQLCost task's:
 *   emulator.cost.fail     an SQLCost task (an estimate) ends Failed with this text; the query's
 *                          own timing and failure hints do not apply to its estimate;
 *   emulator.cost.duration.ms  how long an estimate takes (default 500 ms, or less when
 *                          defaultDurationMs is shorter).
 * A `sleep(N)` call in the SQL makes the instance run at least N seconds (DuckDB has no sleep;
 * the emulator defines a no-op `sleep` macro so such queries still succeed).
 */
export const HINT_DURATION = 'emulator.duration.ms';
export const HINT_SUSPENDED = 'emulator.suspended.ms';
export const HINT_FAIL = 'emulator.fail';
export const HINT_COST_FAIL = 'emulator.cost.fail';
export const HINT_COST_DURATION = 'emulator.cost.duration.ms';

export function resolvePlan(
  settings: Readonly<Record<string, string>>,
  sleepMs: number | undefined,
  defaultDurationMs: number,
): RunPlan {
  const duration = milliseconds(settings[HINT_DURATION]) ?? defaultDurationMs;
  const fail = settings[HINT_FAIL];
  return {
    suspendedMs: milliseconds(settings[HINT_SUSPENDED]) ?? 0,
    durationMs: Math.max(duration, sleepMs ?? 0),
    failText: fail === undefined || fail === '' ? undefined : hintFailure(fail).text,
  };
}

function milliseconds(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Math.round(Number(value));
}
