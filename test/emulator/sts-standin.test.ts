import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { request } from 'undici';
import { assumeRole, refusal } from './support/alibaba-sts.ts';
import {
  ACCOUNT_ID,
  ADMIN,
  ANALYST,
  BOT,
  ENGINEER,
  ROOT,
  STRANGER,
  startIdentityStack,
} from './support/identity-stack.ts';
import { callSts, type RpcOptions, sendParams, signedParams } from './support/sts-rpc.ts';

/**
 * The STS stand-in, first through Alibaba's own SDK (@alicloud/sts20150401): that it can assume a
 * role and read the answer shows the stand-in speaks STS's protocol. Then raw RPC calls for what the
 * SDK never sends: replays, stale timestamps, form bodies, other versions and actions.
 */
const stack = await startIdentityStack();
const { emulator } = stack;
const sts = emulator.stsEndpoint;
const rpc = (overrides: Partial<RpcOptions> = {}): RpcOptions => ({
  accessKeyId: BOT.accessId,
  secret: BOT.secret,
  nowMs: stack.clock.read(),
  ...overrides,
});
const analystParams = { RoleArn: ANALYST, RoleSessionName: 'alice' };

describe('AssumeRole through Alibaba’s SDK', () => {
  test('issues temporary credentials for the session, an hour long by default', async () => {
    emulator.sts.resetStats();
    const before = stack.clock.read();
    const issued = await assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName: 'alice' });
    assert.equal(issued.arn, `acs:ram::${ACCOUNT_ID}:role/analyst/alice`);
    assert.match(issued.assumedRoleId, /^3\d{17}:alice$/);
    assert.match(issued.accessKeyId, /^STS\.[A-Za-z0-9]{25}$/);
    assert.match(issued.securityToken, /^CAIS[A-Za-z0-9+/=]{100,}$/);
    assert.ok(issued.accessKeySecret.length >= 30);
    assert.match(issued.requestId, /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    assert.match(issued.expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const lifetime = Date.parse(issued.expiration) - before;
    assert.ok(lifetime > 3_598_000 && lifetime <= 3_601_000, `lifetime ${lifetime}`);
    const again = await assumeRole(sts, BOT, {
      roleArn: ANALYST.replace('analyst', 'Analyst'),
      roleSessionName: 'alice',
    });
    assert.notEqual(again.accessKeyId, issued.accessKeyId, 'every AssumeRole issues new credentials');
    assert.equal(again.arn, issued.arn, 'role names are matched without regard to case');
    assert.deepEqual(emulator.sts.stats(), { requests: 2, byOutcome: { AssumeRole: 2 } });
  });

  test('DurationSeconds: 900 up to the role’s MaxSessionDuration, else InvalidParameter.DurationSeconds', async () => {
    const shortest = await assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName: 'alice', durationSeconds: 900 });
    assert.ok(Date.parse(shortest.expiration) - stack.clock.read() <= 900_000);
    await assumeRole(sts, BOT, { roleArn: ENGINEER, roleSessionName: 'carol', durationSeconds: 7200 });
    for (const [roleArn, durationSeconds, message] of [
      [ANALYST, 899, 'The Min/Max value of DurationSeconds is 15min/1hr.'],
      [ANALYST, 3601, 'The Min/Max value of DurationSeconds is 15min/1hr.'],
      [ENGINEER, 7201, 'The Min/Max value of DurationSeconds is 15min/2hr.'],
    ] as const) {
      const error = await refusal(assumeRole(sts, BOT, { roleArn, roleSessionName: 'alice', durationSeconds }));
      assert.equal(error.code, 'InvalidParameter.DurationSeconds');
      assert.equal(error.statusCode, 400);
      assert.equal(error.data.Message, message);
    }
  });

  test('a caller the role does not trust, and a root account, are refused with 403 NoPermission', async () => {
    const untrusted = await refusal(assumeRole(sts, STRANGER, { roleArn: ANALYST, roleSessionName: 'alice' }));
    assert.equal(untrusted.statusCode, 403);
    assert.equal(untrusted.code, 'NoPermission');
    assert.equal(untrusted.data.Message, 'You are not authorized to do this action. You should be authorized by RAM.');
    const root = await refusal(assumeRole(sts, ROOT, { roleArn: ANALYST, roleSessionName: 'alice' }));
    assert.equal(root.code, 'NoPermission');
    assert.equal(root.data.Message, 'Roles may not be assumed by root accounts.');
  });

  test('an unknown role is 404 EntityNotExist.Role; a malformed ARN 400 InvalidParameter.RoleArn', async () => {
    const unknown = await refusal(
      assumeRole(sts, BOT, { roleArn: `acs:ram::${ACCOUNT_ID}:role/nobody`, roleSessionName: 'alice' }),
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.code, 'EntityNotExist.Role');
    const body = unknown.data;
    assert.deepEqual(Object.keys(body).sort(), ['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
    assert.equal(body.HostId, 'sts.aliyuncs.com');
    assert.match(
      String(body.Recommend),
      /^https:\/\/api\.aliyun\.com\/troubleshoot\?q=EntityNotExist\.Role&product=Sts/,
    );
    const userArn = await refusal(
      assumeRole(sts, BOT, { roleArn: `acs:ram::${ACCOUNT_ID}:user/alice`, roleSessionName: 'alice' }),
    );
    assert.equal(userArn.code, 'InvalidParameter.RoleArn');
    assert.equal(userArn.statusCode, 400);
  });

  test('a RoleSessionName outside 2-64 of [A-Za-z0-9.@_-] is InvalidParameter.RoleSessionName', async () => {
    for (const roleSessionName of ['a', 'abc*abc', 'with space', 'x'.repeat(65), '忍者']) {
      const error = await refusal(assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName }));
      assert.equal(error.code, 'InvalidParameter.RoleSessionName', roleSessionName);
    }
    const longest = await assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName: `U0.a@b_c-${'x'.repeat(54)}` });
    assert.ok(longest.arn.endsWith(`/U0.a@b_c-${'x'.repeat(54)}`));
  });

  test('a Policy that is not a policy document, or longer than 2048, is refused', async () => {
    const policy = (text: string) =>
      refusal(assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName: 'alice', policy: text }));
    assert.equal((await policy('{not json')).code, 'InvalidParameter.PolicyGrammar');
    assert.equal((await policy('{"Version":"1"}')).code, 'InvalidParameter.PolicyGrammar');
    const long = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'odps:*', Resource: 'x'.repeat(2048) }],
    });
    assert.equal((await policy(long)).code, 'InvalidParameter.PolicySize');
    const fine =
      '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": ["odps:*"], "Resource": ["acs:odps:*:projects/~a b"]}]}';
    assert.ok((await assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName: 'alice', policy: fine })).accessKeyId);
  });

  test('an unknown AccessKeyId is 404 InvalidAccessKeyId.NotFound; a wrong secret 400 SignatureDoesNotMatch', async () => {
    const stranger = await refusal(
      assumeRole(sts, { accessId: 'nobody', secret: 'x' }, { roleArn: ANALYST, roleSessionName: 'alice' }),
    );
    assert.equal(stranger.statusCode, 404);
    assert.equal(stranger.code, 'InvalidAccessKeyId.NotFound');
    const wrong = await refusal(
      assumeRole(sts, { ...BOT, secret: 'wrong' }, { roleArn: ANALYST, roleSessionName: 'alice' }),
    );
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.code, 'SignatureDoesNotMatch');
    assert.match(
      String(wrong.data.Message),
      /server string to sign is:POST&%2F&AccessKeyId%3Dbot-access-id%26Action%3DAssumeRole/,
    );
  });

  test('throttled: 400 Throttling.User (the SDK’s ThrottlingError); unavailable: 503 ServiceUnavailable', async () => {
    emulator.sts.resetStats();
    emulator.sts.faults.set({ throttleRate: 1 });
    try {
      const throttled = await refusal(assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName: 'alice' }));
      assert.equal(throttled.name, 'ThrottlingError');
      assert.equal(throttled.code, 'Throttling.User');
      assert.equal(throttled.statusCode, 400);
      assert.equal(throttled.data.Message, 'Request was denied due to user flow control.');
      emulator.sts.faults.set({ throttleRate: 0, unavailableRate: 1 });
      const down = await refusal(assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName: 'alice' }));
      assert.equal(down.statusCode, 503);
      assert.equal(down.code, 'ServiceUnavailable');
    } finally {
      emulator.sts.faults.reset();
    }
    assert.deepEqual(emulator.sts.stats(), { requests: 2, byOutcome: { 'Throttling.User': 1, ServiceUnavailable: 1 } });
  });

  test('added latency delays the answer', async () => {
    emulator.sts.faults.set({ latencyMs: 300 });
    const started = performance.now();
    try {
      await assumeRole(sts, BOT, { roleArn: ADMIN, roleSessionName: 'dana' });
    } finally {
      emulator.sts.faults.reset();
    }
    assert.ok(performance.now() - started >= 290);
  });

  test('the SDK’s default V3 signature is refused by name, saying how to sign instead', async () => {
    const error = await refusal(assumeRole(sts, BOT, { roleArn: ANALYST, roleSessionName: 'alice' }, 'sdk-default'));
    assert.equal(error.code, 'InvalidSignatureMethod');
    assert.match(String(error.data.Message), /ACS3-HMAC-SHA256 \(V3\) signatures are not emulated/);
  });
});

