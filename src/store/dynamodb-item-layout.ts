import type { InstanceKey } from '../tracker/ports.ts';
import type { SpendKey } from '../tracker/spend-ledger.ts';
import {
  ACTIVE_FIELDS,
  type ActiveInstance,
  activeOf,
  type NoticeState,
  type TrackedInstance,
} from '../tracker/tracked-instance.ts';

/**
 * How the stores lay items out in their one DynamoDB table. The table definition and the
 * adapter both read these names, so the layout is written down once.
 *
 * | item             | pk                                  | sk           | other attributes                    |
 * | ---------------- | ----------------------------------- | ------------ | ----------------------------------- |
 * | tracked instance | `instance#<project>#<instanceId>`   | `instance`   | `activePartition`, `gsi1sk` (GSI)   |
 * | claim (once)     | `claim#<key>`                       | `claim`      | `claimToken`                        |
 * | run request      | `runrequest#<id>`                   | `runrequest` | `createToken`, `decisionToken`      |
 * | spend, one day   | `spend#<scope>#<scopeId>#<day>`     | `spend`      | `total`, `runIds` (a string set)    |
 *
 * Claim keys name what they guard: `run#<request id>` for a command, `signature#<v0=hex>` for a
 * Slack request seen once (the replay check). Run requests (the cost guard's held queries) are laid
 * out in dynamodb-run-request-item.ts; spend items are a scope's day in the budget's ledger
 * (dynamodb-spend-ledger.ts). Their ids, scope ids and days cannot hold a `#` either
 * (src/tracker/cost-guard-input.ts checks them).
 *
 * All carry `expiresAt` (epoch seconds), the table's TTL attribute (a run request's own `expiresAt`,
 * the end of its decision window in epoch ms, is kept as `decisionExpiresAt`). Project names and
 * instance ids never contain `#` (src/maxcompute/identifiers.ts validates both), so the pk cannot be
 * ambiguous.
 * An instance's fields are top-level attributes of the same name, except its `notice`, which is
 * flattened into `notice*` attributes ({@link NOTICE_ATTR}) so conditions and step updates name
 * each part directly. `activePartition` is present until the notice is done.
 */

export const Attr = {
  pk: 'pk',
  sk: 'sk',
  expiresAt: 'expiresAt',
  activePartition: 'activePartition',
  gsi1sk: 'gsi1sk',
  cardTs: 'cardTs',
  stopRequestedBy: 'stopRequestedBy',
  /** On a delivery claim: who wrote it, so the SDK re-sending the same put is not taken for a duplicate. */
  claimToken: 'claimToken',
} as const;

/** Where each part of a {@link NoticeState} is kept on the instance item. */
export const NOTICE_ATTR = {
  state: 'noticeState',
  token: 'noticeToken',
  leaseUntil: 'noticeLeaseUntil',
  postAttemptedAt: 'noticePostAttemptedAt',
  postedTs: 'noticePostedTs',
  csvPosted: 'noticeCsvPosted',
  eventPublished: 'noticeEventPublished',
  cardFinal: 'noticeCardFinal',
  undeliverable: 'noticeUndeliverable',
} as const satisfies Record<keyof NoticeState, string>;
const NOTICE_PARTS = Object.keys(NOTICE_ATTR) as (keyof NoticeState)[];

export const ACTIVE_INDEX_NAME = 'active';

/** The only value of `activePartition`: the index is sparse, so only instances still owed a notice are in it. */
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

export function runRequestItemKey(id: string): ItemKey {
  return { pk: `runrequest#${id}`, sk: 'runrequest' };
}

export function spendItemKey(key: SpendKey): ItemKey {
  return { pk: `spend#${key.scope}#${key.scopeId}#${key.day}`, sk: 'spend' };
}

/** Every plain field of a tracked instance; a new field fails to compile here until it is listed. */
const INSTANCE_FIELDS: Record<Exclude<keyof TrackedInstance, 'notice'>, true> = {
  project: true,
  instanceId: true,
  teamId: true,
  channelId: true,
  cardTs: true,
  requestedBy: true,
  origin: true,
  trackedAt: true,
  startedAt: true,
  sql: true,
  sqlLength: true,
  locale: true,
  logviewUrl: true,
  mentions: true,
  stopRequestedBy: true,
  previewRows: true,
  status: true,
  progress: true,
  updatedAt: true,
  percent: true,
  cost: true,
  release: true,
  runAs: true,
};
const FIELD_NAMES = Object.keys(INSTANCE_FIELDS) as (keyof typeof INSTANCE_FIELDS)[];

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
  Object.assign(item, noticeAttributes(instance.notice ?? {}));
  item[Attr.expiresAt] = expiresAt;
  item[Attr.gsi1sk] = activeSortKey(instance);
  // A terminated instance is still owed its notice: only a done notice leaves the index.
  if (instance.notice?.state !== 'done') item[Attr.activePartition] = ACTIVE_PARTITION;
  return item;
}

/** Keeps the record's own fields only: keys, expiry and index attributes stay behind. */
export function fromInstanceItem(item: Record<string, unknown>): TrackedInstance {
  const record: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    if (item[name] !== undefined) record[name] = item[name];
  }
  const notice = noticeFromItem(item);
  if (notice) record.notice = notice;
  return record as unknown as TrackedInstance;
}

/**
 * The attributes the active index projects besides its keys: the {@link ActiveInstance} fields (the
 * notice flattened), and the expiry the listing filters on.
 */
export const ACTIVE_INDEX_ATTRIBUTES: readonly string[] = [
  ...ACTIVE_FIELDS.filter((field) => field !== 'notice'),
  ...Object.values(NOTICE_ATTR),
  Attr.expiresAt,
];

/** An item of the active index as the tick sees it: its {@link ActiveInstance} fields only. */
export function fromActiveItem(item: Record<string, unknown>): ActiveInstance {
  // The item keeps its notice flattened: `notice` itself is never an attribute, so activeOf skips it.
  const active = activeOf(item);
  const notice = noticeFromItem(item);
  return notice ? { ...active, notice } : active;
}

/** The `notice*` attributes for the given parts of a notice, undefined parts left out. */
export function noticeAttributes(notice: Partial<NoticeState>): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const part of NOTICE_PARTS) {
    if (notice[part] !== undefined) attributes[NOTICE_ATTR[part]] = notice[part];
  }
  return attributes;
}

/** The notice kept on an item, or undefined when it was never claimed. */
export function noticeFromItem(item: Record<string, unknown>): NoticeState | undefined {
  if (item[NOTICE_ATTR.state] === undefined) return undefined;
  const notice: Record<string, unknown> = {};
  for (const part of NOTICE_PARTS) {
    const value = item[NOTICE_ATTR[part]];
    if (value !== undefined) notice[part] = value;
  }
  return notice as unknown as NoticeState;
}
