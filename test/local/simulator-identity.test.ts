import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { skipWithoutBrowser, useSimulatorBrowser, WAIT } from './simulator-browser-support.ts';

/**
 * Issue #17's identities as a newcomer sees them in the simulator, on `npm start`'s defaults
 * (ODPS_IDENTITY_MODE=person-or-bot, the emulator's STS, src/runtime/local-identities.ts):
 *
 * - Ada (U0ADA, role odps-analyst) may not read `salaries`: the cost guard's estimate already runs as
 *   her, so MaxCompute refuses it there, and she alone sees why, in its own words; no card is posted.
 * - Ada's read of pyodps_iris runs, and the job card says as whom: the role and the session name.
 * - Grace (U0GRACE) is mapped to nobody: she runs as the bot's account, which her card says.
 * - 李雷 (U0LILEI, role odps-admin), in the Chinese channel, reads `salaries`.
 * - `/odps whoami` tells Ada her role, where the mapping comes from and her session name.
 */

/** The top-level message of a query (not an ephemeral answer), found by a part of its SQL. */
function cardOf(page: Page, sql: string): Locator {
  return page.locator('#messages > li.message', { hasText: sql }).filter({ hasNot: page.locator('.ephemeral-note') });
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

/**
 * What a Slack client would not show: an emoji's :name:, an escaped entity, mrkdwn's own marks. The
 * query's SQL, drawn as it was typed, is left out (`count(*)` has its asterisk).
 */
function assertRenderedCleanly(shown: string, what: string, sql = ''): void {
  const text = shown.replace(sql, '');
  assert.doesNotMatch(text, /:[a-z_]+:(?!\S)/, `${what}: every emoji is drawn, none left as its :name:`);
  assert.doesNotMatch(text, /&#?\w+;/, `${what}: no escaped entity shown`);
  assert.doesNotMatch(text, /[`*]/, `${what}: no literal backtick or asterisk`);
}

/** The card's result table in its thread, once it arrives; its column names. */
async function resultColumns(page: Page, card: Locator): Promise<string[]> {
  await card.getByRole('button', { name: /repl|回复/ }).click(WAIT);
  const notice = page.locator('#thread-messages > li', { has: page.locator('.block-table') });
  await notice.waitFor(WAIT);
  return notice.locator('th').allTextContents();
}

describe('who a query runs as, npm start’s defaults, in Chromium', { skip: skipWithoutBrowser }, () => {
  const simulator = useSimulatorBrowser();

  test('Ada may not read salaries: MaxCompute’s refusal, to her alone (Grace’s test checks), and no job card', async () => {
    const ada = await simulator.openAs('U0ADA', 'C0DATAENG', 'en');
    await simulator.type(ada, '/odps run select * from salaries');
    const refusal = ada.locator('li.message.ephemeral', { hasText: 'may not do that' });
    await refusal.waitFor(WAIT);
    const said = await textOf(refusal);
    assert.match(said, /MaxCompute says the identity this ran as may not do that\./);
    assert.match(said, /Original message: ODPS-0130013:Authorization exception/, 'MaxCompute’s own text');
    assert.equal(said.match(/ODPS-0130013/g)?.length, 1, 'its code once, not prefixed to a text that has it');
    assert.match(said, /You have NO privilege 'odps:Select' on \{acs:odps:\*:projects\/odps_demo\/tables\/salaries\}/);
    assert.match(said, /Only visible to you/);
    assert.doesNotMatch(said, /&#?\w+;/, 'no escaped entity shown');
    assert.doesNotMatch(said, /:[a-z_]+:(?!\S)/, 'every emoji is drawn, none left as its :name:');
    assert.equal(await cardOf(ada, 'from salaries').count(), 0, 'no job card in the channel');
    await refusal.scrollIntoViewIfNeeded();
    await simulator.shot(ada, 'identity-analyst-refused-en');

    await ada.close();
  });

  test('Ada’s read of pyodps_iris runs as role odps-analyst, session slack.U0ADA', async () => {
    const sql = 'select name, sepallength from pyodps_iris limit 3';
    const ada = await simulator.openAs('U0ADA', 'C0DATAENG', 'en');
    await simulator.type(ada, `/odps run ${sql}`);
    const card = cardOf(ada, 'sepallength from pyodps_iris');
    await card.getByText('Succeeded').first().waitFor(WAIT);
    assert.equal(await card.count(), 1, 'one card in the channel');
    const shown = await textOf(card);
    assert.match(shown, /as role odps-analyst \(session slack\.U0ADA\)/);
    assert.equal(await card.locator('code', { hasText: /^odps-analyst$/ }).count(), 1, 'the role in code');
    assert.equal(await card.locator('code', { hasText: /^slack\.U0ADA$/ }).count(), 1, 'the session in code');
    assertRenderedCleanly(shown, 'Ada’s job card');
    assert.deepEqual(await resultColumns(ada, card), ['name', 'sepallength']);
    await simulator.shot(ada, 'identity-analyst-card-en');
    await ada.close();
  });

  test('Grace, mapped to nobody, runs as the bot’s account, and her card says so', async () => {
    const sql = 'select petallength, name from pyodps_iris limit 2';
    const grace = await simulator.openAs('U0GRACE', 'C0DATAENG', 'en');
    await simulator.type(grace, `/odps run ${sql}`);
    const card = cardOf(grace, 'petallength, name from pyodps_iris');
    await card.getByText('Succeeded').first().waitFor(WAIT);
    const shown = await textOf(card);
    assert.match(shown, /as the bot’s account: no MaxCompute identity is mapped for this person/);
    assert.doesNotMatch(shown, /as role/);
    // Her page shows the channel, Ada's card among it, but not Ada's refusal: that was Ada's alone.
    assert.equal(await cardOf(grace, 'sepallength from pyodps_iris').count(), 1, 'the channel as it is');
    assert.equal(await grace.locator('#messages > li.message', { hasText: 'salaries' }).count(), 0);
    assertRenderedCleanly(shown, 'Grace’s job card');
    assert.deepEqual(await resultColumns(grace, card), ['petallength', 'name']);
    await simulator.shot(grace, 'identity-bot-card-en');
    await grace.close();
  });

  test('zh-CN: 李雷 reads salaries as role odps-admin', async () => {
    const lilei = await simulator.openAs('U0LILEI', 'C0SHUJU', 'zh-CN');
    await simulator.type(lilei, '/odps run select count(*) from salaries');
    const card = cardOf(lilei, 'count(*) from salaries');
    await card.getByText('成功').first().waitFor(WAIT);
    const shown = await textOf(card);
    assert.match(shown, /以角色 odps-admin 运行（会话 slack\.U0LILEI）/);
    assert.equal(await card.locator('code', { hasText: /^odps-admin$/ }).count(), 1, 'the role in code');
    assertRenderedCleanly(shown, '李雷’s job card', 'select count(*) from salaries');
    assert.equal(await lilei.locator('li.message.ephemeral').count(), 0, 'nothing refused');
    assert.equal((await resultColumns(lilei, card)).length, 1, 'the count arrives in the thread');
    await simulator.shot(lilei, 'identity-admin-card-zh-CN');
    await lilei.close();
  });

  test('/odps whoami tells Ada her role, where it is mapped, and her session name', async () => {
    const ada = await simulator.openAs('U0ADA', 'C0DATAENG', 'en');
    await simulator.type(ada, '/odps whoami');
    const answer = ada.locator('li.message.ephemeral', { hasText: 'Who you are to MaxCompute' });
    await answer.waitFor(WAIT);
    const said = await textOf(answer);
    assert.match(said, /Identity mode: person-or-bot \(ODPS_IDENTITY_MODE\)/);
    assert.match(
      said,
      /You run as acs:ram::1234567890123456:role\/odps-analyst, mapped to you in the configuration \(ODPS_IDENTITY_MAP\)\./,
    );
    assert.match(said, /MaxCompute’s audit shows you as the role session slack\.U0ADA\./);
    assert.equal(await answer.locator('code', { hasText: /role\/odps-analyst$/ }).count(), 1, 'the role in code');
    assert.equal(await answer.locator('code', { hasText: /^slack\.U0ADA$/ }).count(), 1, 'the session in code');
    assertRenderedCleanly(said, 'whoami');
    await answer.scrollIntoViewIfNeeded();
    await simulator.shot(ada, 'identity-whoami-en');
    await ada.close();
  });
});
