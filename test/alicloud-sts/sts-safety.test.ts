import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { type AssumeRoleInput, StsClient } from '../../src/alicloud-sts/index.ts';
import { percentEncode } from '../../src/alicloud-sts/rpc-signature.ts';
import type { Logger } from '../../src/observability/logger.ts';
import { refusal } from './support/scripted-sts.ts';
import { BOT, ROLE, rejectsWith, stsClient, useScriptedSts } from './support/sts-fixture.ts';

/** Input refused before anything is sent, and secrets kept out of every log line and error. */
const server = useScriptedSts();

const INVALID: readonly (readonly [string, Partial<AssumeRoleInput>, RegExp])[] = [
  ['an empty roleArn', { roleArn: '' }, /roleArn/],
  ['a roleArn of another service', { roleArn: 'acs:oss::1234567890123456:bucket/x' }, /not a RAM role ARN/],
  ['a roleArn with a path', { roleArn: 'acs:ram::1234567890123456:role/a/../b' }, /not a RAM role ARN/],
  ['a blank roleArn', { roleArn: '   ' }, /roleArn/],
  ['a one-character session name', { roleSessionName: 'a' }, /roleSessionName/],
  ['a 65-character session name', { roleSessionName: 'x'.repeat(65) }, /roleSessionName/],
  ['a session name with a space', { roleSessionName: 'slack U0ADA' }, /roleSessionName/],
  ['a session name with *', { roleSessionName: 'abc*abc' }, /roleSessionName/],
  ['a session name in another script', { roleSessionName: '忍者神龟' }, /roleSessionName/],
  ['a duration under 900', { durationSeconds: 899 }, /durationSeconds 899/],
  ['a duration over 43200', { durationSeconds: 43_201 }, /durationSeconds 43201/],
  ['a fractional duration', { durationSeconds: 3600.5 }, /durationSeconds/],
  ['a NaN duration', { durationSeconds: Number.NaN }, /durationSeconds/],
  ['an empty policy', { policy: '' }, /policy/],
  ['a policy over 2048 characters', { policy: `{"Version":"1","x":"${'a'.repeat(2040)}"}` }, /2048/],
  ['a policy that is not JSON', { policy: '{"Version": 1' }, /not valid JSON/],
  ['a policy that is a JSON array', { policy: '[1]' }, /JSON object/],
  ['a one-character external ID', { externalId: 'a' }, /externalId/],
  ['an external ID with a space', { externalId: 'abc def' }, /externalId/],
];

describe('input checked before any request', () => {
  for (const [what, patch, message] of INVALID) {
    it(`refuses ${what}`, async () => {
      const { client } = stsClient(server.current.endpoint);
      await assert.rejects(
        client.assumeRole({ ...ROLE, ...patch }),
        rejectsWith('invalid_input', (error) => {
          assert.equal(error.retryable, false);
          assert.match(error.message, message);
        }),
      );
      assert.equal(server.current.requests.length, 0);
    });
  }

  it('accepts the limits themselves', async () => {
    const { client } = stsClient(server.current.endpoint);
    const policy = `{"Version":"1","x":"${'a'.repeat(2048 - 22)}"}`;
    assert.equal(policy.length, 2048);
    await client.assumeRole({ ...ROLE, roleSessionName: 'ab', durationSeconds: 900, policy, externalId: 'ab' });
    await client.assumeRole({ ...ROLE, roleSessionName: `a.@_-${'z'.repeat(59)}`, durationSeconds: 43_200 });
    assert.equal(server.current.requests.length, 2);
    assert.ok(server.current.requests.every((seen) => seen.signatureValid));
  });

  it('refuses an endpoint that is not an http(s) URL', () => {
    for (const endpoint of ['sts.aliyuncs.com', 'ftp://sts.aliyuncs.com', 'https://sts.aliyuncs.com/?x=1']) {
      assert.throws(() => new StsClient({ endpoint, credentials: BOT }), rejectsWith('invalid_input'));
    }
  });
});

describe('secrets', () => {
  it('never appear in a log line or an error, even when STS quotes its string to sign', async () => {
    const botToken = 'CAISbotToken/with+base64==chars';
    const lines: string[] = [];
    const collect = (level: string) => (message: string, fields?: Readonly<Record<string, unknown>>) =>
      lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
    const logger: Logger = {
      debug: collect('debug'),
      info: collect('info'),
      warn: collect('warn'),
      error: collect('error'),
    };
    const { client } = stsClient(server.current.endpoint, {
      credentials: { ...BOT, securityToken: botToken },
      logger,
    });
    const quoted = `POST&%2F&AccessKeyId%3D${BOT.accessKeyId}%26SecurityToken%3D${percentEncode(percentEncode(botToken))}`;
    server.current.script(
      refusal(400, 'Throttling.User', 'Request was denied due to user flow control.'),
      refusal(
        400,
        'SignatureDoesNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${quoted}`,
      ),
    );
    const errors: unknown[] = [];
    await client.assumeRole(ROLE).catch((error: unknown) => errors.push(error));
    server.current.script(refusal(400, 'InvalidSecurityToken.Malformed', `The token ${botToken} is malformed.`));
    await client.assumeRole(ROLE).catch((error: unknown) => errors.push(error));
    server.current.script(...Array.from({ length: 5 }, () => 'drop' as const));
    await client.assumeRole(ROLE).catch((error: unknown) => errors.push(error));
    const role = await client.assumeRole(ROLE);

    assert.equal(errors.length, 3);
    assert.match(inspect(errors[0]), /SignatureDoesNotMatch.*string to sign is: \[redacted\]/s);
    assert.match(inspect(errors[1]), /The token \[redacted\] is malformed/);
    assert.ok(
      lines.some((line) => line.startsWith('debug sts assumeRole retry')),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((line) => line.startsWith('warn sts assumeRole failed')),
      lines.join('\n'),
    );

    const signatures = server.current.requests.map((seen) => seen.query.Signature ?? '');
    assert.ok(signatures.length >= 5 && signatures.every((signature) => signature.length > 20));
    const secrets = [BOT.accessKeySecret, botToken, role.accessKeySecret, role.securityToken, ...signatures];
    const forms = secrets.flatMap((secret) => [secret, percentEncode(secret), percentEncode(percentEncode(secret))]);
    const said = [...lines, ...errors.map((error) => inspect(error, { depth: 10 }))];
    for (const text of said) {
      for (const form of forms) assert.ok(!text.includes(form), `a secret appears in: ${text}`);
    }
  });
});
