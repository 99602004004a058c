import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * `/odps result` on a result the result API cut: the whole result through the Instance Tunnel, or,
 * when that cannot be, a clear word in the thread and the API's partial CSV called partial.
 */
const WIDE_JOIN = 'select a.*, b.* from pyodps_iris a cross join pyodps_iris b';
const NO_DOWNLOAD = { accessId: 'NoDownloadId', secret: 'no-download-secret', owner: 'ALIYUN$nodl@example.com' };

async function resultOf(door: Awaited<ReturnType<typeof useFrontDoor>>, id: string) {
  const key = { project: PROJECT, instanceId: id };
  await waitFor(async () =>
    (await door.frontDoor.deps.gateway.describe(key)).status === 'Terminated' ? true : undefined,
  );
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
    const url = /<(http:\/\/127\.0\.0\.1:\d+\/[^|]+)\|download [^>]+\.csv>/.exec(JSON.parse(note)[0].text.text)?.[1];
    assert.ok(url, note);
    const response = await fetch(url.replaceAll('&amp;', '&'));
    assert.equal(response.status, 200);
    const expected = await door.frontDoor.deps.gateway.exportResult({ project: PROJECT, instanceId: id });
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
});
