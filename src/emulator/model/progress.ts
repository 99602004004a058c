import { type InstanceRecord, runStartAt, type TaskSpec } from './instance.ts';

/**
 * Fake but plausible Fuxi stages, derived from the clock: a map stage and a reduce stage (plus
 * a second map and a join stage when the SQL joins). Each stage owns an overlapping slice of the
 * run time; its workers finish in proportion to how far the clock is through that slice.
 */
export interface StageSnapshot {
  readonly id: string;
  readonly status: string;
  readonly backupWorkers: number;
  readonly terminatedWorkers: number;
  readonly runningWorkers: number;
  readonly totalWorkers: number;
  readonly inputRecords: number;
  readonly outputRecords: number;
  readonly finishedPercentage: number;
}

interface StagePlan {
  readonly id: string;
  readonly totalWorkers: number;
  readonly from: number;
  readonly to: number;
  readonly recordsPerWorker: number;
}

/** Stages of one task at `now`; empty for tasks that never get stages (XFlow parents, compile failures). */
export function stagesAt(instance: InstanceRecord, task: TaskSpec, now: number): StageSnapshot[] {
  if (task.type !== 'SQL' && task.type !== 'SQLRT') return [];
  const plans = planStages(instance.id, task);
  const outcome = instance.outcome?.tasks.get(task.name);
  if (outcome !== undefined) {
    if (outcome.status === 'Success') return plans.map((p) => snapshot(p, 1, 'Terminated'));
    if (!outcome.ranStages) return [];
    const stopped = outcome.status === 'Cancelled';
    const at = stopped ? fractionAt(instance, instance.stoppedAt ?? instance.outcome?.endAt ?? now) : 0.9;
    const unfinished = stopped ? 'Cancelled' : 'Failed';
    return plans.map((p) => {
      const done = stageFraction(p, at);
      return snapshot(p, done, done >= 1 ? 'Terminated' : done > 0 ? unfinished : stopped ? 'Cancelled' : 'Waiting');
    });
  }
  if (now < runStartAt(instance)) return plans.map((p) => snapshot(p, 0, 'Suspended'));
  const at = fractionAt(instance, now);
  return plans.map((p) => {
    const done = stageFraction(p, at);
    return snapshot(p, done, done >= 1 ? 'Terminated' : done > 0 ? 'Running' : 'Waiting');
  });
}

function fractionAt(instance: InstanceRecord, now: number): number {
  const duration = instance.plan.durationMs;
  if (duration <= 0) return 1;
  return clamp((now - runStartAt(instance)) / duration);
}

function stageFraction(plan: StagePlan, runFraction: number): number {
  return clamp((runFraction - plan.from) / (plan.to - plan.from));
}

function snapshot(plan: StagePlan, done: number, status: string): StageSnapshot {
  const total = plan.totalWorkers;
  const terminated = done >= 1 ? total : Math.floor(done * total);
  const running = done > 0 && done < 1 ? total - terminated : 0;
  // Speculative backup workers show up in the middle of a busy stage, as on a real cluster.
  const backups = status === 'Running' && total >= 2 && done >= 0.3 && done < 0.7 ? 1 : 0;
  const records = Math.floor(done * total * plan.recordsPerWorker);
  return {
    id: plan.id,
    status,
    backupWorkers: backups,
    terminatedWorkers: terminated,
    runningWorkers: running,
    totalWorkers: total,
    inputRecords: records,
    outputRecords: Math.floor(records / 2),
    finishedPercentage: Math.floor(done * 100),
  };
}

function planStages(instanceId: string, task: TaskSpec): StagePlan[] {
  const seed = hash(`${instanceId}/${task.name}`);
  const workers = (shift: number, max: number) => 1 + ((seed >>> shift) % max);
  const names = /\bjoin\b/i.test(task.query) ? ['M1_job_0', 'M2_job_0', 'J3_1_2_job_0'] : ['M1_job_0', 'R2_1_job_0'];
  const count = names.length;
  // Stage i runs over [i/n, (i+1)/n] of the run, stretched so neighbours overlap a little.
  return names.map((id, i) => ({
    id,
    totalWorkers: workers(i * 5, id.startsWith('J') ? 3 : 4),
    from: (i / count) * 0.9,
    to: ((i + 1) / count) * 0.9 + 0.1,
    recordsPerWorker: 100 + ((seed >>> (i * 3)) % 900),
  }));
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}

/** FNV-1a, enough to make stage shapes stable per instance. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
