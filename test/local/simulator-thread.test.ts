import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { boxOf, inside, skipWithoutBrowser, useSimulatorBrowser, WAIT } from './simulator-browser-support.ts';

/**
 * The thread pane holds the results: a wide table scrolls sideways inside its message instead of
 * losing its right-hand columns, the file's Download link is whole, and the pane is wider than the
 * old fixed 420 px and can be dragged wider or narrower (within limits), as in Slack's client.
 */
const WIDE_SQL =
  '/odps run --limit 3 select *, sepallength + sepalwidth as sepal_total_for_a_wide_column, ' +
  'petallength * petalwidth as petal_area_for_a_wide_column, upper(name) as species_in_capitals_wide, ' +
  "concat(name, '-', name, '-', name) as species_three_times_over_wide from pyodps_iris limit 40";

const PEOPLE = [
  { language: 'en', person: 'U0ADA', channel: 'C0DATAENG', download: 'Download' },
  { language: 'zh-CN', person: 'U0LILEI', channel: 'C0SHUJU', download: '下载' },
] as const;

const COLUMNS = [
  'sepallength',
  'sepalwidth',
  'petallength',
  'petalwidth',
  'name',
  'sepal_total_for_a_wide_column',
  'petal_area_for_a_wide_column',
  'species_in_capitals_wide',
  'species_three_times_over_wide',
];

/** The visible part of the thread's scrolling list: what the person can see of the thread. */
async function threadView(page: Page) {
  return boxOf(page.locator('#thread-messages'));
}

/** The thread scrolls up and down only: what does not fit sideways is cut, not reachable. */
async function assertNoSidewaysThread(page: Page): Promise<void> {
  const list = await page.locator('#thread-messages').evaluate((node) => ({
    left: node.scrollLeft,
    overflow: node.scrollWidth - node.clientWidth,
  }));
  assert.deepEqual(list, { left: 0, overflow: 0 }, 'the thread itself never scrolls sideways');
}

async function assertEveryColumnReachable(page: Page): Promise<void> {
  const table = page.locator('#thread .block-table').first();
  const headers = table.locator('th');
  assert.deepEqual(await headers.allTextContents(), COLUMNS);
  const message = table.locator('xpath=ancestor::li[1]');
  assert.ok(inside(await boxOf(table), await boxOf(message)), 'the table stays inside its message');
  assert.ok(inside(await boxOf(table), await threadView(page)), 'the table stays inside the pane');
  const scroller = await table.evaluate((node) => ({
    overflowX: node.ownerDocument.defaultView?.getComputedStyle(node).overflowX ?? '',
    scrollable: node.scrollWidth > node.clientWidth,
  }));
  if (scroller.scrollable) assert.match(scroller.overflowX, /auto|scroll/, 'a wider table scrolls sideways');
  for (const name of COLUMNS) {
    const header = headers.filter({ hasText: new RegExp(`^${name}$`) });
    await header.evaluate((node) => node.scrollIntoView({ block: 'nearest', inline: 'nearest' }));
    assert.ok(inside(await boxOf(header), await boxOf(table)), `${name} can be brought into view`);
    assert.ok(inside(await boxOf(header), await threadView(page)), `${name} is inside the pane when in view`);
    await assertNoSidewaysThread(page);
  }
}

async function assertDownloadWhole(page: Page, label: string): Promise<void> {
  const link = page.locator('#thread .file a', { hasText: label });
  // Down to it, as a person scrolls the thread: vertically only.
  await link.evaluate((node) => {
    const list = node.closest('#thread-messages');
    if (list) list.scrollTop += node.getBoundingClientRect().top - list.getBoundingClientRect().top - 40;
  });
  const box = await boxOf(link);
  assert.ok(inside(box, await threadView(page)), `“${label}” lies inside the pane`);
  await assertNoSidewaysThread(page);
  assert.equal(await link.textContent(), label);
  // Nothing covers or clips its last letter: the point just inside its right edge is the link.
  const hit = await page
    .locator('html')
    .evaluate((root, { x, y }) => root.ownerDocument.elementFromPoint(x, y)?.closest('a')?.textContent ?? null, {
      x: box.x + box.width - 2,
      y: box.y + box.height / 2,
    });
  assert.equal(hit, label);
}

async function openWideResult(page: Page, type: (page: Page, line: string) => Promise<void>): Promise<void> {
  await type(page, WIDE_SQL);
  const card = page
    .locator('#messages > li.message', { hasText: 'species_three_times_over_wide' })
    .filter({ hasNot: page.locator('.ephemeral-note') });
  await card.getByRole('button', { name: /repl|回复/ }).click(WAIT);
  await page.locator('#thread .file a').waitFor(WAIT);
  await page.locator('#thread .block-table th').first().waitFor(WAIT);
}

describe('the thread pane in Chromium', { skip: skipWithoutBrowser }, () => {
  const simulator = useSimulatorBrowser();

  for (const { language, person, channel, download } of PEOPLE) {
    test(`${language}: a wide result keeps every column reachable and the ${download} link whole`, async () => {
      const page = await simulator.openAs(person, channel, language);
      await openWideResult(page, simulator.type);
      await simulator.shot(page, `thread-wide-result-${language}`);
      await assertDownloadWhole(page, download);
      await assertEveryColumnReachable(page);
      await simulator.shot(page, `thread-wide-result-scrolled-${language}`);
      assert.ok((await boxOf(page.locator('#thread'))).width > 420, 'the pane is wider than the old 420 px');
      await page.close();
    });
  }

  test('the pane is resized by dragging its edge or with the arrow keys, within limits, and keeps its width', async () => {
    const page = await simulator.openAs('U0ADA', 'C0DATAENG', 'en');
    await page.locator('#messages').getByRole('button', { name: /repl/ }).last().click();
    await page.locator('#thread .block-table').first().waitFor(WAIT);
    const handle = page.getByRole('separator');
    const width = async () => (await boxOf(page.locator('#thread'))).width;
    const start = await width();
    const grip = await boxOf(handle);
    const dragBy = async (dx: number) => {
      const from = await boxOf(handle);
      await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
      await page.mouse.down();
      await page.mouse.move(from.x + from.width / 2 + dx, from.y + from.height / 2, { steps: 5 });
      await page.mouse.up();
    };
    assert.ok(grip.height > 100, 'the handle runs along the pane’s edge');
    await dragBy(-150);
    assert.ok(Math.abs((await width()) - (start + 150)) <= 2, 'dragging left widens the pane');
    await simulator.shot(page, 'thread-resized-wider-en');
    await dragBy(-2000);
    const widest = await width();
    assert.ok(widest < 1400 - 240 - 300, 'the channel keeps room to read');
    await dragBy(2000);
    const narrowest = await width();
    assert.ok(narrowest >= 320 && narrowest < start, `a narrowest width, not zero: ${narrowest}`);
    await handle.focus();
    await page.keyboard.press('ArrowLeft');
    assert.ok((await width()) > narrowest, 'the arrow keys resize it too');
    const kept = await width();
    await page.reload();
    await page.locator('#messages').getByRole('button', { name: /repl/ }).last().click(WAIT);
    await page.locator('#thread').waitFor({ state: 'visible', ...WAIT });
    assert.equal(await width(), kept, 'the width is remembered, like the person’s other choices');
    await page.close();
  });
});
