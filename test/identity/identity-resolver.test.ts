import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdentityResolutionError } from '../../src/identity/identity-errors.ts';
import {
  type ConfiguredMappings,
  type IdentityMapping,
  type IdentityMappingStore,
  NO_CONFIGURED_MAPPINGS,
} from '../../src/identity/identity-mappings.ts';
import { IdentityResolver, type IdentityResolverOptions } from '../../src/identity/identity-resolver.ts';
import type { IdentityMode } from '../../src/identity/resolve-identity.ts';
import { MemoryIdentityMappingStore } from '../../src/store/memory-identity-mapping-store.ts';
import { StoreUnavailableError } from '../../src/store/store-errors.ts';
import { arn, group, mapping, user } from '../support/identity-fixtures.ts';
import { ManualClock } from '../support/manual-clock.ts';

/** A real memory store whose calls are counted, and which fails on demand. */
class CountingStore implements IdentityMappingStore {
  readonly inner = new MemoryIdentityMappingStore();
  readonly calls: string[] = [];
  failWith: Error | undefined;

  #call<T>(name: string, run: () => Promise<T>): Promise<T> {
    this.calls.push(name);
    return this.failWith ? Promise.reject(this.failWith) : run();
  }
  get(...args: Parameters<IdentityMappingStore['get']>) {
    return this.#call('get', () => this.inner.get(...args));
  }
  put(...args: Parameters<IdentityMappingStore['put']>) {
    return this.#call('put', () => this.inner.put(...args));
  }
  remove(...args: Parameters<IdentityMappingStore['remove']>) {
    return this.#call('remove', () => this.inner.remove(...args));
  }
  list(...args: Parameters<IdentityMappingStore['list']>) {
    return this.#call('list', () => this.inner.list(...args));
  }
  groups(): Promise<readonly IdentityMapping[]> {
    return this.#call('groups', () => this.inner.groups());
  }
}

function setup(
  mode: IdentityMode,
  options: Partial<IdentityResolverOptions> & { members?: Record<string, string[]> } = {},
) {
  const store = new CountingStore();
  const clock = new ManualClock();
  const asked: string[] = [];
  const resolver = new IdentityResolver({
    mode,
    store,
    configured: NO_CONFIGURED_MAPPINGS,
    clock: () => clock.now(),
    groupMembers: async (groupId) => {
      asked.push(groupId);
      return options.members?.[groupId] ?? [];
    },
    ...options,
  });
  return { store, clock, asked, resolver };
}

