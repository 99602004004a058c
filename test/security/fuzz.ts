import fc from 'fast-check';

/** Runs per fuzz property: at least 10,000; FC_NUM_RUNS raises it for a longer session. */
export const FUZZ_RUNS = Math.max(10_000, Number(process.env.FC_NUM_RUNS) || 0);

/**
 * Checks a property FUZZ_RUNS times and reports the runs and the time (node:test's diagnostic, so
 * it shows in the test output and in docs/security.md's figures). A failure names fast-check's
 * seed and path, so it can be replayed.
 */
export function fuzz<T>(
  t: { diagnostic(message: string): void },
  label: string,
  property: fc.IProperty<T>,
  runs = FUZZ_RUNS,
): void {
  const started = performance.now();
  fc.assert(property, { numRuns: runs, includeErrorInReport: true });
  const ms = performance.now() - started;
  t.diagnostic(`${label}: ${runs} runs in ${ms.toFixed(0)} ms (${((ms * 1000) / runs).toFixed(0)} µs per run)`);
}
