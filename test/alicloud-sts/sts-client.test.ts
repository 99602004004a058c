import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noRetryPolicy } from '../../src/shared/retry-policy.ts';
import { refusal, success } from './support/scripted-sts.ts';
import { BOT, ROLE, ROLE_FORM, rejectsWith, stsClient, useScriptedSts } from './support/sts-fixture.ts';

/**
 * The client against a real loopback server that answers like STS: what each request carries, how
 * each answer is read, and what is retried.
 */
const server = useScriptedSts();
const client = (options: Parameters<typeof stsClient>[1] = {}) => {
  const made = stsClient(server.current.endpoint, options);
  return { sts: made.client, clock: made.clock };
};

describe('StsClient.assumeRole', () => {
  it('sends a signed POST with the SDK parameters and reads the credentials', async () => {
    const { sts: client_ } = client({ credentials: { ...BOT, securityToken: 'bot-sts-token-value' } });
    const policy = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"odps:*","Resource":"*"}]}';
    const role = await client_.assumeRole({ ...ROLE, durationSeconds: 900, policy, externalId: 'abcd1234' });

    assert.equal(role.accessKeyId, 'STS.L4aBSCSJVMuKg5U1temp');
    assert.equal(role.accessKeySecret, 'wyLTSmsyPGP1ohvvw8xYgB29dlGI8KMiH2pKtemp');
    assert.equal(role.securityToken, 'CAIS8gF1q6Ft5B2yfSjIr5bSEtemptoken+/=');
    assert.equal(role.expiration.toISOString(), '2024-03-15T09:30:00.000Z');
    assert.equal(role.arn, 'acs:ram::1234567890123456:role/analyst/slack.U0ADA');
    assert.equal(role.assumedRoleId, '344584339364951186:slack.U0ADA');
    assert.equal(role.requestId, '6894B13B-6D71-4EF5-88FA-F32781734A7F');

    assert.equal(server.current.requests.length, 1);
    const [seen] = server.current.requests;
    assert.ok(seen);
    assert.equal(seen.method, 'POST');
    assert.equal(seen.path, '/');
    assert.equal(seen.contentType, 'application/x-www-form-urlencoded');
    assert.ok(seen.signatureValid, 'the signature verifies with the bot secret');
    const { Signature, ...common } = seen.query;
    assert.ok(Signature);
    assert.deepEqual(common, {
      Action: 'AssumeRole',
      Format: 'JSON',
      Version: '2015-04-01',
      AccessKeyId: BOT.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'nonce-1',
      Timestamp: '2024-03-15T08:30:00Z',
      SecurityToken: 'bot-sts-token-value',
    });
    assert.deepEqual(seen.form, { ...ROLE_FORM, DurationSeconds: '900', Policy: policy, ExternalId: 'abcd1234' });
  });

  it('sends only the parameters given, and no SecurityToken for a plain AccessKey', async () => {
    await client().sts.assumeRole(ROLE);
    const [seen] = server.current.requests;
    assert.equal(seen?.query.SecurityToken, undefined);
    assert.deepEqual(seen?.form, ROLE_FORM);
    assert.ok(seen?.signatureValid);
  });

  const REFUSALS: readonly (readonly [number, string, string])[] = [
    [403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.'],
    [404, 'EntityNotExist.Role', 'The role not exists: acs:ram::1234567890123456:role/analyst.'],
    [400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.'],
    [400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not passed grammar check.'],
    [400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.'],
    [404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'],
    [400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'],
  ];
  for (const [status, code, message] of REFUSALS) {
    it(`reports ${code} (HTTP ${status}) with STS's message, once, not retryable`, async () => {
      server.current.script(refusal(status, code, message, 'REQ-42'));
      await assert.rejects(
        client().sts.assumeRole(ROLE),
        rejectsWith(code, (error) => {
          assert.equal(error.status, status);
          assert.equal(error.requestId, 'REQ-42');
          assert.equal(error.retryable, false);
          assert.ok(error.message.includes(message), error.message);
          assert.match(error.recommend ?? '', /troubleshoot/);
        }),
      );
      assert.equal(server.current.requests.length, 1);
    });
  }

  it('retries throttling (HTTP 400 Throttling.User), signing each attempt afresh', async () => {
    server.current.script(refusal(400, 'Throttling.User', 'Request was denied due to user flow control.'), success());
    const { sts: client_, clock } = client();
    const role = await client_.assumeRole(ROLE);
    assert.equal(role.accessKeyId, 'STS.L4aBSCSJVMuKg5U1temp');
    assert.equal(server.current.requests.length, 2);
    assert.deepEqual(
      server.current.requests.map((seen) => seen.query.SignatureNonce),
      ['nonce-1', 'nonce-2'],
    );
    assert.ok(server.current.requests.every((seen) => seen.signatureValid));
    assert.equal(clock.sleeps.length, 1);
  });

  it('gives up on 5xx after the policy, reporting the last answer as retryable', async () => {
    server.current.script(
      ...Array.from({ length: 5 }, () => refusal(503, 'ServiceUnavailable', 'The request has failed.')),
    );
    await assert.rejects(
      client().sts.assumeRole(ROLE),
      rejectsWith('ServiceUnavailable', (error) => {
        assert.equal(error.status, 503);
        assert.equal(error.retryable, true);
      }),
    );
    assert.equal(server.current.requests.length, 5, 'one attempt and four retries');
  });

  it('times a stalled answer out, and retries it', async () => {
    server.current.script('stall');
    const started = Date.now();
    await assert.rejects(
      client({ requestTimeoutMs: 150, retryPolicy: noRetryPolicy }).sts.assumeRole(ROLE),
      rejectsWith('timeout', (error) => assert.equal(error.retryable, true)),
    );
    assert.ok(Date.now() - started < 2_000);
    server.current.script('stall', success());
    const role = await client({ requestTimeoutMs: 150 }).sts.assumeRole(ROLE);
    assert.equal(role.requestId, '6894B13B-6D71-4EF5-88FA-F32781734A7F');
  });

  it("stops at once when the caller's signal fires, and sends nothing for a signal already fired", async () => {
    server.current.script('stall');
    const controller = new AbortController();
    const pending = client({ requestTimeoutMs: 10_000 }).sts.assumeRole(ROLE, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user gave up')), 50);
    await assert.rejects(
      pending,
      rejectsWith('aborted', (error) => assert.equal(error.retryable, false)),
    );
    assert.equal(server.current.requests.length, 1);
    await assert.rejects(client().sts.assumeRole(ROLE, { signal: AbortSignal.abort() }), rejectsWith('aborted'));
    assert.equal(server.current.requests.length, 1);
  });

  it('retries a dropped connection and reports one that never answers as network', async () => {
    server.current.script('drop', success());
    assert.ok(await client().sts.assumeRole(ROLE));
    assert.equal(server.current.requests.length, 2);
    server.current.script('drop');
    await assert.rejects(
      client({ retryPolicy: noRetryPolicy }).sts.assumeRole(ROLE),
      rejectsWith('network', (error) => assert.equal(error.retryable, true)),
    );
  });
});