describe('the RPC protocol, raw', () => {
  test('parameters in a form body sign and answer like the query string; %20, %2A and ~ encode as documented', async () => {
    const policy =
      '{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "odps:*", "Resource": "acs:odps:*:projects/~p"}]}';
    const reply = await callSts(sts, { ...analystParams, Policy: policy }, rpc({ asForm: true }));
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    assert.equal((reply.body.AssumedRoleUser as { Arn: string }).Arn, `acs:ram::${ACCOUNT_ID}:role/analyst/alice`);
    assert.equal((await callSts(sts, { ...analystParams, Policy: policy }, rpc())).status, 200);
  });

  test('a replayed request is SignatureNonceUsed; a Timestamp 15 minutes away is InvalidTimeStamp.Expired', async () => {
    const params = signedParams(analystParams, rpc());
    assert.equal((await sendParams(sts, params, false)).status, 200);
    const replay = await sendParams(sts, params, false);
    assert.deepEqual([replay.status, replay.body.Code], [400, 'SignatureNonceUsed']);
    const late = await callSts(sts, analystParams, rpc({ nowMs: stack.clock.read() - 16 * 60_000 }));
    assert.deepEqual([late.status, late.body.Code], [400, 'InvalidTimeStamp.Expired']);
    const early = await callSts(sts, analystParams, rpc({ nowMs: stack.clock.read() + 16 * 60_000 }));
    assert.equal(early.body.Code, 'InvalidTimeStamp.Expired');
    const garbled = await callSts(sts, analystParams, rpc({ overrides: { Timestamp: 'yesterday' } }));
    assert.equal(garbled.body.Code, 'InvalidTimeStamp.Format');
  });

  test('another Action, Version, Format or signature method, and a missing parameter, each have their code', async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ Action: 'GetFederationToken' }, 404, 'InvalidAction.NotFound'],
      [{ Version: '2019-01-01' }, 400, 'InvalidVersion'],
      [{ Format: 'XML' }, 400, 'InvalidParameter.Format'],
      [{ SignatureMethod: 'HMAC-SHA256' }, 400, 'InvalidSignatureMethod'],
      [{ SignatureVersion: '2.0' }, 400, 'InvalidSignatureVersion'],
      [{ RoleArn: '' }, 400, 'MissingRoleArn'],
      [{ RoleSessionName: '' }, 400, 'MissingRoleSessionName'],
    ];
    for (const [overrides, status, code] of cases) {
      const reply = await callSts(sts, analystParams, rpc({ overrides }));
      assert.deepEqual([reply.status, reply.body.Code], [status, code], JSON.stringify(overrides));
    }
  });

  test('the admin surface steers the stand-in’s faults and reads its counters over HTTP', async () => {
    const put = await request(`${sts}/__emulator/faults`, { method: 'PUT', body: JSON.stringify({ throttleRate: 1 }) });
    assert.deepEqual(await put.body.json(), { latencyMs: 0, throttleRate: 1, unavailableRate: 0 });
    await request(`${sts}/__emulator/stats/reset`, { method: 'POST' }).then((reply) => reply.body.dump());
    const throttled = await callSts(sts, analystParams, rpc());
    assert.deepEqual([throttled.status, throttled.body.Code], [400, 'Throttling.User']);
    const stats = await request(`${sts}/__emulator/stats`);
    assert.deepEqual(await stats.body.json(), { requests: 1, byOutcome: { 'Throttling.User': 1 } });
    const bad = await request(`${sts}/__emulator/faults`, { method: 'PUT', body: JSON.stringify({ throttleRate: 2 }) });
    assert.equal(bad.statusCode, 400);
    await bad.body.dump();
    emulator.sts.faults.reset();
  });
});
