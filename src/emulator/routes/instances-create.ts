import type { EmulatorContext } from '../context.ts';
import { emptyReply, type Reply } from '../http/reply.ts';
import { failIfNotCompiled } from '../job/compile-instance.ts';
import { createXflowInstance, newJobInstance, type Submitter } from '../job/create-instance.ts';
import { parseSubmission } from '../job/parse-submission.ts';
import type { InstanceRecord } from '../model/instance.ts';
import type { ApiRequest } from './api-request.ts';

/**
 * POST /projects/{p}/instances: 201, empty body, Location of the new instance. A Job Guid
 * already seen in this project answers with the instance it created the first time. A Job's SQL
 * is compiled before the instance is registered, so no read sees it Running when it cannot compile.
 */
export async function createInstance(context: EmulatorContext, request: ApiRequest, project: string): Promise<Reply> {
  const submission = parseSubmission(request.body);
  const { account, session } = request.caller;
  const submitter: Submitter = { project, owner: account.owner, session };
  const guid = submission.kind === 'job' ? submission.job.guid : submission.guid;
  const existing = () => (guid === undefined ? undefined : context.registry.findByGuid(project, guid));
  const seen = existing();
  if (seen !== undefined) return created(context, seen);
  if (submission.kind === 'xflow') {
    return created(context, createXflowInstance(context, submitter, submission.spec, submission.guid));
  }
  const instance = newJobInstance(context, submitter, submission.job, submission.tasks);
  await failIfNotCompiled(context, instance);
  // The same Guid may have been submitted again while this one compiled: the first one registered wins.
  const twin = existing();
  if (twin !== undefined) return created(context, twin);
  context.registry.add(instance);
  return created(context, instance);
}

function created(context: EmulatorContext, instance: InstanceRecord): Reply {
  return emptyReply(201, {
    Location: `${context.endpoint}/projects/${instance.project}/instances/${instance.id}`,
    'Content-Type': 'text/plain;charset=utf-8',
  });
}
