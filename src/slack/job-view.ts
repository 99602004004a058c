import type { InstanceDescription } from '../tracker/maxcompute-gateway.ts';
import { instanceStateOf, type TrackedInstance } from '../tracker/tracked-instance.ts';
import type { CardState, JobCardView } from './messages/job-card.ts';

/** The job card's view of a tracked instance and what MaxCompute says about it now. */
export function jobCardView(
  tracked: TrackedInstance,
  description: InstanceDescription | undefined,
  now: number,
  logviewUrl?: string,
  withheld = false,
): JobCardView {
  const state = withheld ? 'withheld' : stateOf(tracked, description);
  // MaxCompute's start time, not the watch's: a watched instance started before anyone here saw it.
  const started = description?.startTime?.getTime() ?? tracked.startedAt ?? tracked.trackedAt;
  const ended = description?.endTime?.getTime() ?? now;
  const running = description?.tasks.find((task) => task.stages !== undefined);
  return {
    project: tracked.project,
    instanceId: tracked.instanceId,
    requestedBy: tracked.requestedBy,
    origin: tracked.origin,
    submittedAt: started,
    sql: tracked.sql,
    sqlLength: tracked.sqlLength,
    state,
    elapsedMs: Math.max(0, ended - started),
    percent: running?.percent,
    stages: running?.stages ?? tracked.progress,
    logviewUrl,
    ...(tracked.cost ? { cost: tracked.cost } : {}),
    ...(tracked.release ? { release: tracked.release } : {}),
    ...(tracked.runAs ? { runAs: tracked.runAs } : {}),
  };
}

function stateOf(tracked: TrackedInstance, description: InstanceDescription | undefined): CardState {
  if (description) return instanceStateOf(description);
  return tracked.status === 'Terminated' ? 'succeeded' : 'running';
}
