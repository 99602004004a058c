import type { WorkerEvent } from '../../src/runtime/aws.ts';
import { EVENT_SOURCE, WORKER_DETAIL_TYPE, type WorkerJob } from '../../src/slack/handoff.ts';

/** A hand-off as functions/worker.ts receives it from the EventBridge rule's target. */
export function workerEvent(detail: WorkerJob, id = 'e1'): WorkerEvent {
  return {
    version: '0',
    id,
    'detail-type': WORKER_DETAIL_TYPE,
    source: EVENT_SOURCE,
    account: '000000000000',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [],
    detail,
  };
}
