import { createAwsRuntime, type WorkerEvent } from '../src/runtime/aws.ts';

/** Work the Slack acknowledgement handed off (EventBridge rule on the custom bus). */
const runtime = createAwsRuntime(process.env);
// A configuration error surfaces in the first invocation, with its message, not as an unhandled rejection.
runtime.catch(() => undefined);

export async function handler(event: WorkerEvent, _context: unknown): Promise<void> {
  await (await runtime).worker(event);
}
