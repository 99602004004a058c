import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { S3Client } from '@aws-sdk/client-s3';
import { localS3Client, localS3Location, startEmbeddedS3 } from '../../src/export/embedded-s3.ts';
import type { ExportBody } from '../../src/export/export-body.ts';
import { exportKey } from '../../src/export/export-key.ts';
import { ExportStoreError, ExportStoreErrorCode } from '../../src/export/export-store-errors.ts';
import { S3ExportStore } from '../../src/export/s3-export-store.ts';
import { S3ObjectPresigner } from '../../src/export/s3-object-presigner.ts';
import { chunksOf, seededBytes, useEmbeddedS3 } from '../support/embedded-s3.ts';
import { exportLinksOn, TEST_PUBLIC_URL } from '../support/export-links.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * How the export store fails, against real loopback servers: the embedded S3 server, one that has
 * stopped, and one that only answers "503 Slow Down". Every failure is an ExportStoreError with a
 * stable code, and an upload that does not finish leaves no object behind.
 */
const { s3, client, records } = await useEmbeddedS3();
const { links } = exportLinksOn(s3);
const store = new S3ExportStore({ client, bucket: s3.bucket, links });
const PROJECT = 'odps_demo';
const INSTANCE = '20260519101349613gzbzufck2';
const MiB = 1024 * 1024;
/** A secret no message may contain. */
const SECRET = 'never-in-an-error-message-0123456789';

function request(filename: string, body: ExportBody, signal?: AbortSignal) {
  return { project: PROJECT, instanceId: INSTANCE, filename, contentType: 'text/csv' as const, body, signal };
}

function clientWith(endpoint: string, accessKeyId: string, secretAccessKey = SECRET): S3Client {
  const made = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
  after(() => made.destroy());
  return made;
}

