import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Callers, IdentityRefusedError, READER_SESSION_NAME } from '../../src/identity/callers.ts';
import type { IdentityMode, RunIdentity } from '../../src/identity/resolve-identity.ts';
import type { RoleSession } from '../../src/identity/role-sessions.ts';
import type { MaxComputeGateway } from '../../src/tracker/maxcompute-gateway.ts';
import { trackedInstance } from '../store/contract-support.ts';

/**
 * The one place that picks the gateway a Slack user's request signs with, and the reader of each
 * tracked instance: pure logic over a decider and gateways given as data.
 */
const ANALYST = 'acs:ram::1234567890123456:role/odps-analyst';
const READER = 'acs:ram::1234567890123456:role/odps-reader';
const BOT = { defaultProject: 'p', name: 'bot' } as unknown as MaxComputeGateway;

function callers(mode: IdentityMode, identities: Record<string, RunIdentity>, readerRole?: string) {
  const sessions: RoleSession[] = [];
  const resolved: string[] = [];
  const gateways = {
    bot: BOT,
    forSession: (session: RoleSession) => {
      sessions.push(session);
      return { name: `${session.roleArn}|${session.sessionName}` } as unknown as MaxComputeGateway;
    },
    forget: () => {},
  };
  const decider = {
    mode,
    resolve: async (userId: string) => {
      resolved.push(userId);
      return (
        identities[userId] ??
        (mode === 'person'
          ? { kind: 'refused', reason: 'unmapped' }
          : { kind: 'bot', reason: mode === 'bot' ? 'mode' : 'unmapped' })
      );
    },
    forgetGroups: () => {},
  } as const;
  return { callers: new Callers(decider as never, gateways, readerRole), sessions, resolved };
}

const ada: RunIdentity = { kind: 'person', roleArn: ANALYST, sessionName: 'slack.U0ADA', source: 'config' };
const nameOf = (gateway: MaxComputeGateway) => (gateway as unknown as { name: string }).name;

describe('Callers', () => {
  it('hands a mapped person their role’s gateway and what to record', async () => {
    const { callers: each } = callers('person', { U0ADA: ada });
    const caller = await each.of('U0ADA');
    assert.equal(nameOf(caller.gateway), `${ANALYST}|slack.U0ADA`);
    assert.deepEqual(caller.runAs, { kind: 'person', userId: 'U0ADA', roleArn: ANALYST, sessionName: 'slack.U0ADA' });
    assert.equal(each.defaultProject, 'p');
  });

  it('refuses an unmapped person in person mode, and gives the bot in person-or-bot', async () => {
    await assert.rejects(callers('person', {}).callers.of('U0GRACE'), IdentityRefusedError);
    const fallback = await callers('person-or-bot', {}).callers.of('U0GRACE');
    assert.equal(fallback.gateway, BOT);
    assert.deepEqual(fallback.runAs, { kind: 'bot' });
    assert.deepEqual(fallback.identity, { kind: 'bot', reason: 'unmapped' });
  });

  it('in bot mode reads no record to choose an instance’s reader', async () => {
    const { callers: each, resolved } = callers('bot', {});
    let reads = 0;
    const reader = await each.readerFor(async () => {
      reads++;
      return trackedInstance({ project: 'p', instanceId: 'i' });
    });
    assert.deepEqual(reader, { kind: 'gateway', gateway: BOT });
    assert.equal(reads, 0);
    assert.deepEqual(resolved, []);
  });

  it('reads an instance as whoever asked, as mapped now; withholds it when they are not, or the record is gone', async () => {
    const { callers: each } = callers('person', { U0ADA: ada });
    const asked = (userId: string) => async () => ({
      ...trackedInstance({ project: 'p', instanceId: 'i' }),
      requestedBy: userId,
    });
    const reader = await each.readerFor(asked('U0ADA'));
    assert.equal(reader.kind === 'gateway' && nameOf(reader.gateway), `${ANALYST}|slack.U0ADA`);
    assert.deepEqual(await each.readerFor(asked('U0GONE')), { kind: 'withheld', userId: 'U0GONE' });
    assert.deepEqual(await each.readerFor(async () => undefined), { kind: 'withheld' });
  });

  it('with ODPS_READER_ROLE_ARN the reader role reads for everyone still mapped, never for the unmapped', async () => {
    const { callers: each, sessions } = callers('person', { U0ADA: ada }, READER);
    const reader = await each.readerOf('U0ADA');
    assert.equal(reader.kind === 'gateway' && nameOf(reader.gateway), `${READER}|${READER_SESSION_NAME}`);
    assert.deepEqual(await each.readerOf('U0GONE'), { kind: 'withheld', userId: 'U0GONE' });
    assert.deepEqual(sessions, [{ roleArn: READER, sessionName: READER_SESSION_NAME }]);
  });
});
