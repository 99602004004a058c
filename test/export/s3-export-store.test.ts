import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_S3_CREDENTIALS } from '../../src/export/embedded-s3.ts';
import { EXPORT_PART_SIZE, exportKey, MAX_PRESIGN_SECONDS, S3ExportStore } from '../../src/export/s3-export-store.ts';
import { chunksOf, seededBytes, sha256, useEmbeddedS3 } from '../support/embedded-s3.ts';

/**
 * The export store against the embedded S3 server (s3rver, on loopback, checking SigV4): what it
 * stores is read back the way a person in Slack reads it, with a plain GET of the presigned link.
 */
const { s3, client, records } = await useEmbeddedS3();
const store = new S3ExportStore({ client, bucket: s3.bucket });
const PROJECT = 'odps_demo';
const INSTANCE = '20260519101349613gzbzufck2';
const MiB = 1024 * 1024;

function since(mark: number) {
  return records.slice(mark);
}

describe('S3ExportStore: upload and link', () => {
  it('streams 20 MiB made as it is read in 8 MiB parts, and the link gives back the same bytes', async () => {
    const mark = records.length;
    const source = seededBytes(20 * MiB);
    let pulledAtFirstPart = -1;
    const watching = setInterval(() => {
      if (pulledAtFirstPart < 0 && since(mark).some((each) => each.operation === 'UploadPart')) {
        pulledAtFirstPart = source.pulled();
      }
    }, 1);
    const started = Date.now();
    const stored = await store
      .upload({
        project: PROJECT,
        instanceId: INSTANCE,
        filename: 'result.csv',
        contentType: 'text/csv',
        body: source.chunks,
      })
      .finally(() => clearInterval(watching));

    assert.equal(stored.key, `exports/${PROJECT}/${INSTANCE}/result.csv`);
    assert.equal(stored.bucket, s3.bucket);
    assert.equal(stored.size, 20 * MiB);
    const operations = since(mark).map((each) => each.operation);
    assert.deepEqual(operations, [
      'CreateMultipartUpload',
      'UploadPart',
      'UploadPart',
      'UploadPart',
      'CompleteMultipartUpload',
    ]);
    assert.ok(since(mark).every((each) => each.status === 200 && each.key === stored.key));
    assert.equal(since(mark)[0]?.serverSideEncryption, 'AES256', 'encryption is asked for');
    // Back-pressure: the source is read at most a few parts ahead of what S3 has taken.
    assert.ok(
      pulledAtFirstPart >= EXPORT_PART_SIZE && pulledAtFirstPart <= 3 * EXPORT_PART_SIZE,
      `${pulledAtFirstPart} bytes read when the first part had arrived`,
    );

    const response = await fetch(stored.url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="result.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(bytes.byteLength, 20 * MiB);
    assert.equal(sha256(bytes), source.sha256());
    const week = started + MAX_PRESIGN_SECONDS * 1000;
    assert.ok(Math.abs(stored.expiresAt.getTime() - week) < 60_000, stored.expiresAt.toISOString());
    assert.equal(stored.limitedByCredentials, false);
  });

  it('a gzipped CSV is stored as application/gzip under its file name, never as Content-Encoding', async () => {
    const mark = records.length;
    const gz = gzipSync(Buffer.from('id,name\n1,Ada\n2,李雷\n'));
    const stored = await store.upload({
      project: PROJECT,
      instanceId: INSTANCE,
      filename: 'result.csv.gz',
      contentType: 'application/gzip',
      body: chunksOf(gz),
    });
    // Smaller than a part: one PutObject.
    assert.deepEqual(
      since(mark).map((each) => [each.operation, each.serverSideEncryption]),
      [['PutObject', 'AES256']],
    );
    assert.equal(stored.size, gz.byteLength);
    const response = await fetch(stored.url);
    assert.equal(response.headers.get('content-type'), 'application/gzip');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="result.csv.gz"');
    assert.equal(response.headers.get('content-encoding'), null);
    const body = Buffer.from(await response.arrayBuffer());
    assert.ok(body.equals(gz));
    assert.equal(gunzipSync(body).toString('utf8'), 'id,name\n1,Ada\n2,李雷\n');
  });

  it('an empty result is an empty object, not an error', async () => {
    const stored = await store.upload({
      project: PROJECT,
      instanceId: INSTANCE,
      filename: 'empty.csv',
      contentType: 'text/csv',
      body: chunksOf(),
    });
    assert.equal(stored.size, 0);
    const response = await fetch(stored.url);
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });

  it('a link works until its TTL, then S3 refuses it; a tampered one is refused at once', async () => {
    const shortLived = new S3ExportStore({ client, bucket: s3.bucket, ttlSeconds: 1 });
    const stored = await shortLived.upload({
      project: PROJECT,
      instanceId: INSTANCE,
      filename: 'short.csv',
      contentType: 'text/csv',
      body: chunksOf(Buffer.from('a\n1\n')),
    });
    assert.match(stored.url, /[?&]X-Amz-Expires=1(&|$)/);
    assert.equal((await fetch(stored.url)).status, 200);
    const tampered = await fetch(
      stored.url.replace(/(X-Amz-Signature=)([0-9a-f])/, (_, name, digit) => `${name}${digit === '0' ? '1' : '0'}`),
    );
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    // X-Amz-Date has whole seconds: two seconds on, the one-second link has surely run out.
    await sleep(2100);
    const expired = await fetch(stored.url);
    assert.equal(expired.status, 403);
    assert.match(await expired.text(), /<Code>AccessDenied<\/Code>.*Request has expired/s);
  });

  it('a TTL longer than SigV4 allows is signed for seven days; the days are the link’s life', async () => {
    assert.equal(new S3ExportStore({ client, bucket: s3.bucket }).linkSeconds, 7 * 86_400);
    assert.equal(new S3ExportStore({ client, bucket: s3.bucket, ttlDays: 3 }).linkSeconds, 3 * 86_400);
    const month = new S3ExportStore({ client, bucket: s3.bucket, ttlDays: 30 });
    assert.equal(month.linkSeconds, MAX_PRESIGN_SECONDS);
    const link = await month.link(exportKey(PROJECT, INSTANCE, 'result.csv'));
    assert.match(link.url, /[?&]X-Amz-Expires=604800(&|$)/);
    assert.equal((await fetch(link.url)).status, 200);
    assert.throws(() => new S3ExportStore({ client, bucket: s3.bucket, ttlSeconds: 0 }), RangeError);
  });

  it('credentials that expire before the TTL bound the link, and say so', async () => {
    const expiration = new Date(Date.now() + 3_600_000);
    const temporary = new S3Client({
      endpoint: s3.endpoint,
      region: s3.region,
      forcePathStyle: true,
      credentials: async () => ({ ...LOCAL_S3_CREDENTIALS, sessionToken: 'session', expiration }),
    });
    try {
      const link = await new S3ExportStore({ client: temporary, bucket: s3.bucket }).link(
        exportKey(PROJECT, INSTANCE, 'result.csv'),
      );
      assert.equal(link.limitedByCredentials, true);
      assert.equal(link.expiresAt.getTime(), expiration.getTime());
      assert.match(link.url, /X-Amz-Security-Token=session/);
    } finally {
      temporary.destroy();
    }
  });

  it('keys are exports/<project>/<instanceId>/<filename>, and no input can change that path', () => {
    assert.equal(exportKey('p_1', INSTANCE, 'a.csv.gz'), `exports/p_1/${INSTANCE}/a.csv.gz`);
    for (const [project, instance, filename] of [
      ['../p', INSTANCE, 'a.csv'],
      ['p', 'short', 'a.csv'],
      ['p', `${INSTANCE}/x`, 'a.csv'],
      ['p', INSTANCE, '../a.csv'],
      ['p', INSTANCE, 'a/b.csv'],
      ['p', INSTANCE, '.hidden'],
      ['p', INSTANCE, 'a"b.csv'],
      ['p', INSTANCE, ''],
    ] as const) {
      assert.throws(() => exportKey(project, instance, filename), RangeError, `${project} ${instance} ${filename}`);
    }
  });
});
