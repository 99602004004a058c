import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { skipWithoutBrowser, useSimulatorBrowser, WAIT } from './simulator-browser-support.ts';

/**
 * What a person types reaches the app the way Slack would send it, through the whole local stack:
 * markup typed as text (`<!channel>`, `<@U123>`, `<`, `>`, `&`) is escaped by the simulator and
 * unescaped by the app, so the SQL MaxCompute runs is the SQL typed; a real mention (a workspace
 * member's @name) becomes Slack's `<@U…>` token, which the app reads as `@U…`.
 */
const LITERAL = "select '<!channel> hello <@U123>' as s, 1 < 2 as lt, 6 & 3 as band, 2 > 1 as gt";
const LITERAL_ZH = "select '<!channel> 你好 <@U123>' as s, 1 < 2 as lt, 6 & 3 as band, 2 > 1 as gt";

const PEOPLE = [
  { language: 'en', person: 'U0ADA', channel: 'C0DATAENG', sql: LITERAL, greeting: '<!channel> hello <@U123>' },
  { language: 'zh-CN', person: 'U0LILEI', channel: 'C0SHUJU', sql: LITERAL_ZH, greeting: '<!channel> 你好 <@U123>' },
] as const;

/** The card of a run (not the ephemeral answer), once its result is in its thread. */
async function finishedCard(page: Page, text: string) {
  const card = page
    .locator('#messages > li.message', { hasText: text })
    .filter({ hasNot: page.locator('.ephemeral-note') });
  await card.getByRole('button', { name: /repl|回复/ }).waitFor(WAIT);
  return card;
}

async function resultRow(page: Page, card: Awaited<ReturnType<typeof finishedCard>>): Promise<string[]> {
  await card.getByRole('button', { name: /repl|回复/ }).click();
  const table = page.locator('#thread .block-table table');
  await table.waitFor(WAIT);
  return table.locator('tbody tr').first().locator('td').allTextContents();
}

describe('typing in the simulator, through the local app, in Chromium', { skip: skipWithoutBrowser }, () => {
  const simulator = useSimulatorBrowser();

  for (const { language, person, channel, sql, greeting } of PEOPLE) {
    test(`${language}: markup typed inside SQL runs unchanged, and the card shows it as typed`, async () => {
      const page = await simulator.openAs(person, channel, language);
      await simulator.type(page, `/odps run ${sql}`);
      const card = await finishedCard(page, 'as band');
      const row = await resultRow(page, card);
      await simulator.shot(page, `typing-markup-in-sql-${language}`);
      assert.ok(((await card.textContent()) ?? '').includes(sql), `the card shows ${sql}`);
      assert.deepEqual(row.slice(0, 1), [greeting], 'MaxCompute ran the string literal as typed');
      await page.close();
    });
  }

  test('a real mention becomes Slack’s token on the way to the app; a lookalike does not', async () => {
    const page = await simulator.openAs('U0ADA', 'C0DATAENG', 'en');
    await simulator.type(page, "/odps run select '@Grace' as who, 'grace@example.com' as mail, '@nobody' as ghost");
    const card = await finishedCard(page, 'as ghost');
    const row = await resultRow(page, card);
    // The app reads `<@U0GRACE>` as `@U0GRACE` (src/slack/commands/grammar/slack-text.ts): Slack sent a
    // token, not the typed name. An address and an unknown name are text.
    assert.deepEqual(row.slice(0, 3), ['@U0GRACE', 'grace@example.com', '@nobody']);
    await page.close();
  });

  test('a posted message is stored as Slack stores it and shows as typed, with the mention highlighted', async () => {
    const page = await simulator.openAs('U0ADA', 'C0DATAENG', 'en');
    await simulator.type(page, 'ping @Grace: is a < b & c > d? <!channel> stays text');
    const message = page.locator('#messages > li.message', { hasText: 'stays text' });
    await message.waitFor(WAIT);
    await simulator.shot(page, 'typing-posted-message-en');
    const stored = simulator.app.standin?.channel('C0DATAENG').find((each) => each.text?.includes('stays text'));
    assert.equal(stored?.text, 'ping <@U0GRACE>: is a &lt; b &amp; c &gt; d? &lt;!channel&gt; stays text');
    assert.equal(await message.locator('.message-text .mention').textContent(), '@Grace Hopper');
    assert.equal(
      await message.locator('.message-text').textContent(),
      'ping @Grace Hopper: is a < b & c > d? <!channel> stays text',
    );
    await page.close();
  });
});
