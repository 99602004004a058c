/**
 * Polls until `find` gives something, or fails after `timeoutMs`; `describe` says what was there
 * instead, for the failure message.
 */
export async function waitFor<T>(
  find: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs?: number; describe?: () => unknown } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) {
      const seen = options.describe === undefined ? '' : `; instead: ${JSON.stringify(options.describe())}`;
      throw new Error(`timed out waiting${seen}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
