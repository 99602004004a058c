import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IdentityResolutionError } from '../../src/identity/identity-errors.ts';
import { IdentityInputError } from '../../src/identity/identity-input.ts';
import type { ConfiguredMappings, IdentityMapping } from '../../src/identity/identity-mappings.ts';
import {
  groupCandidates,
  type IdentityFacts,
  type IdentityMode,
  resolveIdentity,
} from '../../src/identity/resolve-identity.ts';
import { arn, group, mapping, user } from '../support/identity-fixtures.ts';

/** The decision alone, on facts given as data; each read the decision makes is recorded. */
interface Scene {
  readonly stored?: readonly IdentityMapping[];
  readonly configUsers?: Record<string, string>;
  readonly configGroups?: Record<string, string>;
  readonly members?: Record<string, readonly string[]>;
  readonly failing?: {
    readonly userMapping?: Error;
    readonly groupMappings?: Error;
    readonly groups?: readonly string[];
  };
}

function facts(scene: Scene) {
  const reads: string[] = [];
  const configured: ConfiguredMappings = {
    users: new Map(Object.entries(scene.configUsers ?? {})),
    groups: new Map(Object.entries(scene.configGroups ?? {})),
  };
  const stored = scene.stored ?? [];
  const given: IdentityFacts = {
    configured,
    userMapping: async (userId) => {
      reads.push(`user ${userId}`);
      if (scene.failing?.userMapping) throw scene.failing.userMapping;
      return stored.find((each) => each.subject.kind === 'user' && each.subject.userId === userId);
    },
    groupMappings: async () => {
      reads.push('groups');
      if (scene.failing?.groupMappings) throw scene.failing.groupMappings;
      return stored.filter((each) => each.subject.kind === 'group');
    },
    isMember: async (groupId, userId) => {
      reads.push(`members ${groupId}`);
      if (scene.failing?.groups?.includes(groupId)) throw new Error(`Slack: ratelimited (${groupId})`);
      return (scene.members?.[groupId] ?? []).includes(userId);
    },
  };
  return { given, reads };
}

async function decide(mode: IdentityMode, userId: string, scene: Scene = {}) {
  const { given, reads } = facts(scene);
  return { identity: await resolveIdentity(mode, userId, given), reads };
}

const ADA = 'U0ADA';

describe('resolveIdentity: the modes', () => {
  it('bot: the bot’s account for everyone, and nothing is read', async () => {
    const scene = { stored: [mapping(user(ADA), 'analyst')], configUsers: { [ADA]: arn('x') } };
    for (const userId of [ADA, 'not even an id']) {
      assert.deepEqual(await decide('bot', userId, scene), { identity: { kind: 'bot', reason: 'mode' }, reads: [] });
    }
  });

  it('person: a mapped user runs as their role, under a session named after them', async () => {
    const { identity } = await decide('person', ADA, { stored: [mapping(user(ADA), 'analyst')] });
    assert.deepEqual(identity, {
      kind: 'person',
      roleArn: arn('analyst'),
      sessionName: 'slack.U0ADA',
      source: 'mapping',
    });
  });

  it('person: an unmapped user is refused; person-or-bot: they run as the bot, and the reason says so', async () => {
    const scene = { stored: [mapping(user('U0BOB'), 'analyst'), mapping(group('S0LEADS'), 'lead')] };
    assert.deepEqual((await decide('person', ADA, scene)).identity, { kind: 'refused', reason: 'unmapped' });
    assert.deepEqual((await decide('person-or-bot', ADA, scene)).identity, { kind: 'bot', reason: 'unmapped' });
  });

  it('person-or-bot: a mapped user still runs as their role', async () => {
    const { identity } = await decide('person-or-bot', ADA, { configUsers: { [ADA]: arn('analyst') } });
    assert.equal(identity.kind, 'person');
  });

  it('refuses a user id that is not Slack’s before reading anything', async () => {
    const { given, reads } = facts({});
    await assert.rejects(resolveIdentity('person', 'u0ada', given), IdentityInputError);
    assert.deepEqual(reads, []);
  });
});

