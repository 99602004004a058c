import type { InstanceRecord, TaskOutcome, TaskSpec } from '../model/instance.ts';
import type { StageSnapshot } from '../model/progress.ts';

/**
 * ?instancesummary: {"Instance": {"JsonSummary": "<JSON text>", "Summary": "<text>"}}, and
 * ?instancedetail / ?detail: {"Stages": [...]}. The numbers are plausible, not measured.
 */
export function summaryBody(
  instance: InstanceRecord,
  task: TaskSpec,
  outcome: TaskOutcome | undefined,
  stages: readonly StageSnapshot[],
): unknown {
  const inputs = Object.fromEntries((outcome?.inputs ?? []).map((t) => [t, { Records: 0, Bytes: 0 }]));
  const outputs = Object.fromEntries((outcome?.outputs ?? []).map((t) => [t, { Records: 0, Bytes: 0 }]));
  const workers = stages.reduce((sum, s) => sum + s.totalWorkers, 0);
  const json = {
    Cost: { CPU: workers * 100, Memory: workers * 1024, Input: 0 },
    Inputs: inputs,
    Outputs: outputs,
    Stages: Object.fromEntries(stages.map((s) => [s.id, { Status: s.status, TotalWorkers: s.totalWorkers }])),
  };
  const lines = [
    `Summary of task ${task.name} (instance ${instance.id})`,
    `inputs: ${Object.keys(inputs).join(', ') || '(none)'}`,
    `outputs: ${Object.keys(outputs).join(', ') || '(none)'}`,
    ...stages.map((s) => `${s.id}: ${s.terminatedWorkers}/${s.totalWorkers} workers, ${s.finishedPercentage}%`),
  ];
  return { Instance: { JsonSummary: JSON.stringify(json), Summary: `${lines.join('\n')}\n` } };
}

export function detailBody(stages: readonly StageSnapshot[]): unknown {
  return {
    Stages: stages.map((s) => ({
      Name: s.id,
      Status: s.status,
      TotalWorkers: s.totalWorkers,
      RunningWorkers: s.runningWorkers,
      TerminatedWorkers: s.terminatedWorkers,
      BackupWorkers: s.backupWorkers,
      InputRecords: s.inputRecords,
      OutputRecords: s.outputRecords,
      FinishedPercentage: s.finishedPercentage,
    })),
  };
}
