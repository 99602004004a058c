import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useStandin, webClientFor } from './harness.ts';

const standin = await useStandin();
const client = webClientFor(standin);

describe('files upload v2', () => {
  it('takes a CSV through filesUploadV2 into files() with its exact bytes and into the thread', async () => {
    const card = await client.chat.postMessage({ channel: 'C1', text: 'job card' });
    const csv = 'id,name,note\n1,ä,"quoted, comma"\n2,∅,\n';
    const uploaded = await client.filesUploadV2({
      channel_id: 'C1',
      thread_ts: card.ts as string,
      content: csv,
      filename: 'result.csv',
      title: 'Full result',
      initial_comment: '2 rows',
    });
    assert.equal(uploaded.ok, true);

    const [file, ...others] = standin.files();
    assert.equal(others.length, 0);
    assert.ok(file);
    assert.equal(file.filename, 'result.csv');
    assert.equal(file.title, 'Full result');
    assert.equal(file.channelId, 'C1');
    assert.equal(file.threadTs, card.ts);
    assert.equal(file.initialComment, '2 rows');
    assert.deepEqual(file.content, Buffer.from(csv, 'utf8'));

    const [, fileMessage] = standin.channel('C1');
    assert.deepEqual(fileMessage?.files, [file.id]);
    assert.equal(fileMessage?.threadTs, card.ts);
    assert.equal(fileMessage?.text, '2 rows');

    const reserved = standin.calls('files.getUploadURLExternal')[0];
    assert.equal(reserved?.args.length, String(Buffer.byteLength(csv)));
    assert.equal(standin.calls('files.completeUploadExternal').length, 1);
  });

  it('refuses to complete a file whose bytes never arrived', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'a.csv', length: 3 });
    assert.match(reserved.upload_url ?? '', new RegExp(`^${standin.url}/upload/F\\d+$`));
    await assert.rejects(
      client.files.completeUploadExternal({ files: [{ id: reserved.file_id as string }], channel_id: 'C2' }),
      /file_not_found/,
    );
    assert.deepEqual(standin.channel('C2'), []);
  });

  it('keeps a file completed without a channel private: listed, but in no channel', async () => {
    const reserved = await client.files.getUploadURLExternal({ filename: 'raw.bin', length: 3 });
    const upload = await fetch(reserved.upload_url as string, { method: 'POST', body: new Uint8Array([0, 255, 7]) });
    assert.equal(upload.status, 200);
    await client.files.completeUploadExternal({ files: [{ id: reserved.file_id as string, title: 'raw' }] });
    const file = standin.files().find((candidate) => candidate.id === reserved.file_id);
    assert.deepEqual(file?.content, Buffer.from([0, 255, 7]));
    assert.equal(file?.channelId, undefined);
  });
});
