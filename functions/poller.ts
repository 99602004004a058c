import type { Context, ScheduledEvent } from 'aws-lambda';
import { createAwsPoller } from '../src/runtime/aws-poller.ts';

/** EventBridge schedule, rate(1 minute): follows tracked instances until shortly before the deadline. */
const poll = createAwsPoller(process.env);
// A configuration error surfaces in the first invocation, with its message, not as an unhandled rejection.
poll.catch(() => undefined);

export async function handler(_event: ScheduledEvent, context: Context): Promise<void> {
  await (await poll)(context);
}
