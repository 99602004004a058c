import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { authorizationHeader } from '../../src/maxcompute/signer.ts';
import { assertXmlError } from './support/assertions.ts';
import { sqlJobXml, startHarness } from './support/harness.ts';
import { parseXmlBody, rawRequest, SignedClient } from './support/signed-client.ts';

/** Rejected requests over HTTP: the right Code, and nothing happens. */

const harness = await startHarness();
const { client, project } = harness;
const create = (c: SignedClient, options: Parameters<SignedClient['send']>[2] = {}) =>
  c.send('POST', `/projects/${project}/instances`, {
    body: sqlJobXml('select 1'),
    contentType: 'application/xml',
    ...options,
  });

async function instanceCount(): Promise<number> {
  const reply = await client.send('GET', `/projects/${project}/instances`);
  const doc = parseXmlBody(reply.body) as { Instances: { Instance?: unknown[] } };
  return doc.Instances.Instance?.length ?? 0;
}

describe('authentication over HTTP', () => {
  test('a missing Authorization is 401 AuthorizationRequired and creates nothing', async () => {
    assertXmlError(await create(client, { unsigned: true }), 401, 'AuthorizationRequired');
    assert.equal(await instanceCount(), 0);
  });

  test('a wrong secret is 401 SignatureNotMatch and creates nothing', async () => {
    const wrong = new SignedClient(
      harness.emulator.endpoint,
      { ...DEMO_ACCOUNT, secret: 'not-the-secret' },
      harness.clock.read,
    );
    try {
      assertXmlError(await create(wrong), 401, 'SignatureNotMatch');
    } finally {
      await wrong.close();
    }
    assert.equal(await instanceCount(), 0);
  });

  test('a signature for one resource does not authorize another', async () => {
    const date = new Date(harness.clock.now);
    const headers = { Date: date.toUTCString(), 'x-odps-user-agent': 'tests' };
    const signedFor = `/projects/${project}/instances?status=Running`;
    const authorization = authorizationHeader(DEMO_ACCOUNT, { method: 'GET', resource: signedFor, headers }, date);
    const ok = await rawRequest(harness.emulator.endpoint + signedFor, 'GET', {
      ...headers,
      Authorization: authorization,
    });
    assert.equal(ok.status, 200, ok.body);
    const replayed = await rawRequest(
      `${harness.emulator.endpoint}/projects/${project}/instances?status=Terminated`,
      'GET',
      {
        ...headers,
        Authorization: authorization,
      },
    );
    assertXmlError(replayed, 401, 'SignatureNotMatch');
    const otherHeader = await rawRequest(harness.emulator.endpoint + signedFor, 'GET', {
      ...headers,
      'x-odps-user-agent': 'changed',
      Authorization: authorization,
    });
    assertXmlError(otherHeader, 401, 'SignatureNotMatch');
  });

  test('an unknown access id is 401 with the invalid-credentials code', async () => {
    const stranger = new SignedClient(
      harness.emulator.endpoint,
      { ...DEMO_ACCOUNT, accessId: 'nobody' },
      harness.clock.read,
    );
    try {
      const { message } = assertXmlError(await create(stranger), 401, 'ODPS-0410051');
      assert.match(message, /nobody/);
    } finally {
      await stranger.close();
    }
  });

  test('a Date beyond the allowed skew is 403 RequestTimeTooSkewed and creates nothing', async () => {
    const before = await instanceCount();
    assertXmlError(await create(client, { date: new Date(harness.clock.now - 900_001) }), 403, 'RequestTimeTooSkewed');
    assertXmlError(
      await create(client, { date: new Date(harness.clock.now + 3_600_000) }),
      403,
      'RequestTimeTooSkewed',
    );
    assert.equal(await instanceCount(), before);
  });

  test('v4 signatures are accepted with the region taken from the Authorization scope', async () => {
    const reply = await client.send('GET', `/projects/${project}/instances`, { region: 'ap-southeast-1' });
    assert.equal(reply.status, 200, reply.body);
  });

  test('curr_project is signed like any parameter and otherwise ignored', async () => {
    const reply = await client.send('GET', `/projects/${project}/instances?curr_project=some_other_project`);
    assert.equal(reply.status, 200, reply.body);
  });
});

describe('STS accounts', () => {
  test('the authorization-sts-token header must match the account token', async () => {
    const account = { ...DEMO_ACCOUNT, accessId: 'sts-id', securityToken: 'sts-token-value' };
    const sts = await startHarness({ accounts: [account] }, account);
    assert.equal((await sts.get(`/projects/${sts.project}/instances`)).status, 200);
    const noToken = new SignedClient(sts.emulator.endpoint, { ...account, securityToken: undefined }, sts.clock.read);
    try {
      assertXmlError(await noToken.send('GET', `/projects/${sts.project}/instances`), 401, 'InvalidSecurityToken');
    } finally {
      await noToken.close();
    }
  });
});
