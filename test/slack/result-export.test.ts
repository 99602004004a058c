import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { DownloadLinks } from '../../src/export/download-links.ts';
import { exportKey } from '../../src/export/export-key.ts';
import { answerThroughLambda, openThroughLambda, TEST_PUBLIC_URL } from '../support/export-links.ts';
import { PROJECT, SIGNING_SECRET, useFrontDoor } from '../support/front-door.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * `/odps result` on a result the result API cut: the whole result through the Instance Tunnel, or,
 * when that cannot be, a clear word in the thread and the API's partial CSV called partial.
 */
const WIDE_JOIN = 'select a.*, b.* from pyodps_iris a cross join pyodps_iris b';
const NO_DOWNLOAD = { accessId: 'NoDownloadId', secret: 'no-download-secret', owner: 'ALIYUN$nodl@example.com' };

async function resultOf(door: Awaited<ReturnType<typeof useFrontDoor>>, id: string) {
  const key = { project: PROJECT, instanceId: id };
  await waitFor(async () => ((await door.parts.gateway.describe(key)).status === 'Terminated' ? true : undefined));
  const before = door.standin.files().length;
  const posts = door.standin.channel('C0CHAN').length;
  await door.command(`result ${id}`);
  await door.drain();
  return {
    files: door.standin.files().slice(before),
    messages: door.standin
      .channel('C0CHAN')
      .slice(posts)
      .map((message) => JSON.stringify(message.blocks ?? message.text)),
  };
}

describe('exporting a whole result', () => {
  it('gzips a large CSV: the file unpacks to every row', async () => {
    const door = await useFrontDoor({ env: { ODPS_EXPORT_GZIP_ABOVE_MB: '0' } });
    const id = await door.run(WIDE_JOIN);
    const { files } = await resultOf(door, id);
    const file = files.find((each) => each.filename === `${id}.csv.gz`);
    assert.ok(file, JSON.stringify(files.map((each) => each.filename)));
    const csv = gunzipSync(file.content).toString();
    assert.equal(csv.trimEnd().split('\n').length, 22_501);
    assert.match(
      file.initialComment ?? '',
      /^Full result as gzipped CSV \(22,500 rows, [\d.]+ KB; [\d.]+ MB unpacked\)/,
    );
  });

  it('says why when it is larger than Slack takes and no bucket is configured, then attaches the partial CSV', async () => {
    const door = await useFrontDoor({ env: { ODPS_EXPORT_SLACK_MAX_MB: '1', ODPS_EXPORT_GZIP_ABOVE_MB: '100' } });
    const id = await door.run(WIDE_JOIN);
    const { files, messages } = await resultOf(door, id);
    assert.ok(
      messages.some((text) => /whole result could not be exported .*ODPS_EXPORT_BUCKET/.test(text)),
      messages.join('\n'),
    );
    const partial = files.find((each) => each.filename === `${id}.csv`);
    assert.match(partial?.initialComment ?? '', /^Partial result as CSV: the first 10,000 rows/);
  });

  it('keeps a file larger than Slack takes in the bucket and links it; the link gives every byte', async () => {
    const door = await useFrontDoor({
      env: { ODPS_EXPORT_SLACK_MAX_MB: '1', ODPS_EXPORT_GZIP_ABOVE_MB: '100' },
      exportBucket: true,
    });
    const id = await door.run(WIDE_JOIN);
    const { files, messages } = await resultOf(door, id);
    assert.deepEqual(files, [], 'nothing uploaded to Slack');
    const note = messages.find((text) => text.includes('stored for you'));
    assert.ok(note, messages.join('\n'));
    assert.match(note, /Full result as CSV \(22,500 rows, 1\.\d MB\): larger than 1 MB/);
    const url = /<(https:\/\/odps-chatops\.example\/exports\/[^|]+)\|download [^>]+\.csv>/.exec(
      JSON.parse(note)[0].text.text,
    )?.[1];
    assert.ok(url, note);
    // Opened as API Gateway hands the Slack function a GET: no Slack signature, a redirect to S3.
    const response = await openThroughLambda(door.slack, url);
    assert.equal(response.status, 200);
    const expected = await door.parts.gateway.exportResult({ project: PROJECT, instanceId: id });
    let csv = '';
    for await (const chunk of expected.csv()) csv += chunk;
    assert.equal(await response.text(), csv);
  });

  it('names the permission when the project refuses the download, then attaches the partial CSV', async () => {
    const door = await useFrontDoor({
      emulator: { accounts: [DEMO_ACCOUNT, { ...NO_DOWNLOAD, deniedActions: ['odps:Download'] }] },
      secrets: { credentials: NO_DOWNLOAD },
    });
    const id = await door.run(WIDE_JOIN);
    const { files, messages } = await resultOf(door, id);
    const refusal = messages.find((text) => text.includes('refused to export'));
    assert.ok(refusal, messages.join('\n'));
    assert.match(refusal, /Download permission on the instance \(odps:Download\)/);
    assert.match(refusal, /NoPermission: ODPS-0420095: Access Denied/);
    const partial = files.find((each) => each.filename === `${id}.csv`);
    assert.match(partial?.initialComment ?? '', /^Partial result as CSV: the first 10,000 rows/);
    assert.equal(partial?.content.toString().trimEnd().split('\n').length, 10_001);
  });

  it('the Slack function answers export links: expired, forged and cut ones get a page, never the file', async () => {
    const door = await useFrontDoor({ exportBucket: true });
    const key = exportKey(PROJECT, '20260519101349613gzbzufck2', 'result.csv.gz');
    const ours = new DownloadLinks({ secret: SIGNING_SECRET, baseUrl: TEST_PUBLIC_URL });
    const expired = await answerThroughLambda(door.slack, ours.mint(key, new Date(Date.now() - 1000)), {
      'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8',
    });
    assert.equal(expired.status, 410);
    assert.match(expired.body, /此导出已过期/);
    assert.match(expired.body, /\/odps result 20260519101349613gzbzufck2 --csv/);
    assert.equal(expired.headers['cache-control'], 'no-store');

    const valid = ours.mint(key, new Date(Date.now() + 60_000));
    assert.equal((await answerThroughLambda(door.slack, valid)).status, 302);
    const forged = new DownloadLinks({ secret: 'another-apps-secret', baseUrl: TEST_PUBLIC_URL });
    for (const url of [
      forged.mint(key, new Date(Date.now() + 60_000)),
      valid.slice(0, -3),
      `${TEST_PUBLIC_URL}/exports/`,
    ]) {
      const answer = await answerThroughLambda(door.slack, url);
      assert.equal(answer.status, 404, url);
      assert.match(answer.body, /Not an export link/);
      assert.doesNotMatch(answer.body, /X-Amz/);
    }
  });

  it('without an export bucket, /exports/ is not found and Slack’s route is unchanged', async () => {
    const door = await useFrontDoor();
    const link = new DownloadLinks({ secret: SIGNING_SECRET, baseUrl: TEST_PUBLIC_URL }).mint(
      exportKey(PROJECT, '20260519101349613gzbzufck2', 'result.csv'),
      new Date(Date.now() + 60_000),
    );
    assert.equal((await answerThroughLambda(door.slack, link)).status, 404);
    assert.equal((await door.command('help')).statusCode, 200);
  });
});
