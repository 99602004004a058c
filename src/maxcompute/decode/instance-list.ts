/**
 * `GET /projects/{p}/instances`: one page of instances and the marker for the next.
 * See docs/maxcompute-protocol.md, "Listing instances and paging".
 */
import type { InstanceListPage, InstanceSummary } from '../types.ts';
import { parseIntegerText } from './integers.ts';
import { toInstanceStatus } from './statuses.ts';
import { children, optionalDate, optionalText, parseXml, requiredText, type XmlValue } from './xml.ts';

const WHAT = 'instance list';

export function decodeInstanceList(body: string): InstanceListPage {
  const list = parseXml(WHAT, body, 'Instances');
  // An empty or missing marker ends the paging.
  const marker = optionalText(list, 'Marker');
  const maxItemsText = optionalText(list, 'MaxItems');
  return {
    instances: children(list, 'Instance').map(decodeInstance),
    ...(marker !== undefined && { marker }),
    ...(maxItemsText !== undefined && { maxItems: parseIntegerText(WHAT, 'MaxItems', maxItemsText) }),
  };
}

function decodeInstance(instance: XmlValue): InstanceSummary {
  const owner = optionalText(instance, 'Owner');
  const startTime = optionalDate(instance, 'StartTime');
  const endTime = optionalDate(instance, 'EndTime');
  return {
    id: requiredText(WHAT, instance, 'Name'),
    status: toInstanceStatus(WHAT, requiredText(WHAT, instance, 'Status')),
    ...(owner !== undefined && { owner }),
    ...(startTime !== undefined && { startTime }),
    ...(endTime !== undefined && { endTime }),
  };
}
