import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DownloadLinks } from '../../src/export/download-links.ts';
import { exportKey } from '../../src/export/export-key.ts';
import { S3ObjectPresigner } from '../../src/export/s3-object-presigner.ts';
import { jsonLogger } from '../../src/observability/json-logger.ts';
import { ExportDownloads, pageLocale } from '../../src/runtime/export-download.ts';

/** The download links' tokens and the route's answers, as pure logic (no server: nothing here is opened). */
const SECRET = 'slack-signing-secret-for-this-test';
const KEY = exportKey('odps_demo', '20260519101349613gzbzufck2', 'result.csv.gz');
const NOW = new Date('2026-12-03T10:00:00Z');
const links = new DownloadLinks({ secret: SECRET, baseUrl: 'https://api.example/' });
const pathOf = (url: string) => new URL(url).pathname;

describe('DownloadLinks', () => {
  it('a link names its object and end, under the base URL, and checks as valid until that second', () => {
    const end = new Date(NOW.getTime() + 7 * 86_400_000);
    const url = links.mint(KEY, end);
    assert.match(url, /^https:\/\/api\.example\/exports\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.ok(url.length < 300, `${url.length} characters`);
    assert.deepEqual(links.check(pathOf(url), NOW), { kind: 'valid', objectKey: KEY, expiresAt: end });
    assert.equal(links.check(pathOf(url), new Date(end.getTime() - 1)).kind, 'valid');
    assert.deepEqual(links.check(pathOf(url), end), { kind: 'expired', objectKey: KEY, expiresAt: end });
  });

  it('any change to a token, another secret, or a cut or padded token is invalid', () => {
    const path = pathOf(links.mint(KEY, new Date(NOW.getTime() + 86_400_000)));
    const token = path.slice('/exports/'.length);
    for (let i = 0; i < token.length; i++) {
      const changed = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      assert.equal(links.check(`/exports/${changed}`, NOW).kind, 'invalid', `character ${i}`);
    }
    const other = new DownloadLinks({ secret: 'another-secret', baseUrl: 'https://api.example' });
    assert.equal(other.check(path, NOW).kind, 'invalid');
    for (const bad of ['/exports/', '/exports/abc', `${path}.x`, `${path}x`, path.slice(0, -1), `/other${path}`]) {
      assert.equal(links.check(bad, NOW).kind, 'invalid', bad);
    }
    assert.equal(links.check(`/exports/${'a'.repeat(2000)}.${'b'.repeat(43)}`, NOW).kind, 'invalid');
  });

  it('mints only export keys, and needs a secret', () => {
    for (const key of ['exports/../etc/passwd', 'other/odps_demo/20260519101349613gzbzufck2/a.csv', 'exports/p']) {
      assert.throws(() => links.mint(key, NOW), RangeError, key);
    }
    assert.throws(() => new DownloadLinks({ secret: '', baseUrl: 'https://api.example' }), RangeError);
  });

  it('reads a lazy base URL when minting: the local app knows its port only once it listens', () => {
    let base = 'http://127.0.0.1:1';
    const lazy = new DownloadLinks({ secret: SECRET, baseUrl: () => base });
    base = 'http://127.0.0.1:3001';
    assert.ok(lazy.mint(KEY, NOW).startsWith('http://127.0.0.1:3001/exports/'));
  });
});

describe('ExportDownloads', () => {
  const logged: string[] = [];
  const failingPresigner = new S3ObjectPresigner({
    bucket: 'b',
    region: 'us-east-1',
    credentials: async () => {
      throw new Error('no credentials: the metadata endpoint timed out');
    },
  });
  const downloads = new ExportDownloads({
    links,
    presigner: failingPresigner,
    logger: jsonLogger({ level: 'debug', write: (line) => logged.push(line) }),
    now: () => NOW,
  });
  const valid = pathOf(links.mint(KEY, new Date(NOW.getTime() + 60_000)));

  it('only GET and HEAD', async () => {
    const answer = await downloads.answer({ method: 'POST', path: valid });
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.allow, 'GET, HEAD');
  });

  it('credentials that cannot be loaded: 503 with Retry-After, logged without the link', async () => {
    const answer = await downloads.answer({ method: 'GET', path: valid });
    assert.equal(answer.status, 503);
    assert.equal(answer.headers['retry-after'], '60');
    assert.match(answer.body, /could not load its AWS credentials/);
    assert.equal(logged.length, 1);
    assert.ok(!logged[0]?.includes(valid.slice(10, 40)), 'the token is not logged');
    assert.match(logged[0] ?? '', /20260519101349613gzbzufck2/);
  });

  it('a page escapes what it shows and forbids scripts', async () => {
    const expired = await downloads.answer({
      method: 'GET',
      path: pathOf(links.mint(KEY, new Date(NOW.getTime() - 1000))),
    });
    assert.equal(expired.status, 410);
    assert.equal(expired.headers['content-security-policy'], "default-src 'none'");
    assert.match(expired.body, /<html lang="en">/);
    assert.match(expired.body, /result\.csv\.gz/);
    assert.match(expired.body, /Dec 3, 2026, 9:59 AM UTC/);
  });

  it('the page’s language is the browser’s first one the app has', () => {
    assert.equal(pageLocale(undefined), 'en');
    assert.equal(pageLocale('zh-CN,zh;q=0.9,en;q=0.8'), 'zh-CN');
    assert.equal(pageLocale('fr-FR, zh;q=0.5, en;q=0.7'), 'en');
    assert.equal(pageLocale('fr, zh-Hans-CN;q=0.9'), 'zh-CN');
    assert.equal(pageLocale('de;q=0, *'), 'en');
  });
});
