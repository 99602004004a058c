import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CATALOGS, matchLocale, placeholders, translator } from '../../../src/slack/i18n/catalog.ts';
import { formatBytes, formatDuration, slackDate } from '../../../src/slack/i18n/format.ts';

describe('message catalogs', () => {
  const [reference, ...others] = Object.entries(CATALOGS);
  assert.ok(reference);

  for (const [locale, catalog] of others) {
    it(`${locale} has exactly the English keys, each with the same placeholders`, () => {
      assert.deepEqual(Object.keys(catalog).sort(), Object.keys(reference[1]).sort());
      for (const [key, text] of Object.entries(reference[1])) {
        assert.deepEqual(placeholders(catalog[key as keyof typeof catalog]), placeholders(text), key);
      }
    });
  }

  it('no message is empty or left untranslated where a translation is expected', () => {
    const zh = CATALOGS['zh-CN'];
    const same = Object.entries(CATALOGS.en).filter(([key, text]) => zh[key as keyof typeof zh] === text);
    // Only product names and pure placeholders may read the same in both languages.
    assert.deepEqual(
      same.map(([key]) => key),
      ['button.logview', 'list.row', 'modal.sql'],
    );
  });

  it('a placeholder the builders make *bold* stands apart from the text around it, or Slack prints the asterisks', () => {
    // Slack reads *bold* only when its asterisks touch a space, a line edge or ASCII punctuation:
    // `查询：*US$0.63*。` shows the asterisks (as the job card's `*成功*，用时` did).
    const bold = {
      'card.status.running': 'status',
      'card.status.ended': 'status',
      'hold.request': 'price',
      'cost.summary': 'price',
    } as const;
    for (const [locale, catalog] of Object.entries(CATALOGS)) {
      for (const [key, name] of Object.entries(bold)) {
        const text = catalog[key as keyof typeof catalog];
        const at = text.indexOf(`{${name}}`);
        assert.ok(at >= 0, `${locale} ${key}`);
        assert.match(text[at - 1] ?? ' ', /[\s(]/, `${locale} ${key}: ${text}`);
        assert.match(text[at + name.length + 2] ?? ' ', /[\s).,;:!?]/, `${locale} ${key}: ${text}`);
      }
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('zh-CN');
    assert.equal(t('stop.requested', { instanceId: 'abc' }), '已请求停止实例 abc。');
    assert.equal(t('stop.requested'), '已请求停止实例 {instanceId}。');
  });

  it('maps Slack locales onto the catalogs', () => {
    assert.equal(matchLocale('zh-CN'), 'zh-CN');
    assert.equal(matchLocale('zh_CN'), 'zh-CN');
    assert.equal(matchLocale('en-GB'), 'en');
    assert.equal(matchLocale('zh-TW'), undefined);
    assert.equal(matchLocale('zh-Hans'), 'zh-CN');
    assert.equal(matchLocale('EN'), 'en');
    assert.equal(matchLocale('ja-JP'), undefined);
    assert.equal(matchLocale(undefined), undefined);
  });
});

describe('locale formatting', () => {
  it('durations', () => {
    assert.equal(formatDuration(245_000, 'en'), '4m05s');
    assert.equal(formatDuration(245_000, 'zh-CN'), '4分05秒');
    assert.equal(formatDuration(3_700_000, 'en'), '1h01m');
    assert.equal(formatDuration(9_000, 'zh-CN'), '9秒');
  });

  it('sizes and Slack dates', () => {
    assert.equal(formatBytes(1536, 'en'), '1.5 KB');
    assert.match(
      slackDate(Date.UTC(2026, 10, 23, 8, 15), 'en'),
      /^<!date\^1795421700\^\{date_short_pretty\} \{time\}\|.+ UTC>$/,
    );
  });
});
