/**
 * Whether an error says another attempt may succeed: every module's error base class carries a
 * `retryable` flag (the store's, MaxCompute's, Slack's), so callers ask it without knowing the module.
 */
export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}
