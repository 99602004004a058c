import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../config/slack-config.ts';

/**
 * How each function talks to Slack's Web API, in one place, so AWS, `npm start`, the tests and the
 * benchmarks all run the same settings.
 *
 * The front door (Bolt's client) answers within the acknowledgement: a short timeout, one quick
 * retry, and a rate limit refused at once rather than waited out inside the 3 seconds.
 */
export const FRONT_DOOR_SLACK_OPTIONS = {
  timeout: 2500,
  retryConfig: { retries: 1, factor: 1, minTimeout: 100, maxTimeout: 200 },
  rejectRateLimitedCalls: true,
} as const satisfies WebClientOptions;

/**
 * The poller's client: no retries inside it, because a post that timed out may have been accepted
 * and only the tracker knows to look for it before posting again (the notice lease); the next tick
 * is the retry. A longer timeout: nobody waits on the poller.
 */
export const POLLER_SLACK_OPTIONS = {
  timeout: 10_000,
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
} as const satisfies WebClientOptions;

/** The Web API base URL when the configuration names one (a stand-in), with the slash the client needs. */
export function slackApiUrl(config: Pick<SlackConfig, 'apiUrl'>): { slackApiUrl?: string } {
  const url = config.apiUrl;
  return url === undefined ? {} : { slackApiUrl: url.endsWith('/') ? url : `${url}/` };
}

/** The poller's Web API client, built the same way on AWS and locally. */
export function pollerSlackClient(config: Pick<SlackConfig, 'apiUrl' | 'botToken'>): WebClient {
  return new WebClient(config.botToken, { ...slackApiUrl(config), ...POLLER_SLACK_OPTIONS });
}
