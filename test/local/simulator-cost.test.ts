import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { eventually, skipWithoutBrowser, useSimulatorBrowser, WAIT } from './simulator-browser-support.ts';

/**
 * Issue #16's acceptance in the simulator: the cost guard's held queries as people see them in
 * Chromium. pyodps_iris is 6,800 bytes to the emulator's estimator; at 100,000 per GB
 * `select * from pyodps_iris` costs $0.63, above a 0.50 threshold.
 *
 * - Confirmation (English): Ada's query waits as a card saying why and what it costs; she presses
 *   Run it and the same message becomes the job card, which succeeds, with the result in its thread.
 * - Approval (Chinese channel): 李雷 (in the group S0DATALEADS) runs it; the card waits for an
 *   approver, and the request in its thread names the group by its handle and shows the price in
 *   bold. His own 批准 is refused privately (nobody approves their own query); Ada, the group's
 *   other member, on her own page (its chrome in English; the channel's messages stay in Chinese),
 *   presses 批准 in the thread, and the card becomes the job card.
 */
const SQL = 'select * from pyodps_iris';
const PRICED = { ODPS_COST_UNIT_PRICE: '100000' };

/** The top-level message of the query (not an ephemeral answer), found by its SQL. */
function cardOf(page: Page): Locator {
  return page
    .locator('#messages > li.message', { hasText: 'from pyodps_iris' })
    .filter({ hasNot: page.locator('.ephemeral-note') });
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

describe('a query above ODPS_COST_CONFIRM_ABOVE in the simulator, in Chromium', { skip: skipWithoutBrowser }, () => {
  const simulator = useSimulatorBrowser({ ...PRICED, ODPS_COST_CONFIRM_ABOVE: '0.5' });

  test('en: the held card says why and what it costs; Run it turns the same message into the job card', async () => {
    const page = await simulator.openAs('U0ADA', 'C0DATAENG', 'en');
    await simulator.type(page, `/odps run ${SQL}`);
    const card = cardOf(page);
    await card.getByText('Waiting for your confirmation').waitFor(WAIT);
    assert.equal(await card.count(), 1, 'one card in the channel');
    const held = await textOf(card);
    assert.match(held, /Estimated cost \$0\.63: reads 6\.6 KB at complexity 1/);
    assert.match(held, /Held: above \$0\.50, the most a query runs without a confirmation\./);
    assert.match(held, /Decide by .+; after that it is not run\./);
    assert.doesNotMatch(held, /:[a-z_]+:/, 'every emoji is drawn, none left as its :name:');
    const ts = await card.getAttribute('data-ts');
    await simulator.shot(page, 'cost-confirm-held-en');

    await card.getByRole('button', { name: 'Run it' }).click(WAIT);
    await card.getByText('Succeeded').first().waitFor(WAIT);
    assert.equal(await cardOf(page).getAttribute('data-ts'), ts, 'the held card became the job card');
    const done = await textOf(cardOf(page));
    assert.doesNotMatch(done, /Waiting for your confirmation/);
    assert.equal(await cardOf(page).getByRole('button', { name: 'Run it' }).count(), 0, 'no Run it once decided');
    assert.match(done, /\$0\.63/, 'the job card keeps the estimate');

    await cardOf(page).getByRole('button', { name: /repl/ }).click(WAIT);
    const notice = page.locator('#thread-messages > li', { has: page.locator('.block-table') });
    await notice.waitFor(WAIT);
    assert.deepEqual(await notice.locator('th').allTextContents(), [
      'sepallength',
      'sepalwidth',
      'petallength',
      'petalwidth',
      'name',
    ]);
    await simulator.shot(page, 'cost-confirm-done-en');
    await page.close();
  });
});

describe('a query above ODPS_COST_APPROVAL_ABOVE in the simulator, in Chromium', { skip: skipWithoutBrowser }, () => {
  const simulator = useSimulatorBrowser({
    ...PRICED,
    ODPS_COST_APPROVAL_ABOVE: '0.5',
    ODPS_COST_APPROVERS: 'S0DATALEADS',
  });

  test('zh-CN and en: the submitter’s own 批准 is refused; another approver’s Approve in the thread runs it', async () => {
    const lilei = await simulator.openAs('U0LILEI', 'C0SHUJU', 'zh-CN');
    await simulator.type(lilei, `/odps run ${SQL}`);
    const card = cardOf(lilei);
    await card.getByText('等待审批').waitFor(WAIT);
    const held = await textOf(card);
    assert.match(held, /暂缓原因：超过 US\$0\.50（无需审批即可运行的上限）。/);
    assert.match(held, /审批人：@data-leads/, 'the group by its handle');
    assert.equal(await card.getByRole('button', { name: '取消' }).count(), 1);
    assert.equal(await card.getByRole('button', { name: '批准' }).count(), 0, 'approval is asked in the thread');
    assert.doesNotMatch(held, /:[a-z_]+:/, 'every emoji is drawn, none left as its :name:');
    const ts = await card.getAttribute('data-ts');

    // The request in the card's thread: 李雷 is in the group, but it is his own query.
    await card.getByRole('button', { name: /回复/ }).click(WAIT);
    const request = lilei.locator('#thread-messages > li', { hasText: '申请在' });
    await request.waitFor(WAIT);
    const asking = await textOf(request);
    assert.match(asking, /@李雷 申请在 odps_demo 上运行一个查询 · 预估 US\$0\.63 · 暂缓原因/);
    assert.equal(await request.locator('strong', { hasText: 'US$0.63' }).count(), 1, 'the price in bold, no asterisks');
    await simulator.shot(lilei, 'cost-approval-held-zh-CN');
    await request.getByRole('button', { name: '批准' }).click(WAIT);
    const refusal = lilei.locator('li.message.ephemeral', { hasText: '不能批准自己的查询' });
    await refusal.waitFor(WAIT);
    await refusal.scrollIntoViewIfNeeded();
    await simulator.shot(lilei, 'cost-approval-own-refused-zh-CN');
    assert.match(await textOf(card), /等待审批/, 'still waiting');

    // Ada, the group's other member, on her own page with English chrome: the messages are in the
    // channel's language, Chinese, whoever reads them.
    const ada = await simulator.openAs('U0ADA', 'C0SHUJU', 'en');
    await eventually(async () => (await cardOf(ada).count()) === 1, 'the card on Ada’s page');
    assert.equal(await ada.locator('li.message.ephemeral').count(), 0, 'the refusal is 李雷’s alone');
    await cardOf(ada).getByRole('button', { name: /repl/ }).click(WAIT);
    const asked = ada.locator('#thread-messages > li', { hasText: '申请在' });
    await asked.waitFor(WAIT);
    await simulator.shot(ada, 'cost-approval-request-en');
    await asked.getByRole('button', { name: '批准' }).click(WAIT);
    await cardOf(ada).getByText('成功').first().waitFor(WAIT);
    assert.equal(await cardOf(ada).getAttribute('data-ts'), ts, 'the held card became the job card');
    await eventually(async () => /已由 @Ada Lovelace 于 .+ 批准/.test(await textOf(asked)), 'who approved');
    assert.match(await textOf(cardOf(ada)), /已由 @Ada Lovelace 于 .+ 批准/, 'the job card keeps who approved it');
    assert.equal(await asked.getByRole('button').count(), 0, 'no buttons on a decided request');
    assert.equal(await ada.locator('li.message.ephemeral').count(), 0, 'Ada’s approval went through without a note');
    await simulator.shot(ada, 'cost-approval-approved-en');

    // 李雷 sees his card run, in Chinese.
    await cardOf(lilei).getByText('成功').first().waitFor(WAIT);
    assert.equal(await cardOf(lilei).getAttribute('data-ts'), ts);
    await simulator.shot(lilei, 'cost-approval-done-zh-CN');
    await ada.close();
    await lilei.close();
  });
});
