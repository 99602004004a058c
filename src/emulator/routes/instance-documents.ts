import { httpDate } from '../http/http-date.ts';
import { cdata, el, type XmlElement } from '../http/xml-writer.ts';
import type { InstanceRecord, InstanceStatus, TaskOutcome, TaskSpec, TaskStatus } from '../model/instance.ts';
import type { StageSnapshot } from '../model/progress.ts';

/** The XML documents of the per-instance reads, built from a snapshot. */

export function statusDocument(status: InstanceStatus): XmlElement {
  return el('Instance', el('Status', status));
}

export interface TaskView {
  readonly task: TaskSpec;
  readonly status: TaskStatus;
  readonly outcome: TaskOutcome | undefined;
}

export function taskStatusDocument(
  instance: InstanceRecord,
  status: InstanceStatus,
  tasks: readonly TaskView[],
): XmlElement {
  const endAt = instance.outcome?.endAt;
  return el(
    'Instance',
    el('Status', status),
    el(
      'Tasks',
      tasks.map((view) =>
        el(
          'Task',
          { Type: view.task.type },
          el('Name', view.task.name),
          el('StartTime', httpDate(instance.createdAt)),
          endAt !== undefined && el('EndTime', httpDate(endAt)),
          el('Status', view.status),
          el('Histories'),
        ),
      ),
    ),
  );
}

export function resultDocument(tasks: readonly TaskView[]): XmlElement {
  return el(
    'Instance',
    el(
      'Tasks',
      tasks.map((view) => {
        const outcome = view.outcome;
        const format = outcome?.format ?? 'text';
        return el(
          'Task',
          { Type: view.task.type },
          el('Name', view.task.name),
          el('Result', { Format: format }, cdata(outcome?.text ?? '')),
          outcome?.format === 'csv' && el('ResultDescriptor', cdata(resultDescriptor(outcome))),
          el('Status', view.status),
        );
      }),
    ),
  );
}

/**
 * Optional per-task descriptor; SelectResultStatus OK or TRUNCATED past the 10,000-row cap.
 * See docs/maxcompute-protocol.md, "Instance results (?result) and the result descriptor".
 */
function resultDescriptor(outcome: TaskOutcome): string {
  return JSON.stringify({
    IsSelect: true,
    SelectResultStatus: outcome.truncated ? 'TRUNCATED' : 'OK',
    Schema: { Columns: (outcome.columns ?? []).map((c) => ({ Name: c.name, Type: c.type })) },
  });
}

export function progressDocument(stages: readonly StageSnapshot[]): XmlElement {
  return el(
    'Progress',
    stages.map((stage) =>
      el(
        'Stage',
        { ID: stage.id },
        el('Status', stage.status),
        el('BackupWorkers', stage.backupWorkers),
        el('TerminatedWorkers', stage.terminatedWorkers),
        el('RunningWorkers', stage.runningWorkers),
        el('TotalWorkers', stage.totalWorkers),
        el('InputRecords', stage.inputRecords),
        el('OutputRecords', stage.outputRecords),
        el('FinishedPercentage', stage.finishedPercentage),
      ),
    ),
  );
}

/** ?source: the job as submitted, under root Job. XFlow parents list no tasks. */
export function sourceDocument(instance: InstanceRecord): XmlElement {
  const job = instance.job;
  const created = httpDate(instance.createdAt);
  const tasks = instance.xflow === undefined ? instance.tasks : [];
  return el(
    'Job',
    job.name !== undefined && el('Name', job.name),
    job.comment !== undefined && el('Comment', job.comment),
    el('Owner', instance.owner),
    el('CreationTime', created),
    el('LastModifiedTime', httpDate(instance.outcome?.endAt ?? instance.createdAt)),
    el('Priority', job.priority),
    job.runningCluster !== undefined && el('RunningCluster', job.runningCluster),
    job.guid !== undefined && el('Guid', job.guid),
    el(
      'Tasks',
      tasks.map((task) =>
        el(
          task.type,
          el('Name', task.name),
          task.comment !== undefined && el('Comment', task.comment),
          el('Config', propertyElements(task.properties)),
          el('Query', cdata(task.query)),
        ),
      ),
    ),
    el('DAG', el('RunMode', 'Sequence')),
  );
}

export function xsourceDocument(instance: InstanceRecord): XmlElement | undefined {
  const spec = instance.xflow?.spec;
  if (spec === undefined) return undefined;
  return el(
    'Instance',
    el(
      'XflowInstance',
      el('Project', spec.project),
      el('Xflow', spec.name),
      el(
        'Parameters',
        spec.parameters.map((p) => el('Parameter', el('Key', p.key), el('Value', p.value))),
      ),
      spec.priority !== undefined && el('Priority', spec.priority),
      spec.properties.length > 0 && el('Config', propertyElements(spec.properties)),
    ),
  );
}

/** ?xresult: one Action per step; Result holds the sub-instance's result text once it ended. */
export function xresultDocument(
  instance: InstanceRecord,
  subOutcome: (id: string) => TaskOutcome | undefined,
): XmlElement {
  return el(
    'Xinstance',
    el(
      'Actions',
      (instance.xflow?.actions ?? []).map((action) => {
        const outcome = action.instanceId === '' ? undefined : subOutcome(action.instanceId);
        return el(
          'Action',
          { NodeType: action.nodeType },
          el('Name', action.name),
          el('InstanceId', action.instanceId),
          outcome === undefined
            ? el('Result')
            : el('Result', { Format: 'text' }, cdata(outcome.text || outcome.status)),
        );
      }),
    ),
  );
}

function propertyElements(properties: readonly (readonly [string, string])[]): XmlElement[] {
  return properties.map(([name, value]) => el('Property', el('Name', name), el('Value', value)));
}
