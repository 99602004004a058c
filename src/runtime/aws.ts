import { AwsLambdaReceiver } from '@slack/bolt';
import type { APIGatewayProxyEventV2, Context, EventBridgeEvent } from 'aws-lambda';
import type { Env } from '../config/env-reader.ts';
import { boltLogger } from '../slack/bolt-logger.ts';
import type { WORKER_DETAIL_TYPE, WorkerJob } from '../slack/handoff.ts';
import { type AwsPartsOptions, loadAwsParts } from './aws-parts.ts';
import { buildFrontDoor, type FrontDoor } from './front-door.ts';
import { guardLambdaHandler } from './slack-lambda-handler.ts';
import { SlackRequestGuard } from './slack-request-guard.ts';

/**
 * The AWS composition root of the Slack front door (functions/slack.ts) and its worker
 * (functions/worker.ts): the shared parts plus Bolt on AwsLambdaReceiver, behind the request guard
 * (signature, timestamp window, replay; slack-request-guard.ts). The entry points build this once
 * per container and only delegate to it.
 */
/** What the worker function receives: a hand-off from the Slack function, through EventBridge. */
export type WorkerEvent = EventBridgeEvent<typeof WORKER_DETAIL_TYPE, WorkerJob>;

export interface AwsRuntime {
  readonly frontDoor: FrontDoor;
  slack(event: APIGatewayProxyEventV2, context: Context): Promise<unknown>;
  worker(event: WorkerEvent): Promise<void>;
}

export async function createAwsRuntime(env: Env, options: AwsPartsOptions = {}): Promise<AwsRuntime> {
  const parts = await loadAwsParts(env, options);
  // The receiver's own lines (an unacknowledged request, an error in a listener; at debug, the whole
  // event) go to the structured log, where secrets are masked, not to Bolt's plain console logger.
  const receiver = new AwsLambdaReceiver({
    signingSecret: parts.slackConfig.signingSecret,
    logger: boltLogger(parts.logger, 'bolt-receiver'),
  });
  const frontDoor = buildFrontDoor({
    config: parts.slackConfig,
    gateway: parts.gateway,
    store: parts.store,
    publisher: parts.events,
    logger: parts.logger,
    receiver,
  });
  const boltHandler = await receiver.start();
  const guard = new SlackRequestGuard({
    signingSecret: parts.slackConfig.signingSecret,
    store: parts.store,
    logger: parts.logger,
  });
  const slackHandler = guardLambdaHandler(guard, (event, context) => boltHandler(event as never, context));
  return {
    frontDoor,
    slack: slackHandler,
    worker: (event) => frontDoor.worker.handle(event.detail),
  };
}
