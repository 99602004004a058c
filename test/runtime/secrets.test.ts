import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, it } from 'node:test';
import { resolveSecrets, SecretResolutionError } from '../../src/runtime/secrets.ts';

/** The Parameters and Secrets Lambda Extension's HTTP interface, on 127.0.0.1:0. */
const seen: string[] = [];
const server = createServer((request, response) => {
  seen.push(`${request.url} token=${request.headers['x-aws-parameters-secrets-token']}`);
  if (request.headers['x-aws-parameters-secrets-token'] !== 'session-token') {
    response.writeHead(401).end();
    return;
  }
  const url = new URL(request.url ?? '/', 'http://x');
  if (url.pathname === '/systemsmanager/parameters/get' && url.searchParams.get('name') === '/odps/slack/signing') {
    assert.equal(url.searchParams.get('withDecryption'), 'true');
    response.end(JSON.stringify({ Parameter: { Name: '/odps/slack/signing', Value: 'from-ssm' } }));
  } else if (
    url.pathname === '/secretsmanager/get' &&
    url.searchParams.get('secretId') === 'arn:aws:secretsmanager:x:1:secret:bot'
  ) {
    response.end(JSON.stringify({ SecretString: 'xoxb-from-secrets-manager' }));
  } else {
    response.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const extensionUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('secrets at cold start', () => {
  it('fills unset secret variables from SSM and Secrets Manager through the extension', async () => {
    const env = await resolveSecrets(
      {
        SLACK_SIGNING_SECRET_SSM_PARAMETER: '/odps/slack/signing',
        SLACK_BOT_TOKEN_SECRET_ARN: 'arn:aws:secretsmanager:x:1:secret:bot',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'set-directly',
      },
      { extensionUrl, sessionToken: 'session-token' },
    );
    assert.equal(env.SLACK_SIGNING_SECRET, 'from-ssm');
    assert.equal(env.SLACK_BOT_TOKEN, 'xoxb-from-secrets-manager');
    assert.equal(env.ALIBABA_CLOUD_ACCESS_KEY_ID, 'set-directly');
    assert.ok(!seen.some((line) => line.includes('ALIBABA')), 'a variable already set is not fetched');
  });

  it('a value set in the environment wins and nothing is fetched', async () => {
    const before = seen.length;
    const env = await resolveSecrets(
      { SLACK_SIGNING_SECRET: 'direct', SLACK_SIGNING_SECRET_SSM_PARAMETER: '/odps/slack/signing' },
      { extensionUrl, sessionToken: 'session-token' },
    );
    assert.equal(env.SLACK_SIGNING_SECRET, 'direct');
    assert.equal(seen.length, before);
  });

  it('a failed lookup is a typed error naming the variable, not its value', async () => {
    await assert.rejects(
      resolveSecrets({ SLACK_BOT_TOKEN_SSM_PARAMETER: '/missing' }, { extensionUrl, sessionToken: 'session-token' }),
      (error: unknown) => error instanceof SecretResolutionError && /SLACK_BOT_TOKEN/.test(error.message),
    );
    await assert.rejects(
      resolveSecrets(
        { SLACK_SIGNING_SECRET_SSM_PARAMETER: '/odps/slack/signing' },
        { extensionUrl, sessionToken: 'wrong' },
      ),
      SecretResolutionError,
    );
  });
});
