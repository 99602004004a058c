import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { MaxComputeChecksumError, MaxComputeRequestError } from '../../src/maxcompute/errors.ts';
import { authorizationHeader } from '../../src/maxcompute/signer.ts';
import { noRetryPolicy, rapidRetryPolicy } from '../../src/shared/retry-policy.ts';
import { quickly, useEmulator } from '../support/emulator.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { assertXmlError } from './support/assertions.ts';
import { startHarness } from './support/harness.ts';
import { rawRequest, SignedClient } from './support/signed-client.ts';

/**
 * The emulator's Instance Tunnel (docs/maxcompute-protocol.md, "The Instance Tunnel"), over HTTP on
 * its /tunnel mount: sessions, ranges, refusals, signatures and faults. Bodies are read raw here;
 * decoding them is the client's (test/maxcompute/tunnel/).
 */
const h = await startHarness({ defaultDurationMs: 10 });
const tunnel = new SignedClient(`${h.emulator.url}/tunnel`, DEMO_ACCOUNT, h.clock.read);
after(() => tunnel.close());
const V6 = { headers: { 'x-odps-tunnel-version': '6' } };

async function finishedSelect(sql: string): Promise<string> {
  const id = await h.submit(sql);
  h.clock.advance(60_000);
  assert.equal(await h.status(id), 'Terminated');
  return id;
}

const instances = (id: string, query: string) => `/projects/${h.project}/instances/${id}?${query}`;

async function session(id: string): Promise<{ DownloadID: string; RecordCount: number; Schema: unknown }> {
  const reply = await tunnel.send('POST', instances(id, 'downloads'), V6);
  assert.equal(reply.status, 200, reply.body);
  assert.match(reply.headers['content-type'] ?? '', /json/);
  return JSON.parse(reply.body);
}

describe('sessions', () => {
  test('a session gives the whole row count (no 10,000 cap) and the schema in the JSON the SDKs read', async () => {
    const id = await finishedSelect("select range as id, 'x' || range as s from range(12345)");
    const body = await session(id);
    assert.match(body.DownloadID, /^\d{14}[0-9a-f]{16}$/);
    assert.equal(body.RecordCount, 12_345);
    assert.deepEqual(body.Schema, {
      columns: [
        { name: 'id', type: 'bigint', comment: '', nullable: true },
        { name: 's', type: 'string', comment: '', nullable: true },
      ],
      partitionKeys: [],
    });
    const again = await tunnel.send('GET', instances(id, `downloadid=${body.DownloadID}`), V6);
    assert.equal(JSON.parse(again.body).DownloadID, body.DownloadID);
    const limited = await tunnel.send('POST', instances(id, 'downloads&instance_tunnel_limit_enabled'), V6);
    assert.equal(JSON.parse(limited.body).RecordCount, 10_000);
  });

  test('refusals: unknown instance, running instance, failed instance, non-SELECT, the main endpoint', async () => {
    assertXmlError(
      await tunnel.send('POST', instances('20000101000000000gnotthere', 'downloads'), V6),
      404,
      'NoSuchObject',
    );
    const running = await h.submit('select 1');
    assertXmlError(await tunnel.send('POST', instances(running, 'downloads'), V6), 409, 'StatusConflict');
    const failed = await h.submit('select 1', { settings: { 'emulator.fail': 'boom' } });
    h.clock.advance(60_000);
    assertXmlError(await tunnel.send('POST', instances(failed, 'downloads'), V6), 400, 'InvalidArgument');
    const ddl = await finishedSelect('create table t_tunnel_ddl (a bigint)');
    assertXmlError(await tunnel.send('POST', instances(ddl, 'downloads'), V6), 400, 'InvalidArgument');
    assertXmlError(await h.client.send('POST', instances(ddl, 'downloads'), V6), 405, 'MethodNotAllowed');
  });
});

