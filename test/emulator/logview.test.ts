import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertXmlError } from './support/assertions.ts';
import { startHarness } from './support/harness.ts';
import { parseXmlBody, rawRequest } from './support/signed-client.ts';

/** Logview v1: the token request, the host discovery, and the emulator's own Logview page. */

const h = await startHarness({ defaultDurationMs: 1000 });

function policy(instanceId: string, hours = 720, project = h.project): string {
  return JSON.stringify({
    expires_in_hours: hours,
    policy: {
      Statement: [
        { Action: ['odps:Read'], Effect: 'Allow', Resource: `acs:odps:*:projects/${project}/instances/${instanceId}` },
      ],
      Version: '1',
    },
  });
}

async function token(body: string) {
  return h.client.send('POST', `/projects/${h.project}/authorization?sign_bearer_token`, {
    body,
    contentType: 'application/json',
  });
}

async function tokenFor(instanceId: string, hours?: number): Promise<string> {
  const reply = await token(policy(instanceId, hours));
  assert.equal(reply.status, 200, reply.body);
  return (parseXmlBody(reply.body) as { Authorization: { Result: string } }).Authorization.Result;
}

/** The link exactly as PyODPS builds it: no URL-encoding at all. */
async function openLogview(instanceId: string, tokenValue: string) {
  const hostReply = await h.get('/logview/host');
  const link = `${hostReply.body}/logview/?h=${h.emulator.endpoint}&p=${h.project}&i=${instanceId}&token=${tokenValue}`;
  return rawRequest(link, 'GET', {});
}

describe('Logview', () => {
  test('the host is the emulator itself and the page renders everything escaped', async () => {
    assert.equal((await h.get('/logview/host')).body, h.emulator.url);
    const sql = `select '<script>alert("x")</script>' as "<b>col</b>", 'a & b' as amp`;
    const id = await h.submit(sql);
    const tokenValue = await tokenFor(id);
    const running = await openLogview(id, tokenValue);
    assert.equal(running.status, 200);
    assert.match(running.headers['content-type'] ?? '', /text\/html/);
    assert.ok(running.body.includes(id));
    assert.ok(running.body.includes('Running'));
    assert.ok(running.body.includes('M1_job_0'));
    h.clock.advance(1000);
    const page = (await openLogview(id, tokenValue)).body;
    assert.ok(page.includes('Terminated') && page.includes('Success'));
    assert.ok(!page.includes('<script>'), 'no raw script tag');
    assert.ok(!page.includes('<b>col'), 'no raw markup from a column name');
    assert.ok(page.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 'SQL and result text are escaped');
    assert.ok(page.includes('a &amp; b'));
    assert.ok(page.includes('ALIYUN$developer@example.com'));
  });

  test('a failed instance shows its error text, escaped', async () => {
    const id = await h.submit('select * from "<missing>"');
    h.clock.advance(1000);
    const page = (await openLogview(id, await tokenFor(id))).body;
    assert.match(page, /ODPS-0130131:\[1,15\] Table not found - table emu_proj\.&lt;missing&gt; cannot be resolved/);
    assert.ok(page.includes('&lt;missing&gt;') && !page.includes('<missing>'));
  });

  test('bad, tampered, foreign and expired tokens get a 403 page', async () => {
    const id = await h.submit('select 1');
    const other = await h.submit('select 2');
    const good = await tokenFor(id, 1);
    assert.equal((await openLogview(id, good)).status, 200);
    assert.equal((await openLogview(id, 'garbage')).status, 403);
    const [payload = '', signature = ''] = good.split('.');
    const forged = `${Buffer.from(JSON.stringify({ project: h.project, instance: '*', expiresAt: 9e15 })).toString('base64url')}.${signature}`;
    assert.equal((await openLogview(id, forged)).status, 403);
    assert.equal((await openLogview(id, `${payload}.${signature.slice(1)}x`)).status, 403);
    assert.equal((await openLogview(other, good)).status, 403);
    h.clock.advance(3_600_000);
    const expired = await openLogview(id, good);
    assert.equal(expired.status, 403);
    assert.match(expired.body, /expired/);
  });

  test('token requests that are not JSON or have no Resource are 400', async () => {
    assertXmlError(await token('{"expires_in_hours": 1'), 400, 'ODPS-0420061');
    assertXmlError(
      await token(JSON.stringify({ policy: { Statement: [{ Action: ['odps:Read'] }] } })),
      400,
      'ODPS-0420061',
    );
    assertXmlError(await token(policy('x', 1, 'another_project')), 400, 'ODPS-0420061');
  });
});

describe('host discovery options', () => {
  test('logviewHost null and the default jobInsightHost answer 404; configured hosts answer text', async () => {
    const none = await startHarness({ logviewHost: null });
    assertXmlError(await none.get('/logview/host'), 404, 'NoSuchObject');
    assertXmlError(await none.get('/webconsole/host'), 404, 'NoSuchObject');
    const set = await startHarness({
      logviewHost: 'http://logview.example.com',
      jobInsightHost: 'https://mc.example.com',
    });
    assert.equal((await set.get('/logview/host')).body, 'http://logview.example.com');
    assert.equal((await set.get('/webconsole/host')).body, 'https://mc.example.com');
  });
});
