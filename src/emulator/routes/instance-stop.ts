import { assertInstanceAccess } from '../access/instance-access.ts';
import type { EmulatorContext } from '../context.ts';
import { ApiError, instanceNotFound, invalidParameter } from '../http/api-error.ts';
import { emptyReply, type Reply } from '../http/reply.ts';
import { childText } from '../http/xml-reader.ts';
import { parseOrThrow } from '../job/parse-submission.ts';
import type { ApiRequest } from './api-request.ts';

/**
 * PUT /projects/{p}/instances/{id} with <Instance><Status>Terminated</Status></Instance>.
 * 200 and an empty body; the instance is Terminated at once and its tasks Cancelled. Stopping an
 * instance that already terminated is 409 InvalidStateSetting, which clients read as "already done".
 * A role's session may stop only its own instances unless the role is an administrator.
 * See docs/maxcompute-protocol.md, "Stopping an instance".
 */
export function stopInstance(context: EmulatorContext, request: ApiRequest, project: string, id: string): Reply {
  const root = parseOrThrow(request.body);
  if (root.name !== 'Instance' || childText(root, 'Status') !== 'Terminated') {
    throw invalidParameter('only <Instance><Status>Terminated</Status></Instance> is supported');
  }
  const instance = context.registry.get(project, id);
  if (instance === undefined) throw instanceNotFound(id);
  assertInstanceAccess(request.caller, instance, 'odps:Write');
  if (instance.outcome !== undefined) {
    throw new ApiError(409, 'InvalidStateSetting', 'The instance is not running, cannot be stopped');
  }
  context.lifecycle.stop(instance, context.now());
  return emptyReply(200);
}
