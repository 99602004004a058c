import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { SHOTS, skipWithoutBrowser, useSimulatorBrowser, WAIT } from './simulator-browser-support.ts';

/**
 * The simulator page in real headless Chromium against the whole local stack as `npm start` builds
 * it: a person types /odps run, watches the job card, opens the thread with the result table, stops
 * a long query through the confirm dialog, and does the same in Chinese. Screenshots go to
 * test-output/. The page's frame, thread pane and typing have their own files (simulator-*.test.ts).
 */
describe('Slack simulator page in Chromium', { skip: skipWithoutBrowser }, () => {
  const { openAs, type } = useSimulatorBrowser();

  test('run: the card goes from Running to Succeeded and the thread holds the result table', async () => {
    const page = await openAs('U0ADA', 'C0DATAENG', 'en');
    assert.equal(await page.locator('h2#channel-title').textContent(), '# data-eng');
    await type(page, '/odps run select * from pyodps_iris limit 5');
    const card = page.locator('#messages > li.message', { has: page.locator('button', { hasText: 'Stop' }) });
    await card.getByText('Running').first().waitFor(WAIT);
    assert.match((await card.textContent()) ?? '', /select \* from pyodps_iris limit 5/);
    await page.locator('#messages > li.message', { hasText: 'Succeeded' }).first().waitFor(WAIT);
    await page.getByRole('button', { name: '1 reply' }).click();
    const table = page.locator('#thread .block-table table');
    await table.waitFor(WAIT);
    const header = await table.locator('th').allTextContents();
    assert.deepEqual(header, ['sepallength', 'sepalwidth', 'petallength', 'petalwidth', 'name']);
    assert.equal(await table.locator('tbody tr').count(), 5);
    // The Submitting… answer (only for Ada) is gone once the card stands: the channel holds the card alone.
    await page.locator('#messages li.ephemeral', { hasText: 'Submitting' }).waitFor({ state: 'detached', ...WAIT });
    await page.screenshot({ path: `${SHOTS}simulator-run.png`, fullPage: true });
    await page.close();
  });

  test('a result bigger than the preview: the whole CSV downloads from the thread, next to the Logview link', async () => {
    const page = await openAs('U0GRACE', 'C0DATAENG', 'en');
    await type(page, '/odps run --limit 3 select * from pyodps_iris limit 40');
    await page
      .locator('#messages > li.message', { hasText: 'select * from pyodps_iris limit 40' })
      .getByText('Succeeded')
      .waitFor(WAIT);
    const card = page.locator('#messages > li.message', { hasText: 'select * from pyodps_iris limit 40' });
    await card.getByRole('button', { name: /repl/ }).click();
    const download = page.locator('#thread .file a', { hasText: 'Download' });
    await download.waitFor(WAIT);
    const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
    const path = await file.path();
    const csv = readFileSync(path, 'utf8');
    assert.equal(csv.trim().split('\n').length, 41, 'a header and 40 rows');
    assert.match(file.suggestedFilename(), /\.csv$/);
    const logview = page.locator('#thread a.link', { hasText: 'Logview' }).first();
    assert.match((await logview.getAttribute('href')) ?? '', /logview/);
    await page.close();
  });

  test('stop: Stop asks first, then the card shows the instance stopped', async () => {
    const page = await openAs('U0ADA', 'C0DATAENG', 'en');
    await type(page, '/odps run --hint emulator.duration.ms=600000 select count(*) from pyodps_iris');
    const card = page.locator('#messages > li.message', { hasText: 'select count(*) from pyodps_iris' });
    await card.locator('button', { hasText: 'Stop' }).waitFor(WAIT);
    await card.locator('button', { hasText: 'Stop' }).click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.getByText('Stop this instance?').waitFor(WAIT);
    // Keyboard first: Escape keeps it running.
    await page.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), false);
    await card.locator('button', { hasText: 'Stop' }).click();
    await dialog.getByRole('button', { name: 'Stop it' }).click();
    await card.getByText('Stopped').first().waitFor(WAIT);
    assert.equal(await card.locator('button', { hasText: 'Stop' }).count(), 0);
    await page.screenshot({ path: `${SHOTS}simulator-stop.png`, fullPage: true });
    await page.close();
  });

  test('中文: the page chrome and the Chinese channel’s card are in Chinese', async () => {
    const page = await openAs('U0LILEI', 'C0SHUJU', 'zh-CN');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.locator('#workspace-name').textContent(), '本地工作区');
    await type(page, '/odps run select name, count(*) as n from pyodps_iris group by name');
    await page.locator('#messages > li.message', { hasText: '成功' }).first().waitFor(WAIT);
    await page.getByRole('button', { name: '1 条回复' }).click();
    await page.locator('#thread .block-table table').waitFor(WAIT);
    assert.equal(await page.locator('#thread h2').textContent(), '话题');
    await page.screenshot({ path: `${SHOTS}simulator-zh.png`, fullPage: true });
    await page.close();
  });
  test('/odps list: each row names its outcome and its time never breaks across lines', async () => {
    const page = await openAs('U0ADA', 'C0DATAENG', 'en');
    await type(page, '/odps run select 1');
    await page.locator('#messages > li.message', { hasText: 'Succeeded' }).first().waitFor(WAIT);
    await type(page, '/odps list');
    const list = page.locator('#messages li.ephemeral', { hasText: 'Instances in' }).last();
    await list.waitFor(WAIT);
    assert.match((await list.textContent()) ?? '', / · Succeeded · /);
    const dates = list.locator('time.slack-date');
    assert.ok((await dates.count()) >= 1);
    // Narrowed a step at a time, the row wraps at every width in turn: a date must wrap as a whole.
    const broken = await list.evaluate((item) => {
      const widths: number[] = [];
      for (let width = 900; width >= 300; width -= 7) {
        (item as unknown as { style: { width: string } }).style.width = `${width}px`;
        for (const date of item.querySelectorAll('time.slack-date')) {
          if (date.getClientRects().length > 1) widths.push(width);
        }
      }
      (item as unknown as { style: { width: string } }).style.width = '';
      return widths;
    });
    assert.deepEqual(broken, [], 'widths at which a date broke across lines');
    await page.screenshot({ path: `${SHOTS}simulator-list.png` });
    await page.close();
  });
});
