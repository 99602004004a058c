import type { EventBridgeEvent } from 'aws-lambda';
import { createAwsRuntime } from '../src/runtime/aws.ts';
import type { WORKER_DETAIL_TYPE, WorkerJob } from '../src/slack/handoff.ts';

/** Work the Slack acknowledgement handed off (EventBridge rule on the custom bus). */
const runtime = createAwsRuntime(process.env);
// A configuration error surfaces in the first invocation, with its message, not as an unhandled rejection.
runtime.catch(() => undefined);

export async function handler(
  event: EventBridgeEvent<typeof WORKER_DETAIL_TYPE, WorkerJob>,
  _context: unknown,
): Promise<void> {
  await (await runtime).worker(event);
}
