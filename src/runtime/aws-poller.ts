import type { Context } from 'aws-lambda';
import type { Env } from '../config/env-reader.ts';
import { systemClock } from '../shared/clock.ts';
import { SlackPoster } from '../slack/slack-poster.ts';
import { SlackTrackerNotifier } from '../slack/tracker-notifier.ts';
import { Poller } from '../tracker/poller.ts';
import { loadAwsParts } from './aws-parts.ts';
import { pollerSlackClient } from './slack-clients.ts';

/** Left for the last tick to finish and the function to return before Lambda's deadline. */
const POLLER_RESERVE_MS = 10_000;

/**
 * The AWS composition root of functions/poller.ts: the shared parts, a Slack Web API client (no
 * Bolt: the poller receives nothing from Slack) and the tracker. One scheduled invocation ticks until
 * shortly before its deadline; calls still in flight when the reserve starts are cut off.
 */
export async function createAwsPoller(
  env: Env,
): Promise<(context: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<void>> {
  const parts = await loadAwsParts(env);
  const { slackConfig } = parts;
  const client = pollerSlackClient(slackConfig);
  const poller = new Poller(
    {
      store: parts.store,
      gateway: parts.gateway,
      notifier: new SlackTrackerNotifier(new SlackPoster(client), Date.now),
      events: parts.events,
      logger: parts.logger,
      now: Date.now,
      sleep: systemClock.sleep,
    },
    parts.poll,
  );
  return async (context) => {
    const remaining = context.getRemainingTimeInMillis();
    const signal = AbortSignal.timeout(Math.max(0, remaining - POLLER_RESERVE_MS / 2));
    await poller.runUntil(Date.now() + remaining, POLLER_RESERVE_MS, signal);
  };
}
