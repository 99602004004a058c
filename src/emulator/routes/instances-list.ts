import type { EmulatorContext } from '../context.ts';
import { invalidParameter } from '../http/api-error.ts';
import { httpDate } from '../http/http-date.ts';
import { type Reply, xmlReply } from '../http/reply.ts';
import { el } from '../http/xml-writer.ts';
import type { InstanceRecord } from '../model/instance.ts';
import { compare } from '../model/registry.ts';
import type { ApiRequest } from './api-request.ts';

/**
 * GET /projects/{p}/instances (docs/maxcompute-protocol.md, "Listing instances and paging"). Filters combine with AND:
 *   status     Running | Suspended | Terminated (current status by the clock)
 *   daterange  start:end in epoch seconds, either side empty; both ends inclusive, on the
 *              instance's start time truncated to the second
 *   onlyowner  yes: only the caller's instances
 *   jobname    exact Job Name
 * Ascending by id. maxitems sets the page size (default maxListItems); the Marker is
 * base64(`<last id on the page>*`) when more follow, empty on the last page.
 */
export function listInstances(context: EmulatorContext, request: ApiRequest, project: string): Reply {
  const query = request.query;
  const now = context.now();
  const status = query.get('status');
  if (status !== undefined && !['Running', 'Suspended', 'Terminated'].includes(status)) {
    throw invalidParameter(`status must be Running, Suspended or Terminated, got '${status}'`);
  }
  const range = parseDateRange(query.get('daterange'));
  const onlyOwner = query.get('onlyowner')?.toLowerCase() === 'yes';
  const jobName = query.get('jobname');
  const pageSize = parsePageSize(query.get('maxitems'), context.options.maxListItems);
  const after = decodeMarker(query.get('marker'));

  const matching = context.registry.list(project).filter((instance) => {
    if (after !== undefined && compare(instance.id, after) <= 0) return false;
    if (status !== undefined && context.lifecycle.statusAt(instance, now) !== status) return false;
    const startSecond = Math.floor(instance.createdAt / 1000);
    if (range.from !== undefined && startSecond < range.from) return false;
    if (range.to !== undefined && startSecond > range.to) return false;
    if (onlyOwner && instance.owner !== request.caller.account.owner) return false;
    if (jobName !== undefined && jobName !== '' && instance.job.name !== jobName) return false;
    return true;
  });
  const page = matching.slice(0, pageSize);
  const last = page.at(-1);
  const marker = matching.length > pageSize && last !== undefined ? Buffer.from(`${last.id}*`).toString('base64') : '';
  return xmlReply(
    el(
      'Instances',
      el('Marker', marker),
      el('MaxItems', pageSize),
      page.map((instance) => instanceElement(context, instance, now)),
    ),
  );
}

function instanceElement(context: EmulatorContext, instance: InstanceRecord, now: number) {
  return el(
    'Instance',
    el('Name', instance.id),
    el('Owner', instance.owner),
    el('StartTime', httpDate(instance.createdAt)),
    instance.outcome !== undefined && el('EndTime', httpDate(instance.outcome.endAt)),
    el('Status', context.lifecycle.statusAt(instance, now)),
  );
}

function parseDateRange(value: string | undefined): { from: number | undefined; to: number | undefined } {
  if (value === undefined || value === '') return { from: undefined, to: undefined };
  const match = /^(\d*):(\d*)$/.exec(value);
  if (match === null) throw invalidParameter(`daterange must be <start>:<end> in epoch seconds, got '${value}'`);
  const from = match[1] === '' ? undefined : Number(match[1]);
  const to = match[2] === '' ? undefined : Number(match[2]);
  return { from, to };
}

function parsePageSize(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw invalidParameter(`maxitems must be a positive integer, got '${value}'`);
  }
  return Number(value);
}

/** The marker is opaque to clients; anything that does not decode to `<id>*` pages from `<text>`. */
function decodeMarker(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return decoded.endsWith('*') ? decoded.slice(0, -1) : decoded;
}
