import type { Context } from 'aws-lambda';
import type { Env } from '../config/env-reader.ts';
import { loadAwsParts } from './aws-parts.ts';
import { buildPoller } from './poller-parts.ts';

/** Left for the last tick to finish and the function to return before Lambda's deadline. */
const POLLER_RESERVE_MS = 10_000;

/**
 * The AWS composition root of functions/poller.ts: the shared parts on AWS's adapters and the
 * poller (no Bolt: the poller receives nothing from Slack). One scheduled invocation ticks until
 * shortly before its deadline; calls still in flight when the reserve starts are cut off.
 */
export async function createAwsPoller(
  env: Env,
): Promise<(context: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<void>> {
  const poller = buildPoller(await loadAwsParts(env));
  return async (context) => {
    const remaining = context.getRemainingTimeInMillis();
    const signal = AbortSignal.timeout(Math.max(0, remaining - POLLER_RESERVE_MS / 2));
    await poller.runUntil(Date.now() + remaining, POLLER_RESERVE_MS, signal);
  };
}
