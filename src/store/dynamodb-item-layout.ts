import type { InstanceKey } from '../tracker/ports.ts';
import type { TrackedInstance } from '../tracker/tracked-instance.ts';

/**
 * How the instance store lays items out in its one DynamoDB table. The table definition and the
 * adapter both read these names, so the layout is written down once.
 *
 * | item             | pk                                  | sk         | other keys                            |
 * | ---------------- | ----------------------------------- | ---------- | ------------------------------------- |
 * | tracked instance | `instance#<project>#<instanceId>`   | `instance` | `activePartition`, `gsi1sk` (GSI)     |
 * | delivery claim   | `claim#<key>`                       | `claim`    |                                       |
 *
 * Both carry `expiresAt` (epoch seconds), the table's TTL attribute. Project names and instance ids
 * never contain `#` (src/maxcompute/identifiers.ts validates both), so the pk cannot be ambiguous.
 */

export const Attr = {
  pk: 'pk',
  sk: 'sk',
  expiresAt: 'expiresAt',
  activePartition: 'activePartition',
  gsi1sk: 'gsi1sk',
  cardTs: 'cardTs',
} as const;

export const ACTIVE_INDEX_NAME = 'active';

/** The only value of `activePartition`: the index is sparse, so only unfinished instances are in it. */
export const ACTIVE_PARTITION = 'active';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export function instanceItemKey(key: InstanceKey): ItemKey {
  return { pk: `instance#${key.project}#${key.instanceId}`, sk: 'instance' };
}

export function claimItemKey(key: string): ItemKey {
  return { pk: `claim#${key}`, sk: 'claim' };
}

/** Every field of a tracked instance; a new field fails to compile here until it is listed. */
const INSTANCE_FIELDS: Record<keyof TrackedInstance, true> = {
  project: true,
  instanceId: true,
  teamId: true,
  channelId: true,
  cardTs: true,
  requestedBy: true,
  origin: true,
  trackedAt: true,
  sql: true,
  locale: true,
  mentions: true,
  previewRows: true,
  status: true,
  progress: true,
  updatedAt: true,
};
const FIELD_NAMES = Object.keys(INSTANCE_FIELDS) as (keyof TrackedInstance)[];

/** Fixed-width trackedAt first, so the index's string order is submission order. */
export function activeSortKey(instance: TrackedInstance): string {
  return `${String(instance.trackedAt).padStart(15, '0')}#${instance.project}#${instance.instanceId}`;
}

export function toInstanceItem(instance: TrackedInstance, expiresAt: number): Record<string, unknown> {
  const item: Record<string, unknown> = { ...instanceItemKey(instance) };
  // Undefined fields are left out: lib-dynamodb rejects undefined unless the injected client opted in.
  for (const name of FIELD_NAMES) {
    const value = instance[name];
    if (value !== undefined) item[name] = Array.isArray(value) ? [...value] : value;
  }
  item[Attr.expiresAt] = expiresAt;
  item[Attr.gsi1sk] = activeSortKey(instance);
  if (instance.status !== 'Terminated') item[Attr.activePartition] = ACTIVE_PARTITION;
  return item;
}

/** Keeps the record's own fields only: keys, expiry, index attributes (and later ones) stay behind. */
export function fromInstanceItem(item: Record<string, unknown>): TrackedInstance {
  const record: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    if (item[name] !== undefined) record[name] = item[name];
  }
  return record as unknown as TrackedInstance;
}
