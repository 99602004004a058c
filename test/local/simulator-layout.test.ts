import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  boxOf,
  eventually,
  inside,
  skipWithoutBrowser,
  useSimulatorBrowser,
  viewportOf,
  WAIT,
} from './simulator-browser-support.ts';

/**
 * The simulator page's frame, as Slack's desktop client lays it out: the page itself never scrolls;
 * the sidebar, the channel header and the composer stay put while the message list and the thread
 * each scroll on their own. The thread pane exists only while a thread is open. Both languages, since
 * the words differ in length and in how they wrap.
 */
const PEOPLE = [
  { language: 'en', person: 'U0ADA', channel: 'C0DATAENG', empty: 'No messages yet. Type a slash command below.' },
  { language: 'zh-CN', person: 'U0LILEI', channel: 'C0SHUJU', empty: '还没有消息。在下方输入斜杠命令。' },
] as const;

/** How many lines a node's text takes on screen: the distinct tops of its line boxes. */
function linesOf(page: Page, text: string): Promise<number> {
  return page.getByText(text, { exact: true }).evaluate((node) => {
    const range = node.ownerDocument.createRange();
    range.selectNodeContents(node);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
  });
}

/** The message list: how far it can scroll, and how far from its bottom it is. */
function listScroll(page: Page) {
  return page.locator('#messages').evaluate((list) => ({
    overflow: list.scrollHeight - list.clientHeight,
    fromBottom: list.scrollHeight - list.scrollTop - list.clientHeight,
  }));
}

async function assertFixedFrame(page: Page): Promise<void> {
  const documentScroll = await page.locator('html').evaluate((root) => ({
    scrollHeight: root.ownerDocument.scrollingElement?.scrollHeight ?? 0,
    innerHeight: root.ownerDocument.defaultView?.innerHeight ?? 0,
  }));
  assert.ok(
    documentScroll.scrollHeight <= documentScroll.innerHeight,
    `the document scrolls: ${JSON.stringify(documentScroll)}`,
  );
  const viewport = viewportOf(page);
  for (const id of ['workspace-name', 'channel-list', 'person-select', 'language-select', 'channel-title']) {
    assert.ok(inside(await boxOf(page.locator(`#${id}`)), viewport), `#${id} stays on screen`);
  }
  assert.ok(inside(await boxOf(page.locator('#composer-input')), viewport), 'the composer stays on screen');
}

describe('the simulator page’s frame in Chromium', { skip: skipWithoutBrowser }, () => {
  const simulator = useSimulatorBrowser();

  for (const { language, person, channel, empty } of PEOPLE) {
    test(`${language}: an empty channel shows its empty-state line in a line or two, and no thread pane`, async () => {
      const page = await simulator.openAs(person, channel, language);
      await page.getByText(empty, { exact: true }).waitFor(WAIT);
      await simulator.shot(page, `layout-empty-${language}`);
      // Both checked before either fails, so a failure shows each that went wrong.
      assert.deepEqual(
        {
          emptyStateOnALineOrTwo: (await linesOf(page, empty)) <= 2,
          threadPane: await page.locator('#thread').isVisible(),
          replyBox: await page.locator('#thread-input').isVisible(),
        },
        { emptyStateOnALineOrTwo: true, threadPane: false, replyBox: false },
      );
      await page.close();
    });
  }

  for (const { language, person, channel } of PEOPLE) {
    test(`${language}: with a long channel the page stays a fixed frame; the list and the thread scroll on their own`, async () => {
      const page = await simulator.openAs(person, channel, language);
      const answers = page.locator('#messages > li.message');
      for (let count = 1; count <= 5; count += 1) {
        await simulator.type(page, '/odps help');
        await answers.nth(count - 1).waitFor(WAIT);
      }
      await simulator.type(page, '/odps run select * from pyodps_iris limit 5');
      const card = answers
        .filter({ hasText: 'select * from pyodps_iris limit 5' })
        .filter({ hasNot: page.locator('.ephemeral-note') });
      await card.getByRole('button', { name: /repl|回复/ }).waitFor(WAIT);
      // Slack keeps the newest message in view: the list followed every answer down.
      await eventually(async () => (await listScroll(page)).fromBottom <= 2, 'the list at its newest message');
      await simulator.shot(page, `layout-long-channel-${language}`);
      await assertFixedFrame(page);
      const scroll = await listScroll(page);
      assert.ok(scroll.overflow > 0, 'the message list scrolls on its own');
      assert.ok(scroll.fromBottom <= 2, 'and sits at its newest message');
      const cardTop = await card.evaluate((node) => node.getBoundingClientRect().top);
      assert.ok(cardTop > 0, 'the card is far down the channel');

      await card.getByRole('button', { name: /repl|回复/ }).click();
      await page.locator('#thread .block-table').waitFor(WAIT);
      await simulator.shot(page, `layout-thread-from-far-down-${language}`);
      await assertFixedFrame(page);
      const viewport = viewportOf(page);
      const parent = page.locator('#thread-messages > li').first();
      assert.ok(inside(await boxOf(parent), viewport), 'the thread opens on its parent, in view');
      assert.ok(inside(await boxOf(page.locator('#thread-title')), viewport), 'the thread header is in view');
      const table = await boxOf(page.locator('#thread .block-table').first());
      assert.ok(table.y >= 0 && table.y < viewport.height, 'the result table starts in view');

      const shown = await answers.count();
      await simulator.type(page, '/odps help');
      await answers.nth(shown).waitFor(WAIT);
      await eventually(async () => (await listScroll(page)).fromBottom <= 2, 'the list following a new message');
      assert.ok(inside(await boxOf(answers.last()), await boxOf(page.locator('#messages'))), 'the new one in view');
      await page.close();
    });
  }

  for (const { language, person, channel } of PEOPLE) {
    test(`${language}: a page opened on a long channel starts at its newest message`, async () => {
      const page = await simulator.openAs(person, channel, language);
      await page.locator('#messages > li.message').nth(5).waitFor(WAIT);
      await eventually(async () => {
        const scroll = await listScroll(page);
        return scroll.overflow > 0 && scroll.fromBottom <= 2;
      }, 'a scrollable list, opened at its newest message');
      await assertFixedFrame(page);
      await page.close();
    });

    test(`${language}: Close hides the thread pane and gives the channel its room back`, async () => {
      const page = await simulator.openAs(person, channel, language);
      const replies = page.locator('#messages').getByRole('button', { name: /repl|回复/ });
      await replies.last().waitFor(WAIT);
      const alone = await boxOf(page.locator('#messages'));
      await replies.last().click();
      await page.locator('#thread .block-table').first().waitFor(WAIT);
      const narrowed = await boxOf(page.locator('#messages'));
      await page.getByRole('button', { name: language === 'en' ? 'Close' : '关闭' }).click();
      await simulator.shot(page, `layout-thread-closed-${language}`);
      await eventually(async () => !(await page.locator('#thread').isVisible()), 'the thread pane to close', 5_000);
      assert.ok(narrowed.width < alone.width, 'the open thread took room from the channel');
      assert.equal((await boxOf(page.locator('#messages'))).width, alone.width, 'the channel has its room back');
      await page.close();
    });
  }
});
