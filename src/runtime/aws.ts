import type { APIGatewayProxyEventV2, Context, EventBridgeEvent } from 'aws-lambda';
import type { Env } from '../config/env-reader.ts';
import type { WORKER_DETAIL_TYPE, WorkerJob } from '../slack/handoff.ts';
import { type AwsPartsOptions, loadAwsParts } from './aws-parts.ts';
import type { FrontDoor } from './front-door.ts';
import { buildLambdaFrontDoor } from './lambda-front-door.ts';

/**
 * The AWS composition root of the Slack front door (functions/slack.ts) and its worker
 * (functions/worker.ts): the shared parts on AWS's adapters plus the Lambda front door. The entry
 * points build this once per container and only delegate to it.
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
  const { frontDoor, slack } = await buildLambdaFrontDoor(parts);
  return {
    frontDoor,
    slack,
    worker: (event) => frontDoor.worker.handle(event.detail),
  };
}
