/**
 * `?taskstatus`: the instance status and each task's status, in document order.
 * See docs/maxcompute-protocol.md, "Task statuses (?taskstatus)".
 */
import type { TaskStatusesInfo, TaskStatusInfo } from '../types.ts';
import { toInstanceStatus, toTaskStatus } from './statuses.ts';
import { attribute, child, children, optionalDate, parseXml, requiredText, type XmlValue } from './xml.ts';

const WHAT = 'taskstatus';

export function decodeTaskStatuses(body: string): TaskStatusesInfo {
  const instance = parseXml(WHAT, body, 'Instance');
  const status = toInstanceStatus(WHAT, requiredText(WHAT, instance, 'Status'));
  // <Tasks> may be missing or empty before the job is planned.
  const tasks = children(child(instance, 'Tasks'), 'Task').map(decodeTask);
  return { status, tasks };
}

function decodeTask(task: XmlValue): TaskStatusInfo {
  const startTime = optionalDate(task, 'StartTime');
  const endTime = optionalDate(task, 'EndTime');
  return {
    name: requiredText(WHAT, task, 'Name'),
    type: attribute(task, 'Type') ?? '',
    status: toTaskStatus(WHAT, requiredText(WHAT, task, 'Status')),
    ...(startTime !== undefined && { startTime }),
    ...(endTime !== undefined && { endTime }),
  };
}
