import type { Context, ScheduledEvent } from 'aws-lambda';
import { createAwsRuntime } from '../src/runtime/aws.ts';

/** EventBridge schedule, rate(1 minute): follows tracked instances until shortly before the deadline. */
const runtime = createAwsRuntime(process.env);
// A configuration error surfaces in the first invocation, with its message, not as an unhandled rejection.
runtime.catch(() => undefined);

export async function handler(_event: ScheduledEvent, context: Context): Promise<void> {
  await (await runtime).poller(context);
}
