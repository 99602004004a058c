/** Plain GET and `?instancestatus` on one instance: `<Instance><Status>` plus x-odps-* headers. */
import type { InstanceStatusInfo } from '../types.ts';
import { headerValue, type ResponseHeaders } from './headers.ts';
import { parseHttpDate } from './http-date.ts';
import { toInstanceStatus } from './statuses.ts';
import { parseXml, requiredText } from './xml.ts';

const WHAT = 'instance status';

export function decodeInstanceStatus(body: string, headers?: ResponseHeaders): InstanceStatusInfo {
  const instance = parseXml(WHAT, body, 'Instance');
  // MCQA v2 may add <Tasks> here; a plain status read ignores them.
  const status = toInstanceStatus(WHAT, requiredText(WHAT, instance, 'Status'));
  const owner = headerValue(headers, 'x-odps-owner');
  const startTime = parseHttpDate(headerValue(headers, 'x-odps-start-time'));
  // Absent, or present but empty, while the instance runs.
  const endTime = parseHttpDate(headerValue(headers, 'x-odps-end-time'));
  return {
    status,
    ...(owner !== undefined && { owner }),
    ...(startTime !== undefined && { startTime }),
    ...(endTime !== undefined && { endTime }),
  };
}
