import { AwsLambdaReceiver } from '@slack/bolt';
import { boltLogger } from '../slack/bolt-logger.ts';
import { lambdaWithDownloads } from './download-routes.ts';
import { buildFrontDoor, type FrontDoor } from './front-door.ts';
import type { Parts } from './parts.ts';
import { guardLambdaHandler, type SlackLambdaHandler } from './slack-lambda-handler.ts';
import { SlackRequestGuard } from './slack-request-guard.ts';

export interface LambdaFrontDoor {
  readonly frontDoor: FrontDoor;
  readonly slack: SlackLambdaHandler;
}

/**
 * The front door as functions/slack.ts runs it, from the shared parts: Bolt on AwsLambdaReceiver
 * behind the request guard (signature, timestamp window, replay; slack-request-guard.ts), and the
 * stored exports' download links beside it (download-routes.ts). AWS, the tests' local stack and
 * bench:ack all build it here, so the handler they call is production's.
 */
export async function buildLambdaFrontDoor(parts: Parts): Promise<LambdaFrontDoor> {
  const { signingSecret } = parts.slackConfig;
  // The receiver's own lines (an unacknowledged request, an error in a listener; at debug, the whole
  // event) go to the structured log, where secrets are masked, not to Bolt's plain console logger.
  const receiver = new AwsLambdaReceiver({ signingSecret, logger: boltLogger(parts.logger, 'bolt-receiver') });
  const frontDoor = buildFrontDoor(parts, receiver);
  const boltHandler = await receiver.start();
  const guard = new SlackRequestGuard({ signingSecret, store: parts.store, logger: parts.logger });
  const slack = guardLambdaHandler(guard, (event, context) => boltHandler(event as never, context));
  return { frontDoor, slack: lambdaWithDownloads(parts.downloads, slack) };
}
