import { assertInstanceAccess } from '../access/instance-access.ts';
import type { EmulatorContext } from '../context.ts';
import { ApiError, instanceNotFound, invalidParameter, noSuchObject } from '../http/api-error.ts';
import { httpDate } from '../http/http-date.ts';
import { jsonReply, type Reply, xmlReply } from '../http/reply.ts';
import type { InstanceRecord } from '../model/instance.ts';
import { stagesAt } from '../model/progress.ts';
import type { ApiRequest } from './api-request.ts';
import {
  progressDocument,
  resultDocument,
  sourceDocument,
  statusDocument,
  type TaskView,
  taskStatusDocument,
  xresultDocument,
  xsourceDocument,
} from './instance-documents.ts';
import { detailBody, summaryBody } from './instance-summary.ts';

/** Action keys of GET /projects/{p}/instances/{id}, in the order they are looked for. */
export const INSTANCE_ACTIONS = [
  'instancestatus',
  'taskstatus',
  'result',
  'instanceprogress',
  'source',
  'instancesummary',
  'instancedetail',
  'detail',
  'xresult',
  'xsource',
] as const;

/**
 * Per-instance actions the SDKs know but the emulator does not implement here; tunnel downloads
 * (`downloads`, `downloadid`) are served under the tunnel's own mount, see tunnel/routes.ts.
 */
const NOT_EMULATED = ['info', 'instancequota', 'cached', 'log', 'downloads', 'downloadid', 'uploads'];

export function instanceAction(query: ReadonlyMap<string, string>): string {
  return INSTANCE_ACTIONS.find((action) => query.has(action)) ?? 'instance';
}

export async function readInstance(context: EmulatorContext, request: ApiRequest, id: string): Promise<Reply> {
  const project = request.segments[1] ?? '';
  const instance = context.registry.get(project, id);
  if (instance === undefined) throw instanceNotFound(id);
  assertInstanceAccess(request.caller, instance, 'odps:Read');
  const unsupported = NOT_EMULATED.find((key) => request.query.has(key));
  if (unsupported !== undefined) throw noSuchObject(`The instance action '${unsupported}' is not emulated`);
  const action = instanceAction(request.query);
  if (action === 'instancestatus') await holdForChange(context, instance);
  const now = context.now();
  const status = context.lifecycle.statusAt(instance, now);
  const views: TaskView[] = instance.tasks.map((task) => ({
    task,
    status: context.lifecycle.taskStatusAt(instance, task, now),
    outcome: instance.outcome?.tasks.get(task.name),
  }));

  switch (action) {
    case 'taskstatus':
      return xmlReply(taskStatusDocument(instance, status, views));
    case 'result':
      return xmlReply(resultDocument(views));
    case 'instanceprogress': {
      const view = taskView(views, request.query.get('taskname') || request.query.get('instanceprogress'));
      return xmlReply(progressDocument(stagesAt(instance, view.task, now)));
    }
    case 'source':
      return xmlReply(sourceDocument(instance));
    case 'instancesummary': {
      const view = taskView(views, request.query.get('taskname'));
      const body = summaryBody(instance, view.task, view.outcome, stagesAt(instance, view.task, now));
      return jsonReply(body, { 'x-odps-task-finalized': String(view.outcome !== undefined) });
    }
    case 'instancedetail':
    case 'detail': {
      const view = taskView(views, request.query.get('taskname'));
      return jsonReply(detailBody(stagesAt(instance, view.task, now)));
    }
    case 'xresult':
      if (instance.xflow === undefined) throw notXflow(id);
      return xmlReply(
        xresultDocument(instance, (subId) => {
          const sub = context.registry.get(project, subId);
          return sub?.outcome === undefined ? undefined : [...sub.outcome.tasks.values()][0];
        }),
      );
    case 'xsource': {
      const document = xsourceDocument(instance);
      if (document === undefined) throw notXflow(id);
      return xmlReply(document);
    }
    default:
      return xmlReply(statusDocument(status), statusHeaders(instance));
  }
}

/** Headers PyODPS reads from the status reads; the end time only once terminated. */
function statusHeaders(instance: InstanceRecord): Record<string, string> {
  const headers: Record<string, string> = {
    'x-odps-owner': instance.owner,
    'x-odps-start-time': httpDate(instance.createdAt),
  };
  if (instance.outcome !== undefined) headers['x-odps-end-time'] = httpDate(instance.outcome.endAt);
  return headers;
}

function taskView(views: readonly TaskView[], name: string | undefined): TaskView {
  if (name === undefined || name === '') throw invalidParameter('taskname is required');
  const view = views.find((v) => v.task.name === name);
  if (view === undefined) throw noSuchObject(`Task not found: ${name}`);
  return view;
}

function notXflow(id: string): ApiError {
  return new ApiError(404, 'NoSuchObject', `Instance ${id} is not an XFlow instance`);
}

/**
 * The blocking status read: hold up to statusHoldMs while the status stays the same,
 * re-checking the clock every 50 ms of real time (the clock may be injected).
 * See docs/maxcompute-protocol.md, "Instance status (plain GET and ?instancestatus)".
 */
async function holdForChange(context: EmulatorContext, instance: InstanceRecord): Promise<void> {
  const holdMs = context.options.statusHoldMs;
  if (holdMs <= 0 || instance.outcome !== undefined) return;
  const before = context.lifecycle.statusAt(instance, context.now());
  const until = Date.now() + holdMs;
  while (Date.now() < until) {
    if (!(await context.sleep(Math.min(50, until - Date.now())))) return;
    await context.lifecycle.settle(context.now());
    if (context.lifecycle.statusAt(instance, context.now()) !== before) return;
  }
}
