/**
 * Runs `work` with at most `limit` jobs in flight, each job's failure handed to `onError` so one
 * instance's trouble never stops the others of a tick.
 */
export async function runLimited(
  work: readonly (() => Promise<void>)[],
  limit: number,
  onError: (error: unknown) => void,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, work.length) }, async () => {
      while (next < work.length) {
        const job = work[next++];
        if (job) await job().catch(onError);
      }
    }),
  );
}
