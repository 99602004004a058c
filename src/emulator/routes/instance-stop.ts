import type { EmulatorContext } from '../context.ts';
import { ApiError, instanceNotFound, invalidParameter } from '../http/api-error.ts';
import { emptyReply, type Reply } from '../http/reply.ts';
import { childText } from '../http/xml-reader.ts';
import { parseOrThrow } from '../job/parse-submission.ts';

/**
 * PUT /projects/{p}/instances/{id} with <Instance><Status>Terminated</Status></Instance>.
 * 200 and an empty body; the instance is Terminated at once and its tasks Cancelled. Stopping an
 * instance that already terminated is 409 InvalidStateSetting, which clients read as "already done".
 * See docs/maxcompute-protocol.md, "Stopping an instance".
 */
export function stopInstance(context: EmulatorContext, project: string, id: string, body: string): Reply {
  const root = parseOrThrow(body);
  if (root.name !== 'Instance' || childText(root, 'Status') !== 'Terminated') {
    throw invalidParameter('only <Instance><Status>Terminated</Status></Instance> is supported');
  }
  const instance = context.registry.get(project, id);
  if (instance === undefined) throw instanceNotFound(id);
  if (instance.outcome !== undefined) {
    throw new ApiError(409, 'InvalidStateSetting', 'The instance is not running, cannot be stopped');
  }
  context.lifecycle.stop(instance, context.now());
  return emptyReply(200);
}
