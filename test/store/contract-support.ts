import { randomUUID } from 'node:crypto';
import type { InstanceKey, InstanceStore } from '../../src/tracker/ports.ts';
import type { TrackedInstance } from '../../src/tracker/tracked-instance.ts';
import { ManualClock } from '../support/manual-clock.ts';

export interface ContractStoreOptions {
  readonly clock: () => number;
  readonly instanceTtlSeconds: number;
  /** Items per page of `listActive`, for stores that read it a page at a time; others ignore it. */
  readonly activePageSize?: number;
}

/** Builds a store for one test. Stores may share a table, so every test uses keys of its own. */
export type InstanceStoreFactory = (options: ContractStoreOptions) => InstanceStore;

export const INSTANCE_TTL_SECONDS = 3600;

/** Half a second past a whole second, so second rounding is exercised rather than lined up. */
export function newClock(): ManualClock {
  return new ManualClock(Date.UTC(2024, 2, 15, 8, 30, 0) + 500);
}

/** A store on a fresh clock; options override the contract's defaults. */
export function contractStore(factory: InstanceStoreFactory, options: Partial<ContractStoreOptions> = {}) {
  const clock = newClock();
  const store = factory({ clock: () => clock.now(), instanceTtlSeconds: INSTANCE_TTL_SECONDS, ...options });
  return { clock, store };
}

export function uniqueKey(project = 'test_proj'): InstanceKey {
  return { project, instanceId: `20240315083000${randomUUID().replaceAll('-', '')}`.slice(0, 40) };
}

/** A project name no other test uses, so a listing of a shared table can be narrowed to one test. */
export function uniqueProject(): string {
  return `p${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export function trackedInstance(key: InstanceKey, overrides: Partial<TrackedInstance> = {}): TrackedInstance {
  return {
    ...key,
    teamId: 'T0001',
    channelId: 'C0001',
    requestedBy: 'U0001',
    origin: 'run',
    trackedAt: Date.UTC(2024, 2, 15, 8, 30, 0),
    sql: 'select 1',
    locale: 'en',
    mentions: ['U0002', 'U0003'],
    status: 'Running',
    updatedAt: Date.UTC(2024, 2, 15, 8, 30, 0),
    ...overrides,
  };
}

/** The ids `listActive` yields for one project, in the order it yields them. */
export async function activeIds(store: InstanceStore, project: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const instance of store.listActive()) {
    if (instance.project === project) ids.push(instance.instanceId);
  }
  return ids;
}

export interface ContractOptions {
  /**
   * Whether racing conditional writes on one item are serialized, as DynamoDB and dynalite do.
   * moto_server's threads are not (two of twenty racing take-overs can both win there), so its run
   * leaves the race cases out; every single-writer rule is still checked on it.
   */
  readonly linearizable?: boolean;
}
