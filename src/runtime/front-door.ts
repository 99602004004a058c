import { App, type Receiver } from '@slack/bolt';
import { systemClock } from '../shared/clock.ts';
import { AccessPolicy } from '../slack/access-policy.ts';
import { registerFrontDoor } from '../slack/app.ts';
import { boltLogger } from '../slack/bolt-logger.ts';
import type { FrontDoorDeps } from '../slack/commands/context.ts';
import { groupMembersVia } from '../slack/identity/group-members.ts';
import { LocaleResolver } from '../slack/locale-resolver.ts';
import { ResultExporter } from '../slack/result-exporter.ts';
import { SlackPoster } from '../slack/slack-poster.ts';
import { SlackWorker } from '../slack/worker/worker.ts';
import type { Parts } from './parts.ts';
import { FRONT_DOOR_SLACK_OPTIONS, slackApiUrl } from './slack-clients.ts';

export interface FrontDoor {
  readonly app: App;
  readonly deps: FrontDoorDeps;
  readonly worker: SlackWorker;
}

/**
 * The Slack app as both runtimes build it; only the parts differ. No `auth.test` at cold start when
 * the bot ids are configured (always on Lambda), a Web API client with a timeout and a small retry policy that fails fast on
 * rate limits rather than stalling the acknowledgement, and the base URL from configuration.
 */
export function buildFrontDoor(parts: Parts, receiver: Receiver): FrontDoor {
  const { slackConfig: config, logger } = parts;
  const now = Date.now;
  const app = new App({
    token: config.botToken,
    receiver,
    // Without configured ids (a local run), Bolt learns them from auth.test once at start.
    ...(config.botId !== undefined && config.botUserId !== undefined
      ? { botId: config.botId, botUserId: config.botUserId }
      : {}),
    processBeforeResponse: true,
    logger: boltLogger(logger),
    clientOptions: { ...slackApiUrl(config), ...FRONT_DOOR_SLACK_OPTIONS },
  });
  const poster = new SlackPoster(app.client);
  const exporter = new ResultExporter({
    slack: poster,
    flags: parts.store,
    now,
    ...(parts.exportStore ? { bucket: parts.exportStore } : {}),
    settings: parts.config.exports,
    logger,
  });
  const deps: FrontDoorDeps = {
    config,
    cost: parts.config.cost,
    callers: parts.identity.callers(groupMembersVia(poster)),
    mappings: { store: parts.identity.store, configured: parts.identity.config.configured },
    store: parts.store,
    runRequests: parts.runRequests,
    spend: parts.spend,
    publisher: parts.bus,
    poster,
    exporter,
    policy: new AccessPolicy(config.guard),
    locales: new LocaleResolver(config.locales, (userId) => poster.userLocale(userId), logger, now),
    logger,
    now,
    sleep: systemClock.sleep,
  };
  registerFrontDoor(app, deps);
  return { app, deps, worker: new SlackWorker(deps) };
}
