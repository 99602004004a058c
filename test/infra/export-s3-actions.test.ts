import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { S3ExportStore } from '../../src/export/s3-export-store.ts';
import type { S3Operation } from '../../src/export/s3-operations.ts';
import { chunksOf, seededBytes, useEmbeddedS3 } from '../support/embedded-s3.ts';
import { EXPORT_BUCKET_ACTIONS } from '../support/export-grants.ts';

/**
 * What the export store asks of S3, recorded by the embedded server (every request it answered)
 * while the store goes down every path it has: a small export, a multipart one, one aborted, one
 * whose source fails, and the link read as a person in Slack reads it. The worker's role grants
 * exactly the IAM actions these need, on exactly the exports/ prefix (EXPORT_BUCKET_GRANTS, compared
 * with the packaged template by test/infra/serverless-package.test.ts): an action the role lacked
 * would fail every export on AWS while every local test passed.
 */
const { s3, client, records } = await useEmbeddedS3();
const store = new S3ExportStore({ client, bucket: s3.bucket });
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
  it('are the ones the worker’s role grants, on objects under exports/ only: no more, and none granted unused', async () => {
    const small = await upload('small.csv', chunksOf(Buffer.from('a\n1\n')));
    const large = await upload('large.csv', seededBytes(9 * MiB).chunks);
    for (const link of [small.url, large.url]) assert.equal((await fetch(link)).status, 200);
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

    const operations = new Set(records.map((each) => each.operation));
    for (const needed of ['PutObject', 'CompleteMultipartUpload', 'AbortMultipartUpload', 'GetObject'] as const) {
      assert.ok(operations.has(needed), `${needed} was exercised`);
    }
    assert.deepEqual(
      records.filter((each) => each.bucket !== s3.bucket || !each.key?.startsWith('exports/')),
      [],
      'every request is for an object under exports/',
    );
    const actions = new Set([...operations].map((operation) => IAM_ACTION_OF[operation] ?? `unmapped ${operation}`));
    assert.deepEqual([...actions].sort(), [...EXPORT_BUCKET_ACTIONS].sort());
  });
});
