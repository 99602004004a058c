import type { WebClient } from '@slack/web-api';
import { systemClock } from '../shared/clock.ts';
import { groupMembersVia } from '../slack/identity/group-members.ts';
import { SlackPoster } from '../slack/slack-poster.ts';
import { SlackTrackerNotifier } from '../slack/tracker-notifier.ts';
import { Poller, type PollerDeps, type PollerOptions } from '../tracker/poller.ts';
import type { Parts } from './parts.ts';
import { pollerSlackClient } from './slack-clients.ts';

export interface PollerParts {
  readonly deps: PollerDeps;
  /** The Web API client behind the notifier (tests compare its settings across builds). */
  readonly slackClient: WebClient;
}

/**
 * What the poller runs on, from the shared parts, the same on AWS, in `npm start`, the tests and the
 * benchmarks: its own Slack client (POLLER_SLACK_OPTIONS: no retries inside it, a 10 s timeout, since
 * only the notice lease knows whether a post that timed out must be looked for before posting again),
 * the bus for Instance Terminated events and for handing a cut result's export to the worker, the
 * system clock.
 */
export function pollerParts(parts: Parts): PollerParts {
  const slackClient = pollerSlackClient(parts.slackConfig);
  const poster = new SlackPoster(slackClient);
  return {
    slackClient,
    deps: {
      store: parts.store,
      gateway: parts.gateway,
      readers: parts.identity.callers(groupMembersVia(poster)),
      notifier: new SlackTrackerNotifier(poster, Date.now, parts.bus),
      events: parts.bus,
      logger: parts.logger,
      now: Date.now,
      sleep: systemClock.sleep,
    },
  };
}

/** The poller with the configured cadence, tracking age and concurrency (a test may scale them down). */
export function buildPoller(parts: Parts, options: Partial<PollerOptions> = {}): Poller {
  return new Poller(pollerParts(parts).deps, { ...parts.config.poll, ...options });
}
