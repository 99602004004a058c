import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { LOCAL_S3_CREDENTIALS, localS3Location } from '../../src/export/embedded-s3.ts';
import { exportKey } from '../../src/export/export-key.ts';
import { EXPORT_PART_SIZE, S3ExportStore } from '../../src/export/s3-export-store.ts';
import { S3ObjectPresigner } from '../../src/export/s3-object-presigner.ts';
import { chunksOf, seededBytes, sha256, useEmbeddedS3 } from '../support/embedded-s3.ts';
import { exportLinksOn, TEST_PUBLIC_URL } from '../support/export-links.ts';

/**
 * The export store against the embedded S3 server (s3rver, on loopback, checking SigV4): what it
 * stores is read back the way a person in Slack reads it, by opening its link (the app's route
 * redirects to a URL presigned at that moment) and following it to S3.
 */
const { s3, client, records } = await useEmbeddedS3();
const { links, open } = exportLinksOn(s3);
const store = new S3ExportStore({ client, bucket: s3.bucket, links });
const DAY = 86_400_000;
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

    assert.ok(stored.url.startsWith(`${TEST_PUBLIC_URL}/exports/`), stored.url);
    const response = await open(stored.url);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(response.headers.get('content-disposition'), 'attachment; filename="result.csv"');
    const bytes = new Uint8Array(await response.arrayBuffer());
    assert.equal(bytes.byteLength, 20 * MiB);
    assert.equal(sha256(bytes), source.sha256());
    const week = started + 7 * DAY;
    assert.ok(Math.abs(stored.expiresAt.getTime() - week) < 60_000, stored.expiresAt.toISOString());
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
    const response = await open(stored.url);
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
    const response = await open(stored.url);
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, 0);
  });

  it('a link works for its whole TTL, however long, then says it expired; the bytes come from a URL presigned per click', async () => {
    const started = Date.now();
    const month = new S3ExportStore({ client, bucket: s3.bucket, links, ttlDays: 30, now: () => started });
    assert.equal(month.linkSeconds, 30 * 86_400);
    const stored = await month.upload({
      project: PROJECT,
      instanceId: INSTANCE,
      filename: 'month.csv',
      contentType: 'text/csv',
      body: chunksOf(Buffer.from('a\n1\n')),
    });
    assert.equal(stored.expiresAt.getTime(), Math.floor((started + 30 * DAY) / 1000) * 1000);
    assert.equal(await (await open(stored.url)).text(), 'a\n1\n');
    // Days later, as the route's clock says: still a redirect, to a URL signed at that moment for 300 s.
    for (const days of [8, 29.9]) {
      const later = new Date(started + days * DAY);
      const answer = await exportLinksOn(s3, () => later).downloads.answer({
        method: 'GET',
        path: new URL(stored.url).pathname,
      });
      assert.equal(answer.status, 302, `${days} days on`);
      const location = new URL(answer.headers.location ?? '');
      assert.equal(location.searchParams.get('X-Amz-Expires'), '300');
      assert.equal(
        location.searchParams.get('X-Amz-Date')?.slice(0, 8),
        later.toISOString().slice(0, 10).replaceAll('-', ''),
      );
    }
    const after = await exportLinksOn(s3, () => new Date(started + 30 * DAY + 1000)).downloads.answer({
      method: 'GET',
      path: new URL(stored.url).pathname,
    });
    assert.equal(after.status, 410);
    assert.match(after.body, /This export has expired/);
    assert.match(after.body, new RegExp(`/odps result ${INSTANCE} --csv`));
  });

  it('S3 refuses a presigned URL once its minutes are over, or tampered with', async () => {
    const key = exportKey(PROJECT, INSTANCE, 'month.csv');
    const presigner = new S3ObjectPresigner(localS3Location(s3));
    const url = await presigner.presignGet(key, new Date());
    assert.equal((await fetch(url)).status, 200);
    const tampered = await fetch(
      url.replace(/(X-Amz-Signature=)([0-9a-f])/, (_, name, digit) => `${name}${digit === '0' ? '1' : '0'}`),
    );
    assert.equal(tampered.status, 403);
    assert.match(await tampered.text(), /<Code>SignatureDoesNotMatch<\/Code>/);
    const stale = await fetch(await presigner.presignGet(key, new Date(Date.now() - 600_000)));
    assert.equal(stale.status, 403);
    assert.match(await stale.text(), /<Code>AccessDenied<\/Code>.*Request has expired/s);
  });

  it('each click signs with the credentials of that moment, so rotating role credentials never end a link', async () => {
    let issued = 0;
    const presigner = new S3ObjectPresigner({
      ...localS3Location(s3),
      credentials: async () => ({
        ...LOCAL_S3_CREDENTIALS,
        sessionToken: `session-${++issued}`,
        expiration: new Date(Date.now() + 3_600_000),
      }),
    });
    const key = exportKey(PROJECT, INSTANCE, 'month.csv');
    const first = new URL(await presigner.presignGet(key, new Date()));
    const second = new URL(await presigner.presignGet(key, new Date()));
    assert.equal(first.searchParams.get('X-Amz-Security-Token'), 'session-1');
    assert.equal(second.searchParams.get('X-Amz-Security-Token'), 'session-2');
    assert.throws(() => new S3ExportStore({ client, bucket: s3.bucket, links, ttlSeconds: 0 }), RangeError);
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
