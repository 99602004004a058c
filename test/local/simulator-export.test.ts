import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import { type SimulatorBrowser, skipWithoutBrowser, useSimulatorBrowser, WAIT } from './simulator-browser-support.ts';

/**
 * Issue #15's acceptance in the simulator: a result MaxCompute's result API cut at 10,000 rows
 * (150 × 150 = 22,500 rows) gets its notice with a 20-row preview whose caption says the whole result
 * is in the file below, and the worker's file, read through the Instance Tunnel, in the thread: the
 * file card names `<instance>.csv` with its size and comment, and its Download link gives every row,
 * byte for byte what the Slack stand-in stored. English and Chinese; and a `.csv.gz` (gzipped past
 * ODPS_EXPORT_GZIP_ABOVE_MB) downloads as the gzip's own bytes, not as text.
 */
const SQL = 'select a.sepallength, b.name from pyodps_iris a cross join pyodps_iris b';
const ROWS = 22_500;
const INSTANCE_ID = /\b\d{17}g[a-z0-9]{8}\b/;

interface Person {
  readonly language: 'en' | 'zh-CN';
  readonly person: string;
  readonly channel: string;
  readonly succeeded: string;
  readonly caption: string;
  /** The file's comment; its first group, the file's size. */
  readonly comment: RegExp;
  readonly download: string;
}

const ENGLISH: Person = {
  language: 'en',
  person: 'U0ADA',
  channel: 'C0DATAENG',
  succeeded: 'Succeeded',
  caption:
    'Result preview: the first 20 rows. MaxCompute’s result API stops at 10,000 rows, so the whole result is read through the Instance Tunnel into the file below.',
  comment: /^Full result as CSV \(22,500 rows, ([\d.]+ KB)\), read through MaxCompute’s Instance Tunnel$/,
  download: 'Download',
};

const CHINESE: Person = {
  language: 'zh-CN',
  person: 'U0LILEI',
  channel: 'C0SHUJU',
  succeeded: '成功',
  caption:
    '结果预览：前 20 行。MaxCompute 的结果接口最多返回 10,000 行，因此完整结果经 Instance Tunnel 读取，见下方文件。',
  comment: /^完整结果 CSV（22,500 行，([\d.]+ KB)），经 MaxCompute Instance Tunnel 读取$/,
  download: '下载',
};

/** Runs the cross join, waits for its card to succeed, opens its thread; the card's instance id. */
async function runAndOpenThread(simulator: SimulatorBrowser, page: Page, who: Person): Promise<string> {
  await simulator.type(page, `/odps run ${SQL}`);
  const card = page
    .locator('#messages > li.message', { hasText: 'cross join pyodps_iris b' })
    .filter({ hasNot: page.locator('.ephemeral-note') });
  await card.getByText(who.succeeded).first().waitFor(WAIT);
  const id = INSTANCE_ID.exec((await card.textContent()) ?? '')?.[0];
  assert.ok(id, 'the card names its instance');
  await card.getByRole('button', { name: /repl|回复/ }).click(WAIT);
  return id;
}

/** The notice in the thread: the 20-row preview, captioned as a preview of a result in the file below. */
async function assertPreview(page: Page, who: Person): Promise<void> {
  const notice = page.locator('#thread-messages > li', { hasText: who.caption });
  await notice.waitFor(WAIT);
  const table = notice.locator('.block-table table');
  assert.deepEqual(await table.locator('th').allTextContents(), ['sepallength', 'name']);
  assert.equal(await table.locator('tbody tr').count(), 20);
  assert.doesNotMatch((await notice.textContent()) ?? '', /Partial|partial|部分结果/);
}

/** The file card: its name, its size (the one its comment gives), its comment; the one file in the thread. */
async function fileEntry(page: Page, who: Person, filename: string, comment: RegExp): Promise<Locator> {
  const message = page.locator('#thread-messages > li', { has: page.locator('.file') });
  await message.locator('.file-name', { hasText: filename }).waitFor(WAIT);
  assert.equal(await message.count(), 1, 'one file in the thread');
  assert.equal(await message.locator('.file-name').textContent(), filename);
  const said = comment.exec((await message.locator('.message-text').textContent()) ?? '');
  assert.ok(said, `the file's comment matches ${comment}`);
  assert.equal(await message.locator('.file .meta').textContent(), said[1], 'the card’s size is the comment’s');
  const link = message.locator('.file a', { hasText: who.download });
  await link.scrollIntoViewIfNeeded();
  assert.equal(await link.textContent(), who.download);
  return link;
}

/** What the caption promises: the file below the preview, and still the only file in the thread. */
async function assertFileBelowPreview(page: Page, who: Person): Promise<void> {
  const items = page.locator('#thread-messages > li');
  const order = await items.evaluateAll(
    (nodes, caption) =>
      nodes.map((node) => (node.querySelector('.file') ? 'file' : node.textContent?.includes(caption) ? 'notice' : '')),
    who.caption,
  );
  assert.deepEqual(order.filter(Boolean), ['notice', 'file']);
}

