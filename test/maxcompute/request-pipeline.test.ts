import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MockAgent } from 'undici';
import { MaxComputeClient } from '../../src/maxcompute/client.ts';
import { MaxComputeSubmitOutcomeUnknownError } from '../../src/maxcompute/errors.ts';
import { rapidRetryPolicy } from '../../src/shared/retry-policy.ts';
import { ManualClock } from '../support/manual-clock.ts';

/**
 * The request pipeline's decisions, with undici's MockAgent as the transport: pure logic, no sockets.
 * (Everything end to end runs against the emulator in the other suites.)
 */
const ORIGIN = 'https://service.cn-hangzhou.maxcompute.aliyun.com';
const LOCATION = `${ORIGIN}/api/projects/my_proj/instances/20240315083000123gk4m2p9x1`;

function setup() {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const clock = new ManualClock(Date.UTC(2024, 2, 15, 8, 30, 0));
  const client = new MaxComputeClient({
    endpoint: `${ORIGIN}/api/`,
    project: 'my_proj',
    credentials: {
      accessId: 'LTAI5tEXAMPLEaccessId',
      secret: 'EXAMPLEsecretKEY0123456789abcdef',
      securityToken: 'sts',
    },
    dispatcher: agent,
    clock,
    retryPolicy: rapidRetryPolicy,
    newGuid: () => 'guid-1',
  });
  return { agent, pool: agent.get(ORIGIN), client, clock };
}

function connectionRefused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
}

describe('request pipeline', () => {
  it('signs v4 for a public endpoint, sends the STS token and curr_project, action first', async () => {
    const { pool, client, agent } = setup();
    let seen: { path: string; headers: Record<string, string> } | undefined;
    pool
      .intercept({ path: (path) => path.startsWith('/api/projects/my_proj/instances/'), method: 'GET' })
      .reply((options) => {
        seen = { path: options.path, headers: options.headers as Record<string, string> };
        return { statusCode: 200, data: '<Instance><Tasks/></Instance>' };
      });
    await client
      .getInstance('20240315083000123gk4m2p9x1')
      .getTaskStatuses()
      .catch(() => undefined);
    assert.ok(seen);
    assert.equal(
      seen.path,
      '/api/projects/my_proj/instances/20240315083000123gk4m2p9x1?taskstatus&curr_project=my_proj',
    );
    assert.equal(seen.headers.Date, 'Fri, 15 Mar 2024 08:30:00 GMT');
    assert.match(
      seen.headers.Authorization ?? '',
      /^ODPS LTAI5tEXAMPLEaccessId\/20240315\/cn-hangzhou\/odps\/aliyun_v4_request:/,
    );
    assert.equal(seen.headers['authorization-sts-token'], 'sts');
    await agent.close();
  });

  it('retries a create whose connection was refused, and creates once', async () => {
    const { pool, client, agent } = setup();
    pool.intercept({ path: /\/instances\?/, method: 'POST' }).replyWithError(connectionRefused());
    pool.intercept({ path: /\/instances\?/, method: 'POST' }).reply(201, '', { headers: { location: LOCATION } });
    const instance = await client.runSql('select 1');
    assert.equal(instance.id, '20240315083000123gk4m2p9x1');
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('honours Retry-After on a 409 refusal of a create', async () => {
    const { pool, client, clock, agent } = setup();
    pool
      .intercept({ path: /\/instances\?/, method: 'POST' })
      .reply(409, '<Error><Code>ODPS-0430071</Code><Message>throttled</Message></Error>', {
        headers: { 'retry-after': '3' },
      });
    pool.intercept({ path: /\/instances\?/, method: 'POST' }).reply(201, '', { headers: { location: LOCATION } });
    await client.runSql('select 1');
    assert.deepEqual(clock.sleeps, [3000]);
    await agent.close();
  });

  it('does not retry a create whose connection broke after sending; the outcome is reported unknown', async () => {
    const { pool, client, agent } = setup();
    pool
      .intercept({ path: /\/instances\?/, method: 'POST' })
      .replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    await assert.rejects(client.runSql('select 1'), (error: unknown) => {
      assert.ok(error instanceof MaxComputeSubmitOutcomeUnknownError);
      assert.equal(error.guid, 'guid-1');
      return true;
    });
    await agent.close();
  });

  it('a create answered without a usable Location is an unknown outcome too', async () => {
    const { pool, client, agent } = setup();
    pool.intercept({ path: /\/instances\?/, method: 'POST' }).reply(201, '', { headers: { location: '/x/../..' } });
    await assert.rejects(client.runSql('select 1'), MaxComputeSubmitOutcomeUnknownError);
    await agent.close();
  });

  it('stops retrying at the deadline', async () => {
    const { pool, client, clock, agent } = setup();
    pool
      .intercept({ path: (path: string) => path.includes('taskstatus'), method: 'GET' })
      .reply(503, '<Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error>', {
        headers: { 'retry-after': '4' },
      })
      .times(5);
    const start = clock.now();
    await assert.rejects(client.getInstance('20240315083000123gk4m2p9x1').getTaskStatuses());
    // rapidRetryPolicy has a 5 s deadline: one 4 s wait fits, a second would not.
    assert.deepEqual(clock.sleeps, [4000]);
    assert.equal(clock.now() - start, 4000);
    await agent.close();
  });
});
