import assert from 'node:assert/strict';
import { test } from 'node:test';
import { slackTypedText } from '../../src/slack-standin/simulator/typed-text.ts';
import { DEFAULT_WORKSPACE, mentionDirectory } from '../../src/slack-standin/simulator/workspace.ts';

/** The simulator's copy of Slack's client-side encoding of typed text, case by case. */
const directory = mentionDirectory(DEFAULT_WORKSPACE, 'U0BOT');
const tokens = (typed: string) => slackTypedText(typed, directory, { tokens: true });

test('markup typed as text is escaped, entities typed as text included', () => {
  assert.equal(
    tokens("select '<!channel> <@U123>' where a<b & c>d"),
    "select '&lt;!channel&gt; &lt;@U123&gt;' where a&lt;b &amp; c&gt;d",
  );
  assert.equal(tokens('&amp; &lt;'), '&amp;amp; &amp;lt;');
});

test('people by user name or full name, any case; the app by its name; the longest name wins', () => {
  assert.equal(tokens('@ADA @Ada Lovelace, @李雷 @odps'), '<@U0ADA> <@U0ADA>, <@U0LILEI> <@U0BOT>');
  assert.equal(tokens('@Grace Hopper.'), '<@U0GRACE>.');
});

test('a name that goes on, an address, or an unknown name is text', () => {
  assert.equal(
    tokens('@adam @ada_l @ada.l ada@example.com @nobody @李雷雷'),
    '@adam @ada_l @ada.l ada@example.com @nobody @李雷雷',
  );
});

test('broadcasts and channels, in both languages’ channels', () => {
  assert.equal(tokens('@here @Channel @everyone @channels'), '<!here> <!channel> <!everyone> @channels');
  assert.equal(
    tokens('see #data-eng and #数据平台, not #data-engineering'),
    'see <#C0DATAENG|data-eng> and <#C0SHUJU|数据平台>, not #data-engineering',
  );
});

test('links are wrapped, without the sentence’s punctuation, their & escaped', () => {
  assert.equal(tokens('open https://x.example/a?b=1&c=2.'), 'open <https://x.example/a?b=1&amp;c=2>.');
  assert.equal(tokens("'http://x.example/@ada'"), "'<http://x.example/@ada>'");
});

test('without tokens (should_escape off) the text is only escaped', () => {
  assert.equal(slackTypedText('@ada <b> #data-eng', directory, { tokens: false }), '@ada &lt;b&gt; #data-eng');
});
