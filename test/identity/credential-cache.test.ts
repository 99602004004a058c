import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialCache, ShortLivedCredentialsError } from '../../src/identity/credential-cache.ts';
import type { RoleSession, TemporaryCredentials } from '../../src/identity/role-sessions.ts';

const HOUR = 3_600_000;
const ADA: RoleSession = { roleArn: 'acs:ram::1234567890123456:role/analyst', sessionName: 'slack.U0ADA' };
const GRACE: RoleSession = { roleArn: 'acs:ram::1234567890123456:role/analyst', sessionName: 'slack.U0GRACE' };

/** An assumer that hands out numbered credentials lasting an hour from the test clock's now. */
function fakeSts(clock: { now: number }, fail?: () => Error | undefined) {
  const calls: RoleSession[] = [];
  return {
    calls,
    assumer: {
      assume: async (session: RoleSession): Promise<TemporaryCredentials> => {
        calls.push(session);
        const error = fail?.();
        if (error) throw error;
        return {
          accessKeyId: `STS.${calls.length}`,
          accessKeySecret: `secret-${calls.length}`,
          securityToken: `token-${calls.length}`,
          expiresAt: clock.now + HOUR,
        };
      },
    },
  };
}

function cacheWith(clock: { now: number }, assumer: ReturnType<typeof fakeSts>['assumer'], capacity = 10) {
  return new CredentialCache({ assumer, now: () => clock.now, capacity, refreshMarginMs: 5 * 60_000 });
}

describe('CredentialCache', () => {
  it('assumes once and serves the same credentials until the refresh margin', async () => {
    const clock = { now: 0 };
    const sts = fakeSts(clock);
    const cache = cacheWith(clock, sts.assumer);
    assert.equal((await cache.credentials(ADA)).accessKeyId, 'STS.1');
    clock.now = 54 * 60_000;
    assert.equal((await cache.credentials(ADA)).accessKeyId, 'STS.1');
    clock.now = 55 * 60_000 + 1;
    assert.equal((await cache.credentials(ADA)).accessKeyId, 'STS.2');
    assert.deepEqual(cache.stats(), { hits: 1, assumes: 2, size: 1 });
  });

  it('keeps people apart and shares one AssumeRole among concurrent askers', async () => {
    const clock = { now: 0 };
    const sts = fakeSts(clock);
    const cache = cacheWith(clock, sts.assumer);
    const [a, b, c] = await Promise.all([cache.credentials(ADA), cache.credentials(ADA), cache.credentials(GRACE)]);
    assert.equal(a, b);
    assert.notEqual(a.accessKeyId, c.accessKeyId);
    assert.deepEqual(
      sts.calls.map((s) => s.sessionName),
      ['slack.U0ADA', 'slack.U0GRACE'],
    );
  });

  it('is bounded: the least recently used session is dropped', async () => {
    const clock = { now: 0 };
    const sts = fakeSts(clock);
    const cache = cacheWith(clock, sts.assumer, 2);
    const carol = { ...ADA, sessionName: 'slack.U0CAROL' };
    await cache.credentials(ADA);
    await cache.credentials(GRACE);
    await cache.credentials(ADA); // Ada is now the most recent
    await cache.credentials(carol); // Grace goes
    assert.equal(cache.stats().size, 2);
    await cache.credentials(ADA);
    assert.equal(sts.calls.length, 3);
    await cache.credentials(GRACE);
    assert.equal(sts.calls.length, 4);
  });

  it('a failed renewal falls back to credentials with more than a minute left, never to expired ones', async () => {
    const clock = { now: 0 };
    let failing = false;
    const throttled = Object.assign(new Error('Throttling.User'), { code: 'Throttling.User', retryable: true });
    const sts = fakeSts(clock, () => (failing ? throttled : undefined));
    const cache = cacheWith(clock, sts.assumer);
    const first = await cache.credentials(ADA);
    failing = true;
    clock.now = 58 * 60_000;
    assert.equal(await cache.credentials(ADA), first);
    clock.now = 59 * 60_000 + 1;
    await assert.rejects(cache.credentials(ADA), (error) => error === throttled);
  });

  it('refuses credentials that expire too soon to be used', async () => {
    const clock = { now: 0 };
    const cache = new CredentialCache({
      assumer: {
        assume: async () => ({ accessKeyId: 'STS.x', accessKeySecret: 's', securityToken: 't', expiresAt: 30_000 }),
      },
      now: () => clock.now,
      capacity: 1,
      refreshMarginMs: 0,
    });
    await assert.rejects(cache.credentials(ADA), ShortLivedCredentialsError);
  });

  it('forgets a session on request, and a caller whose signal fires stops waiting', async () => {
    const clock = { now: 0 };
    const sts = fakeSts(clock);
    const cache = cacheWith(clock, sts.assumer);
    await cache.credentials(ADA);
    cache.forget(ADA);
    await cache.credentials(ADA);
    assert.equal(sts.calls.length, 2);

    let release: (() => void) | undefined;
    const slow = new CredentialCache({
      assumer: {
        assume: () =>
          new Promise((resolve) => {
            release = () =>
              resolve({ accessKeyId: 'STS.slow', accessKeySecret: 's', securityToken: 't', expiresAt: HOUR });
          }),
      },
      now: () => clock.now,
      capacity: 1,
      refreshMarginMs: 0,
    });
    const controller = new AbortController();
    const waiting = slow.credentials(ADA, controller.signal);
    const patient = slow.credentials(ADA);
    controller.abort(new Error('budget spent'));
    await assert.rejects(waiting, /budget spent/);
    release?.();
    assert.equal((await patient).accessKeyId, 'STS.slow');
  });
});