describe('data', () => {
  test('a range is an octet stream; deflate when asked; unknown sessions and bad ranges are refused', async () => {
    const id = await finishedSelect('select range as id from range(100)');
    const { DownloadID } = await session(id);
    const data = (range: string, extra: Record<string, string> = {}) =>
      tunnel.send('GET', instances(id, `downloadid=${DownloadID}&rowrange=${encodeURIComponent(range)}&data`), {
        headers: { ...V6.headers, ...extra },
      });
    const plain = await data('(0,100)');
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-type'], 'application/octet-stream');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal((await data('(0,100)', { 'Accept-Encoding': 'deflate' })).headers['content-encoding'], 'deflate');
    for (const bad of ['(90,11)', '(101,0)', '0,10', '(-1,5)', '']) {
      assertXmlError(await data(bad), 400, 'InvalidRowRange');
    }
    const unknown = await tunnel.send('GET', instances(id, 'downloadid=nosuchsession&rowrange=(0,1)&data'), V6);
    assertXmlError(unknown, 404, 'NoSuchDownload');
    const other = await finishedSelect('select 2');
    const elsewhere = await tunnel.send('GET', instances(other, `downloadid=${DownloadID}&rowrange=(0,1)&data`), V6);
    assertXmlError(elsewhere, 404, 'NoSuchDownload');
  });

  test('signatures are checked as for every request: a wrong secret, a missing one, a tampered header', async () => {
    const id = await finishedSelect('select 1');
    const wrong = new SignedClient(`${h.emulator.url}/tunnel`, { ...DEMO_ACCOUNT, secret: 'wrong' }, h.clock.read);
    after(() => wrong.close());
    assertXmlError(await wrong.send('POST', instances(id, 'downloads'), V6), 401, 'SignatureNotMatch');
    assertXmlError(
      await tunnel.send('POST', instances(id, 'downloads'), { unsigned: true }),
      401,
      'AuthorizationRequired',
    );
    // x-odps-tunnel-version is signed: a signature made for version 6 does not cover version 5.
    const resource = instances(id, 'downloads');
    const headers: Record<string, string> = {
      Date: new Date(h.clock.read()).toUTCString(),
      'x-odps-tunnel-version': '6',
    };
    headers.Authorization = authorizationHeader(
      DEMO_ACCOUNT,
      { method: 'POST', resource, headers },
      new Date(h.clock.read()),
    );
    const url = `${h.emulator.url}/tunnel${resource}`;
    assert.equal((await rawRequest(url, 'POST', headers)).status, 200);
    assertXmlError(
      await rawRequest(url, 'POST', { ...headers, 'x-odps-tunnel-version': '5' }),
      401,
      'SignatureNotMatch',
    );
  });
});

describe('faults, through the client', () => {
  test('5xx and dropped connections are retried per range; a corrupted checksum is retried, never accepted', async () => {
    const e = await useEmulator({ random: seededRandom(15) });
    const client = e.client({ retryPolicy: { ...rapidRetryPolicy, retries: 8 } });
    const instance = await client.executeSql('select range as id from range(3000)', quickly);
    e.emulator.faults.set({ corruptChecksumRate: 1 });
    await assert.rejects(
      async () => {
        const reader = await instance.openResultReader({ rangeSize: 1000 });
        for await (const _ of reader.rows());
      },
      (error: unknown) => error instanceof MaxComputeChecksumError && error.row === 500,
    );
    e.emulator.faults.set({ corruptChecksumRate: 0.15, errorRate: 0.1, dropAfterProcessRate: 0.1, latencyMs: 2 });
    const reader = await instance.openResultReader({ rangeSize: 250 });
    let expected = 0n;
    for await (const rows of reader.rows()) {
      for (const [id] of rows) assert.equal(id, expected++);
    }
    assert.equal(expected, 3000n);
    e.emulator.faults.reset();
    const once = e.client({ retryPolicy: noRetryPolicy });
    const cut = await once.openResultReader(instance.id);
    e.emulator.faults.set({ dropAfterProcessRate: 1 });
    await assert.rejects(async () => {
      for await (const _ of cut.rows());
    }, MaxComputeRequestError);
    e.emulator.faults.reset();
  });
});
