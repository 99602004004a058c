import assert from 'node:assert/strict';
import { test } from 'node:test';

/** The simulator page reads mrkdwn the way the Slack client does; its parser is pure, so it runs here. */
const modulePath = new URL('../../src/slack-standin/simulator/page/mrkdwn.js', import.meta.url).href;
const { parseMrkdwn } = (await import(modulePath)) as { parseMrkdwn: (text: string) => unknown[] };

test('bold, italic and strike need word edges; CJK punctuation against the asterisk stays literal', () => {
  assert.deepEqual(parseMrkdwn('*Succeeded* after 2s'), [
    { t: 'bold', c: [{ t: 'text', v: 'Succeeded' }] },
    { t: 'text', v: ' after 2s' },
  ]);
  assert.deepEqual(parseMrkdwn('*成功*，用时'), [{ t: 'text', v: '*成功*，用时' }]);
  assert.deepEqual(parseMrkdwn('a_b_c'), [{ t: 'text', v: 'a_b_c' }]);
});

test('entities: mentions, broadcasts, dates, links (http, https and mailto only)', () => {
  assert.deepEqual(parseMrkdwn('<@U0ADA> <!here>'), [
    { t: 'user', id: 'U0ADA', label: undefined },
    { t: 'text', v: ' ' },
    { t: 'special', v: 'here' },
  ]);
  assert.deepEqual(parseMrkdwn('<!date^1700000000^{date_short}|Nov 14>'), [
    { t: 'date', epoch: 1_700_000_000, format: '{date_short}', fallback: 'Nov 14' },
  ]);
  assert.deepEqual(parseMrkdwn('<https://x.example/a?b=1&amp;c=2|logview>'), [
    { t: 'link', url: 'https://x.example/a?b=1&c=2', label: 'logview' },
  ]);
  assert.deepEqual(parseMrkdwn('<javascript:alert(1)|x>'), [{ t: 'text', v: '<javascript:alert(1)|x>' }]);
});

test('escapes decode once, and nothing inside code is formatted', () => {
  assert.deepEqual(parseMrkdwn('&lt;!channel&gt; &amp;'), [{ t: 'text', v: '<!channel> &' }]);
  assert.deepEqual(parseMrkdwn('`*not bold* &lt;`'), [{ t: 'code', v: '*not bold* <' }]);
  assert.deepEqual(parseMrkdwn('```\nselect 1\n```'), [{ t: 'pre', v: 'select 1\n' }]);
});