/** Follows Download as a person does; the bytes the browser saved, under the name it saved them. */
async function download(link: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([link.page().waitForEvent('download', WAIT), link.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** The header and every row of the cross join: each species 50 times over each of the 150 rows. */
function assertWholeResult(csv: string): void {
  const lines = csv.trimEnd().split('\n');
  assert.equal(lines[0], '"sepallength","name"');
  const rows = lines.slice(1);
  assert.equal(rows.length, ROWS, 'every row, not the 10,000 the result API gives');
  const species = new Map<string, number>();
  for (const row of rows) {
    const match = /^\d+(?:\.\d+)?,"(Iris-[a-z]+)"$/.exec(row);
    assert.ok(match?.[1], `a row of the cross join: ${row}`);
    species.set(match[1], (species.get(match[1]) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries(species), {
    'Iris-setosa': 7_500,
    'Iris-versicolor': 7_500,
    'Iris-virginica': 7_500,
  });
}

function storedFile(simulator: SimulatorBrowser, filename: string): Buffer {
  const stored = simulator.app.standin?.files().filter((file) => file.filename === filename) ?? [];
  assert.equal(stored.length, 1, `the stand-in holds one ${filename}`);
  return stored[0]?.content ?? Buffer.alloc(0);
}

describe('a result past 10,000 rows in the simulator, in Chromium', { skip: skipWithoutBrowser }, () => {
  const simulator = useSimulatorBrowser();

  for (const who of [ENGLISH, CHINESE]) {
    test(`${who.language}: the notice's preview points to the file below, and Download gives all ${ROWS} rows`, async () => {
      const page = await simulator.openAs(who.person, who.channel, who.language);
      const id = await runAndOpenThread(simulator, page, who);
      await assertPreview(page, who);
      await simulator.shot(page, `export-preview-${who.language}`);
      const link = await fileEntry(page, who, `${id}.csv`, who.comment);
      await simulator.shot(page, `export-file-${who.language}`);
      const saved = await download(link);
      assert.equal(saved.name, `${id}.csv`);
      assert.ok(saved.bytes.equals(storedFile(simulator, `${id}.csv`)), 'the bytes the stand-in stored');
      assertWholeResult(saved.bytes.toString('utf8'));
      await assertFileBelowPreview(page, who);
      await page.close();
    });
  }
});

describe('a gzipped export in the simulator, in Chromium', { skip: skipWithoutBrowser }, () => {
  // Every export is gzipped: any CSV is larger than 0 MB.
  const simulator = useSimulatorBrowser({ ODPS_EXPORT_GZIP_ABOVE_MB: '0' });

  test('en: the .csv.gz is a file to download, and Download gives the gzip itself, every row inside', async () => {
    const page = await simulator.openAs(ENGLISH.person, ENGLISH.channel, ENGLISH.language);
    const id = await runAndOpenThread(simulator, page, ENGLISH);
    await assertPreview(page, ENGLISH);
    const comment =
      /^Full result as gzipped CSV \(22,500 rows, ([\d.]+ KB); [\d.]+ KB unpacked\), read through MaxCompute’s Instance Tunnel$/;
    const link = await fileEntry(page, ENGLISH, `${id}.csv.gz`, comment);
    await simulator.shot(page, 'export-file-gzip-en');
    const saved = await download(link);
    assert.equal(saved.name, `${id}.csv.gz`);
    assert.deepEqual([...saved.bytes.subarray(0, 2)], [0x1f, 0x8b], 'gzip’s magic number: the bytes as stored');
    assert.ok(saved.bytes.equals(storedFile(simulator, `${id}.csv.gz`)), 'the bytes the stand-in stored');
    assertWholeResult(gunzipSync(saved.bytes).toString('utf8'));
    await assertFileBelowPreview(page, ENGLISH);
    await page.close();
  });
});

describe('a result larger than Slack’s share in the simulator, in Chromium', { skip: skipWithoutBrowser }, () => {
  // 30,000 rows of about 50 bytes: past the 1 MB this app is allowed to post to Slack here.
  const simulator = useSimulatorBrowser({ ODPS_EXPORT_SLACK_MAX_MB: '1', ODPS_EXPORT_GZIP_ABOVE_MB: '100' });
  const BIG = "select range as id, repeat('x', 40) as pad from range(30000)";

  test('en: the thread links the stored export; the link, through the app, downloads every row', async () => {
    const page = await simulator.openAs(ENGLISH.person, ENGLISH.channel, ENGLISH.language);
    await simulator.type(page, `/odps run ${BIG}`);
    const card = page.locator('#messages > li.message', { hasText: 'from range(30000)' });
    await card.getByText(ENGLISH.succeeded).first().waitFor(WAIT);
    const id = INSTANCE_ID.exec((await card.textContent()) ?? '')?.[0];
    assert.ok(id, 'the card names its instance');
    await card.getByRole('button', { name: /repl/ }).click(WAIT);
    const note = page.locator('#thread-messages > li', { hasText: 'stored for you' });
    await note.waitFor(WAIT);
    assert.match(
      (await note.textContent()) ?? '',
      /Full result as CSV \(30,000 rows, 1\.\d MB\): larger than 1 MB, the most this app posts to Slack/,
    );
    const link = note.getByRole('link', { name: `download ${id}.csv` });
    const href = (await link.getAttribute('href')) ?? '';
    assert.match(href, new RegExp(`^${simulator.app.slackEventsUrl?.replace('/slack/events', '')}/exports/`));
    await note.scrollIntoViewIfNeeded();
    await simulator.shot(page, 'export-link-en');
    const saved = await download(link);
    assert.equal(saved.name, `${id}.csv`);
    const lines = saved.bytes.toString('utf8').trimEnd().split('\n');
    assert.equal(lines[0], '"id","pad"');
    assert.equal(lines.length, 30_001, 'every row, not the 10,000 the result API gives');
    assert.equal(lines[30_000], `29999,"${'x'.repeat(40)}"`);
    await page.close();
  });
});