describe('IdentityResolver', () => {
  it('bot mode reads neither the store nor Slack', async () => {
    const { store, asked, resolver } = setup('bot');
    await store.inner.put(mapping(user('U0ADA'), 'analyst'));
    assert.deepEqual(await resolver.resolve('U0ADA'), { kind: 'bot', reason: 'mode' });
    assert.deepEqual([store.calls, asked], [[], []]);
  });

  it('reads the user’s own mapping every time: an unmap applies to the next command', async () => {
    const { store, resolver } = setup('person');
    await store.inner.put(mapping(user('U0ADA'), 'analyst'));
    assert.equal((await resolver.resolve('U0ADA')).kind, 'person');
    await store.inner.remove(user('U0ADA'));
    assert.deepEqual(await resolver.resolve('U0ADA'), { kind: 'refused', reason: 'unmapped' });
    assert.deepEqual(store.calls, ['get', 'get', 'groups']);
  });

  it('uses the configured mappings, users and groups', async () => {
    const configured: ConfiguredMappings = {
      users: new Map([['U0ADA', arn('configured')]]),
      groups: new Map([['S0LEADS', arn('leads')]]),
    };
    const { resolver } = setup('person', { configured, members: { S0LEADS: ['U0BOB'] } });
    assert.deepEqual(await resolver.resolve('U0ADA'), {
      kind: 'person',
      roleArn: arn('configured'),
      sessionName: 'slack.U0ADA',
      source: 'config',
    });
    const bob = await resolver.resolve('U0BOB');
    assert.deepEqual(bob, {
      kind: 'person',
      roleArn: arn('leads'),
      sessionName: 'slack.U0BOB',
      source: 'group-config',
      groupId: 'S0LEADS',
    });
  });

  it('a burst of commands reads the group mappings and each group’s members once, for 60 s', async () => {
    const { store, clock, asked, resolver } = setup('person-or-bot', { members: { S0B: ['U0ADA'] } });
    await store.inner.put(mapping(group('S0A'), 'a'));
    await store.inner.put(mapping(group('S0B'), 'b'));
    const burst = await Promise.all(['U0ADA', 'U0ADA', 'U0BOB', 'U0CAROL'].map((id) => resolver.resolve(id)));
    assert.deepEqual(
      burst.map((identity) => (identity.kind === 'person' ? identity.groupId : identity.kind)),
      ['S0B', 'S0B', 'bot', 'bot'],
    );
    assert.deepEqual(store.calls.filter((call) => call === 'groups').length, 1);
    assert.deepEqual(asked, ['S0A', 'S0B']);
    clock.advance(59_000);
    await resolver.resolve('U0ADA');
    assert.deepEqual(asked, ['S0A', 'S0B']);
    clock.advance(1_001);
    await resolver.resolve('U0ADA');
    assert.deepEqual(asked, ['S0A', 'S0B', 'S0A', 'S0B']);
    assert.equal(store.calls.filter((call) => call === 'groups').length, 2);
  });

  it('forgetGroups() makes the next command read a group just mapped', async () => {
    const { store, resolver } = setup('person', { members: { S0NEW: ['U0ADA'] } });
    assert.equal((await resolver.resolve('U0ADA')).kind, 'refused');
    await store.inner.put(mapping(group('S0NEW'), 'new'));
    assert.equal((await resolver.resolve('U0ADA')).kind, 'refused', 'still the kept mappings');
    resolver.forgetGroups();
    assert.equal((await resolver.resolve('U0ADA')).kind, 'person');
  });

  it('keeps the members of at most maxCachedGroups groups', async () => {
    const { store, asked, resolver } = setup('person', { maxCachedGroups: 2 });
    for (const id of ['S0A', 'S0B', 'S0C']) await store.inner.put(mapping(group(id), id));
    await resolver.resolve('U0ADA');
    await resolver.resolve('U0ADA');
    assert.deepEqual(asked, ['S0A', 'S0B', 'S0C', 'S0A', 'S0B', 'S0C'], 'three groups do not fit in two');
  });

  it('a failed read is an IdentityResolutionError, never the bot, and is not kept', async () => {
    const { store, resolver } = setup('person-or-bot', { members: { S0A: ['U0ADA'] } });
    await store.inner.put(mapping(group('S0A'), 'a'));
    const throttled = new StoreUnavailableError('get', 'ThrottlingException', { retryable: true });
    store.failWith = throttled;
    await assert.rejects(resolver.resolve('U0ADA'), (error: unknown) => {
      assert.ok(error instanceof IdentityResolutionError);
      assert.equal(error.code, 'identity_store_unavailable');
      assert.equal(error.retryable, true);
      assert.equal(error.cause, throttled);
      return true;
    });
    store.failWith = undefined;
    assert.equal((await resolver.resolve('U0ADA')).kind, 'person');
  });

  it('Slack failing to say a group’s members is not kept either', async () => {
    let down = true;
    const { store, resolver } = setup('person', {
      groupMembers: async () => {
        if (down) throw new Error('usergroups.users.list: ratelimited');
        return ['U0ADA'];
      },
    });
    await store.inner.put(mapping(group('S0A'), 'a'));
    await assert.rejects(resolver.resolve('U0ADA'), { code: 'identity_membership_unavailable', groupId: 'S0A' });
    down = false;
    assert.equal((await resolver.resolve('U0ADA')).kind, 'person');
  });
});
