import type { RunRequest } from '../tracker/run-requests.ts';
import { Attr, runRequestItemKey } from './dynamodb-item-layout.ts';

/**
 * How a run request is kept on the table (its row in dynamodb-item-layout.ts). Each field is a
 * top-level attribute of the same name, nested values as maps and lists, except `expiresAt`: the
 * table's TTL attribute has that name (in epoch seconds, later than the decision window, so a late
 * click still finds the record), so the decision window's end is `decisionExpiresAt`.
 */

/** Every field's attribute; a new field fails to compile here until it is given one. */
export const RUN_REQUEST_ATTR = {
  id: 'id',
  teamId: 'teamId',
  channelId: 'channelId',
  userId: 'userId',
  threadTs: 'threadTs',
  locale: 'locale',
  userLocale: 'userLocale',
  mention: 'mention',
  previewRows: 'previewRows',
  project: 'project',
  sql: 'sql',
  hints: 'hints',
  priority: 'priority',
  quota: 'quota',
  estimate: 'estimate',
  estimateError: 'estimateError',
  price: 'price',
  gate: 'gate',
  reasons: 'reasons',
  createdAt: 'createdAt',
  expiresAt: 'decisionExpiresAt',
  cardTs: 'cardTs',
  approvalMessage: 'approvalMessage',
  state: 'state',
  decision: 'decision',
  instanceId: 'instanceId',
} as const satisfies Record<keyof RunRequest, string>;
const FIELDS = Object.keys(RUN_REQUEST_ATTR) as (keyof RunRequest)[];

/**
 * Written by one call and read back after its conditional write failed: a record carrying the
 * call's own token was written by that very call (its answer was lost and the SDK sent it again), so
 * it is reported as done, not as someone else's.
 */
export const RUN_REQUEST_TOKEN = { create: 'createToken', decision: 'decisionToken' } as const;

export function toRunRequestItem(request: RunRequest, expiresAt: number, createToken: string): Record<string, unknown> {
  // Through JSON: undefined values go, at every depth (lib-dynamodb refuses them unless the injected
  // client opted in), and the item shares nothing with the caller's object.
  const plain = JSON.parse(JSON.stringify(request)) as Record<string, unknown>;
  const item: Record<string, unknown> = { ...runRequestItemKey(request.id) };
  for (const field of FIELDS) {
    if (plain[field] !== undefined) item[RUN_REQUEST_ATTR[field]] = plain[field];
  }
  item[RUN_REQUEST_TOKEN.create] = createToken;
  item[Attr.expiresAt] = expiresAt;
  return item;
}

/** The record's own fields only: keys, tokens and the TTL stay behind. */
export function fromRunRequestItem(item: Record<string, unknown>): RunRequest {
  const record: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const value = item[RUN_REQUEST_ATTR[field]];
    if (value !== undefined) record[field] = value;
  }
  return record as unknown as RunRequest;
}