describe('resolveIdentity: precedence', () => {
  const everywhere: Scene = {
    stored: [mapping(user(ADA), 'stored-user'), mapping(group('S0LEADS'), 'stored-group')],
    configUsers: { [ADA]: arn('config-user') },
    configGroups: { S0ANALYSTS: arn('config-group') },
    members: { S0LEADS: [ADA], S0ANALYSTS: [ADA] },
  };

  it('1. the stored user mapping first, with one read', async () => {
    const { identity, reads } = await decide('person', ADA, everywhere);
    assert.deepEqual(identity, {
      kind: 'person',
      roleArn: arn('stored-user'),
      sessionName: 'slack.U0ADA',
      source: 'mapping',
    });
    assert.deepEqual(reads, ['user U0ADA']);
  });

  it('2. then the configured user mapping, before any group', async () => {
    const stored = everywhere.stored?.filter((each) => each.subject.kind === 'group');
    const { identity, reads } = await decide('person', ADA, { ...everywhere, stored });
    assert.deepEqual(identity, {
      kind: 'person',
      roleArn: arn('config-user'),
      sessionName: 'slack.U0ADA',
      source: 'config',
    });
    assert.deepEqual(reads, ['user U0ADA']);
  });

  it('3. then a stored group the user is in, before a configured one', async () => {
    const stored = everywhere.stored?.filter((each) => each.subject.kind === 'group');
    const { identity, reads } = await decide('person', ADA, { ...everywhere, stored, configUsers: {} });
    assert.deepEqual(identity, {
      kind: 'person',
      roleArn: arn('stored-group'),
      sessionName: 'slack.U0ADA',
      source: 'group-mapping',
      groupId: 'S0LEADS',
    });
    assert.deepEqual(reads, ['user U0ADA', 'groups', 'members S0LEADS'], 'S0ANALYSTS is not asked about');
  });

  it('4. then a configured group', async () => {
    const { identity } = await decide('person', ADA, { ...everywhere, stored: [], configUsers: {} });
    assert.deepEqual(identity, {
      kind: 'person',
      roleArn: arn('config-group'),
      sessionName: 'slack.U0ADA',
      source: 'group-config',
      groupId: 'S0ANALYSTS',
    });
  });

  it('among groups: the first by group id the user is in, asking about each in turn', async () => {
    const scene: Scene = {
      stored: [mapping(group('S0C'), 'c'), mapping(group('S0A'), 'a'), mapping(group('S0B'), 'b')],
      members: { S0A: ['U0BOB'], S0B: [ADA], S0C: [ADA] },
    };
    const { identity, reads } = await decide('person', ADA, scene);
    assert.equal(identity.kind === 'person' && identity.groupId, 'S0B');
    assert.deepEqual(reads, ['user U0ADA', 'groups', 'members S0A', 'members S0B']);
  });

  it('a group both stored and configured is the store’s, tried among the stored groups', async () => {
    const candidates = groupCandidates([mapping(group('S0Z'), 'stored-z'), mapping(group('S0M'), 'stored-m')], {
      users: new Map(),
      groups: new Map([
        ['S0Z', arn('config-z')],
        ['S0A', arn('config-a')],
      ]),
    });
    assert.deepEqual(candidates, [
      { groupId: 'S0M', roleArn: arn('stored-m'), source: 'group-mapping' },
      { groupId: 'S0Z', roleArn: arn('stored-z'), source: 'group-mapping' },
      { groupId: 'S0A', roleArn: arn('config-a'), source: 'group-config' },
    ]);
  });
});

describe('resolveIdentity: a read that fails is never "unmapped"', () => {
  const throttled = Object.assign(new Error('ThrottlingException'), { retryable: true, code: 'store_unavailable' });

  for (const mode of ['person', 'person-or-bot'] as const) {
    it(`${mode}: the store failing stops the decision with identity_store_unavailable`, async () => {
      for (const failing of [{ userMapping: throttled }, { groupMappings: throttled }]) {
        const { given } = facts({ failing });
        await assert.rejects(resolveIdentity(mode, ADA, given), (error: unknown) => {
          assert.ok(error instanceof IdentityResolutionError);
          assert.equal(error.code, 'identity_store_unavailable');
          assert.equal(error.retryable, true, 'the store said so');
          assert.equal(error.cause, throttled);
          return true;
        });
      }
    });

    it(`${mode}: Slack failing on a group tried before the user’s group stops it with identity_membership_unavailable`, async () => {
      const scene: Scene = {
        stored: [mapping(group('S0A'), 'a'), mapping(group('S0B'), 'b')],
        members: { S0B: [ADA] },
        failing: { groups: ['S0A'] },
      };
      const { given } = facts(scene);
      await assert.rejects(resolveIdentity(mode, ADA, given), (error: unknown) => {
        assert.ok(error instanceof IdentityResolutionError);
        assert.equal(error.code, 'identity_membership_unavailable');
        assert.equal(error.groupId, 'S0A');
        assert.equal(error.retryable, false, 'the cause does not say it is');
        assert.match(String((error.cause as Error).message), /ratelimited/);
        return true;
      });
    });
  }

  it('a group after the user’s own is not asked about, so its failure does not matter', async () => {
    const scene: Scene = {
      stored: [mapping(group('S0A'), 'a'), mapping(group('S0B'), 'b')],
      members: { S0A: [ADA] },
      failing: { groups: ['S0B'] },
    };
    assert.equal((await decide('person', ADA, scene)).identity.kind, 'person');
  });
});
