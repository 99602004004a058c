import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

/** The simulator page reads mrkdwn the way the Slack client does; its parser is pure, so it runs here. */
const modulePath = new URL('../../src/slack-standin/simulator/page/mrkdwn.js', import.meta.url).href;
const { parseMrkdwn, renderMrkdwn, emojiFor } = (await import(modulePath)) as {
  parseMrkdwn: (text: string) => unknown[];
  renderMrkdwn: (text: string, ctx: Record<string, unknown>) => FakeNode;
  emojiFor: (name: string) => string | undefined;
};

/** Just the DOM renderMrkdwn builds with: elements and text nodes, and the text they hold. */
interface FakeNode {
  textContent: string;
  className?: string;
  readonly children: FakeNode[];
  append(...nodes: FakeNode[]): void;
}

function fakeNode(initial = ''): FakeNode {
  let text = initial;
  const node: FakeNode = {
    children: [],
    get textContent() {
      return text + node.children.map((child) => child.textContent).join('');
    },
    set textContent(value: string) {
      text = value;
      node.children.length = 0;
    },
    append: (...nodes) => node.children.push(...nodes),
  };
  return node;
}

const fakeDocument = {
  createDocumentFragment: () => fakeNode(),
  createElement: () => fakeNode(),
  createTextNode: (text: string) => fakeNode(text),
};

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

test('a user group shows as its handle when the workspace knows it, else its label, else @group', () => {
  assert.deepEqual(parseMrkdwn('<!subteam^S0DATALEADS> <!subteam^S0X|@ops>'), [
    { t: 'usergroup', id: 'S0DATALEADS', label: undefined },
    { t: 'text', v: ' ' },
    { t: 'usergroup', id: 'S0X', label: 'ops' },
  ]);
  const ctx = {
    document: fakeDocument,
    language: 'en',
    personName: (id: string) => id,
    channelName: (id: string) => id,
    groupHandle: (id: string) => (id === 'S0DATALEADS' ? 'data-leads' : undefined),
  };
  const shown = (text: string) => renderMrkdwn(text, ctx).textContent;
  assert.equal(shown('Approvers: <!subteam^S0DATALEADS> <@U0ADA>'), 'Approvers: @data-leads @U0ADA');
  assert.equal(shown('<!subteam^S0X|@ops>'), '@ops', 'the label once, not @@ops');
  assert.equal(shown('<!subteam^S0UNKNOWN>'), '@group');
});

test('every emoji the app writes (:name: in src/slack) is one the page draws', () => {
  const root = new URL('../../src/slack/', import.meta.url);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  const names = new Set<string>();
  for (const file of files) {
    const source = readFileSync(new URL(file, root), 'utf8');
    for (const match of source.matchAll(/['`]:([a-z][a-z0-9_+-]*):[ '`]/g)) names.add(match[1] ?? '');
  }
  assert.ok(names.has('raised_hand') && names.has('white_check_mark'), `found the app's emoji: ${[...names]}`);
  assert.deepEqual(
    [...names].filter((name) => emojiFor(name) === undefined),
    [],
    'emoji the simulator would show as :name:',
  );
});
