import type { EmulatorContext } from '../context.ts';
import { emptyReply, type Reply } from '../http/reply.ts';
import { createJobInstance, createXflowInstance, type Submitter } from '../job/create-instance.ts';
import { parseSubmission } from '../job/parse-submission.ts';
import type { InstanceRecord } from '../model/instance.ts';
import type { ApiRequest } from './api-request.ts';

/**
 * POST /projects/{p}/instances: 201, empty body, Location of the new instance. A Job Guid
 * already seen in this project answers with the instance it created the first time.
 */
export function createInstance(context: EmulatorContext, request: ApiRequest, project: string): Reply {
  const submission = parseSubmission(request.body);
  const submitter: Submitter = { project, owner: request.caller.account.owner };
  const guid = submission.kind === 'job' ? submission.job.guid : submission.guid;
  const existing = guid === undefined ? undefined : context.registry.findByGuid(project, guid);
  const instance =
    existing ??
    (submission.kind === 'job'
      ? createJobInstance(context, submitter, submission.job, submission.tasks)
      : createXflowInstance(context, submitter, submission.spec, submission.guid));
  return created(context, instance);
}

function created(context: EmulatorContext, instance: InstanceRecord): Reply {
  return emptyReply(201, {
    Location: `${context.endpoint}/projects/${instance.project}/instances/${instance.id}`,
    'Content-Type': 'text/plain;charset=utf-8',
  });
}
