import type { WorkerEvent } from '../src/runtime/aws.ts';
import { createAwsWorker } from '../src/runtime/aws-worker.ts';

/** Work the Slack acknowledgement handed off, and exports the tracker handed off (EventBridge rule on the custom bus). */
const worker = createAwsWorker(process.env);
// A configuration error surfaces in the first invocation, with its message, not as an unhandled rejection.
worker.catch(() => undefined);

export async function handler(event: WorkerEvent, _context: unknown): Promise<void> {
  await (await worker)(event);
}