async function storeError(pending: Promise<unknown>): Promise<ExportStoreError> {
  const error = await pending.then(
    () => assert.fail('expected a rejection'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof ExportStoreError, String(error));
  for (const text of [error.message, String(error.stack), JSON.stringify(error)]) assert.ok(!text.includes(SECRET));
  return error;
}

/** The object is not there: its link answers 404. */
async function assertNoObject(filename: string): Promise<void> {
  const url = await new S3ObjectPresigner(localS3Location(s3)).presignGet(
    exportKey(PROJECT, INSTANCE, filename),
    new Date(),
  );
  const response = await fetch(url);
  assert.equal(response.status, 404, await response.text());
}

describe('S3ExportStore: S3 failing', () => {
  it('S3 not listening (connection refused): export_store_unavailable, retryable', async () => {
    const stopped = await startEmbeddedS3();
    await stopped.close();
    const unreachable = new S3ExportStore({
      client: clientWith(stopped.endpoint, 'S3RVER'),
      bucket: stopped.bucket,
      links,
    });
    const error = await storeError(unreachable.upload(request('a.csv', chunksOf(Buffer.from('a\n')))));
    assert.equal(error.code, ExportStoreErrorCode.Unavailable);
    assert.equal(error.retryable, true);
    assert.equal(error.s3Code, 'ECONNREFUSED');
  });

  it('503 Slow Down (throttling): retryable, with S3’s code and status', async () => {
    const slow = createServer((_, response) => {
      response.writeHead(503, { 'content-type': 'application/xml' });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    after(() => slow.close());
    const endpoint = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    const throttled = new S3ExportStore({ client: clientWith(endpoint, 'S3RVER'), bucket: 'bucket', links });
    const error = await storeError(throttled.upload(request('a.csv', chunksOf(Buffer.from('a\n')))));
    assert.equal(error.code, ExportStoreErrorCode.Unavailable);
    assert.deepEqual([error.retryable, error.s3Code, error.httpStatus], [true, 'SlowDown', 503]);
  });

  it('refusals are not retryable: a missing bucket, an unknown key pair, a wrong secret', async () => {
    const missing = new S3ExportStore({ client, bucket: 'no-such-bucket', links });
    const noBucket = await storeError(missing.upload(request('a.csv', chunksOf(Buffer.from('a\n')))));
    assert.deepEqual(
      [noBucket.code, noBucket.retryable, noBucket.s3Code, noBucket.httpStatus],
      [ExportStoreErrorCode.Unavailable, false, 'NoSuchBucket', 404],
    );
    for (const [accessKeyId, code] of [
      ['NOT-A-KEY', 'InvalidAccessKeyId'],
      ['S3RVER', 'SignatureDoesNotMatch'],
    ] as const) {
      const refused = new S3ExportStore({ client: clientWith(s3.endpoint, accessKeyId), bucket: s3.bucket, links });
      const error = await storeError(refused.upload(request('a.csv', chunksOf(Buffer.from('a\n')))));
      assert.deepEqual([error.retryable, error.s3Code, error.httpStatus], [false, code, 403]);
    }
    await assertNoObject('a.csv');
  });
});

describe('S3ExportStore: uploads that do not finish', () => {
  it('aborted mid-upload, the source stalled: the multipart upload is aborted, no object is left, the source is destroyed', async () => {
    const mark = records.length;
    // A Node stream that gives 10 MiB and then nothing more: MaxCompute has gone quiet.
    const bytes = seededBytes(10 * MiB).chunks;
    const stalled = new Readable({
      read() {
        bytes.next().then((next) => {
          if (!next.done) this.push(next.value);
        });
      },
    });
    const controller = new AbortController();
    const pending = store.upload(request('aborted.csv', stalled, controller.signal));
    await waitFor(() => (records.slice(mark).some((each) => each.operation === 'UploadPart') ? true : undefined));
    controller.abort(new Error('the worker ran out of time'));
    const error = await storeError(pending);
    assert.equal(error.code, ExportStoreErrorCode.Aborted);
    assert.equal(error.retryable, false);
    assert.equal((error.cause as Error).message, 'the worker ran out of time');
    assert.deepEqual(
      records.slice(mark).map((each) => `${each.operation} ${each.status}`),
      ['CreateMultipartUpload 200', 'UploadPart 200', 'AbortMultipartUpload 204'],
    );
    await assertNoObject('aborted.csv');
    await waitFor(() => (stalled.destroyed ? true : undefined));
  });

  it('a source that fails: its own error, the multipart upload aborted, no object', async () => {
    const mark = records.length;
    const broken = new Error('the tunnel read failed');
    async function* failsAfterNineMiB(): AsyncGenerator<Uint8Array> {
      yield* seededBytes(9 * MiB).chunks;
      throw broken;
    }
    await assert.rejects(store.upload(request('broken.csv', failsAfterNineMiB())), (error) => error === broken);
    const operations = records.slice(mark).map((each) => each.operation);
    assert.equal(operations.at(-1), 'AbortMultipartUpload');
    assert.ok(!operations.includes('CompleteMultipartUpload'));
    await assertNoObject('broken.csv');
  });

  it('a signal already aborted: nothing is sent', async () => {
    const mark = records.length;
    const error = await storeError(store.upload(request('never.csv', chunksOf(), AbortSignal.abort())));
    assert.equal(error.code, ExportStoreErrorCode.Aborted);
    assert.deepEqual(records.slice(mark), []);
  });

  it('AbortMultipartUpload of an upload that is not there answers NoSuchUpload, as S3 does', async () => {
    const response = await fetch(`${s3.endpoint}/${s3.bucket}/exports/x.csv?uploadId=${'0'.repeat(32)}`, {
      method: 'DELETE',
    });
    assert.equal(response.status, 404);
    assert.match(await response.text(), /<Code>NoSuchUpload<\/Code>/);
  });
});

it('localS3Client speaks path-style to the embedded server with its key pair', async () => {
  const local = localS3Client(s3.endpoint);
  after(() => local.destroy());
  const stored = await new S3ExportStore({ client: local, bucket: s3.bucket, links }).upload(
    request('local.csv', chunksOf(Buffer.from('x\n'))),
  );
  assert.ok(stored.url.startsWith(`${TEST_PUBLIC_URL}/exports/`));
  assert.deepEqual(links.check(new URL(stored.url).pathname, new Date()).kind, 'valid');
});
