import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S3ExportStore } from '../../src/export/s3-export-store.ts';
import type { S3Operation } from '../../src/export/s3-operations.ts';
import { chunksOf, seededBytes, useEmbeddedS3 } from '../support/embedded-s3.ts';
import { SLACK_EXPORT_ACTIONS, WORKER_EXPORT_ACTIONS } from '../support/export-grants.ts';
import { exportLinksOn } from '../support/export-links.ts';

/**
 * What each function asks of S3, recorded by the embedded server (every request it answered): the
 * worker's export store going down every path it has (a small export, a multipart one, one aborted,
 * one whose source fails), then the links opened as a person in Slack opens them, which S3 checks
 * against the Slack function's role, whose credentials presigned them. Each role grants exactly the
 * IAM actions its requests need, on exactly the exports/ prefix (export-grants.ts, compared with the
 * packaged template by test/infra/serverless-package.test.ts): an action a role lacked would fail on
 * AWS while every local test passed.
 */
const { s3, client, records } = await useEmbeddedS3();
const { links, open } = exportLinksOn(s3);
const store = new S3ExportStore({ client, bucket: s3.bucket, links });
const MiB = 1024 * 1024;

/** The IAM action S3 authorizes each operation with (the Service Authorization Reference for S3). */
const IAM_ACTION_OF: Partial<Record<S3Operation, string>> = {
  PutObject: 's3:PutObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  AbortMultipartUpload: 's3:AbortMultipartUpload',
  ListParts: 's3:ListMultipartUploadParts',
  GetObject: 's3:GetObject',
  HeadObject: 's3:GetObject',
  DeleteObject: 's3:DeleteObject',
};

function upload(filename: string, body: AsyncIterable<Uint8Array>, signal?: AbortSignal) {
  return store.upload({
    project: 'odps_demo',
    instanceId: '20260519101349613gzbzufck2',
    filename,
    contentType: 'text/csv',
    body,
    signal,
  });
}

describe('the S3 calls of the export store', () => {
  it('are the ones each role grants, on objects under exports/ only: no more, and none granted unused', async () => {
    const small = await upload('small.csv', chunksOf(Buffer.from('a\n1\n')));
    const large = await upload('large.csv', seededBytes(9 * MiB).chunks);
    const controller = new AbortController();
    async function* abortedAfterOnePart(): AsyncGenerator<Uint8Array> {
      yield* seededBytes(9 * MiB).chunks;
      controller.abort();
      yield Buffer.alloc(1);
    }
    await assert.rejects(upload('aborted.csv', abortedAfterOnePart(), controller.signal));
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield* seededBytes(9 * MiB).chunks;
      throw new Error('the tunnel read failed');
    }
    await assert.rejects(upload('failing.csv', failing()));
    const byWorker = records.splice(0);
    for (const link of [small.url, large.url]) assert.equal((await open(link)).status, 200);
    const bySlack = records.splice(0);

    const actionsOf = (made: typeof records) =>
      [...new Set(made.map((each) => IAM_ACTION_OF[each.operation] ?? `unmapped ${each.operation}`))].sort();
    for (const needed of ['PutObject', 'CompleteMultipartUpload', 'AbortMultipartUpload'] as const) {
      assert.ok(
        byWorker.some((each) => each.operation === needed),
        `${needed} was exercised`,
      );
    }
    assert.deepEqual(
      [...byWorker, ...bySlack].filter((each) => each.bucket !== s3.bucket || !each.key?.startsWith('exports/')),
      [],
      'every request is for an object under exports/',
    );
    assert.deepEqual(actionsOf(byWorker), [...WORKER_EXPORT_ACTIONS].sort(), 'the worker');
    assert.deepEqual(actionsOf(bySlack), [...SLACK_EXPORT_ACTIONS].sort(), 'the Slack function');
  });
});
