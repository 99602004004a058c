import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes } from '../../src/slack/i18n/format.ts';

/**
 * A shared file's size on the simulator's file card reads as people read sizes, and agrees with the
 * size the app writes in the file's comment ("446.8 KB" on both, not "457521 bytes" under "446.8 KB").
 */
const modulePath = new URL('../../src/slack-standin/simulator/page/chrome-text.js', import.meta.url).href;
const { fileSizeText } = (await import(modulePath)) as {
  fileSizeText: (language: string, bytes: number) => string;
};

test('under a kilobyte, in bytes, in the page’s language', () => {
  assert.equal(fileSizeText('en', 0), '0 bytes');
  assert.equal(fileSizeText('en', 1023), '1,023 bytes');
  assert.equal(fileSizeText('zh-CN', 512), '512 字节');
});

test('larger, in KB, MB or GB with one decimal, as the app’s comments write them', () => {
  assert.equal(fileSizeText('en', 457_521), '446.8 KB');
  assert.equal(fileSizeText('en', 2_949), '2.9 KB');
  assert.equal(fileSizeText('en', 100 * 1024 * 1024), '100 MB');
  assert.equal(fileSizeText('zh-CN', 5 * 1024 ** 3 + 1), '5 GB');
  for (const bytes of [1024, 2_949, 457_521, 7_340_032, 104_857_600, 3 * 1024 ** 3]) {
    for (const language of ['en', 'zh-CN'] as const) {
      assert.equal(fileSizeText(language, bytes), formatBytes(bytes, language), `${bytes} in ${language}`);
    }
  }
});
