import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translator } from '../../../src/slack/i18n/catalog.ts';
import { finalNoticeMessage } from '../../../src/slack/messages/final-notice.ts';
import { instanceListMessage } from '../../../src/slack/messages/instance-list.ts';
import { jobCard } from '../../../src/slack/messages/job-card.ts';
import { blockKitProblems } from '../../../src/slack/messages/limits.ts';
import type { SlackMessage } from '../../../src/slack/messages/message.ts';
import {
  escapeMrkdwn,
  slackLength,
  splitWithin,
  truncate,
  truncateMrkdwn,
} from '../../../src/slack/messages/mrkdwn.ts';
import { errorNotice, logviewMessage, notice } from '../../../src/slack/messages/notices.ts';
import { resultPreview } from '../../../src/slack/messages/result-preview.ts';
import { statusMessage } from '../../../src/slack/messages/status.ts';
import { checkBlocks } from '../../../src/slack-standin/index.ts';
import { assertInert, mrkdwnStrings } from '../../support/inert.ts';

/**
 * Long and unusual content the security suite's fuzzing found mishandled (test/security/fuzz-blocks):
 * Logview links cut in half, context texts past Slack's 3,000 characters, entities cut to `&l…`,
 * and limits counted in code points where Slack (and the stand-in) may count UTF-16 units.
 */
const t = translator('en');
const ID = '20261123043738049gqt7xqseb';

/** A Logview link as the client builds it, with a token of a realistic length (~330 characters in all). */
function logviewUrl(n: number): string {
  const url = new URL('https://logview.aliyun.com/logview/');
  url.searchParams.set('h', 'http://service.cn-shanghai.maxcompute.aliyun.com/api');
  url.searchParams.set('p', 'odps_demo');
  url.searchParams.set('i', `${ID}${n}`);
  url.searchParams.set('token', 'T'.repeat(200));
  return url.toString();
}

function assertValid(message: SlackMessage): void {
  assert.deepEqual(blockKitProblems(message.blocks), []);
  assert.deepEqual(checkBlocks(message.blocks), { ok: true });
  assertInert(message, 'message', { trustedUrl: /^https:\/\/logview\.aliyun\.com\/logview\/\?[^\s<>|]*$/ });
}

/** Every `<` opens an element that is closed again: no link was cut in half. */
function assertWholeElements(message: SlackMessage): void {
  for (const text of mrkdwnStrings(message)) {
    assert.equal((text.match(/</g) ?? []).length, (text.match(/>/g) ?? []).length, text.slice(-200));
  }
}

describe('long content in messages', () => {
  it('/odps logview for an XFlow of 40 steps: whole links only, and a count of those left out', () => {
    const links = Array.from({ length: 40 }, (_, n) => ({ name: `step_${n}`, url: logviewUrl(n) }));
    const message = logviewMessage(ID, links, t);
    assertValid(message);
    assertWholeElements(message);
    const shown = (mrkdwnStrings(message)[1]?.match(/<https/g) ?? []).length;
    assert.ok(shown >= 5 && shown < 40, `${shown} shown`);
    assert.match(JSON.stringify(message.blocks), new RegExp(`${40 - shown} more Logview links`));
  });

  it('a final notice with 12 sub-instance links keeps its context within 3,000 characters', () => {
    const logview = Array.from({ length: 12 }, (_, n) => ({ name: `step_${n}`, url: logviewUrl(n) }));
    const { message } = finalNoticeMessage(ID, { outcome: 'succeeded', elapsedMs: 1000, logview }, { mentions: [] }, t);
    assertValid(message);
    assertWholeElements(message);
  });

  it('an error whose text is 2,000 characters of XML stays within the context limit once escaped', () => {
    const xml = `<Error><Code>ODPS-0130071</Code><Message>${'<b>&amp;</b>'.repeat(200)}</Message></Error>`;
    const message = errorNotice('MaxCompute said: ODPS-0130071', xml, t);
    assertValid(message);
    assertWholeElements(message);
  });

  it('a notice whose text escapes to five times its length is cut to the section limit', () => {
    assertValid(notice('&'.repeat(3000), ':warning:'));
    assertValid(notice('<!channel>'.repeat(400)));
  });

  it('a job card with a long stage string never shows half an entity', () => {
    for (const length of [2890, 2895, 2899, 3000, 5000]) {
      const message = jobCard(
        {
          project: 'odps_demo',
          instanceId: ID,
          requestedBy: 'U0ALICE',
          origin: 'run',
          submittedAt: 0,
          state: 'running',
          elapsedMs: 0,
          stages: '&'.repeat(length),
        },
        t,
      );
      assertValid(message);
    }
  });

  it('a preview of emoji stays within the limits however Slack counts characters', () => {
    const cell = '😀'.repeat(79);
    const table = { columns: ['a', 'b', 'c', 'd', 'e'], rows: Array.from({ length: 60 }, () => Array(5).fill(cell)) };
    assertValid(resultPreview(table, t).message);
  });
});

describe('cutting text', () => {
  it('truncate counts UTF-16 units and never splits a surrogate pair', () => {
    assert.equal(slackLength('😀'), 2);
    assert.equal(truncate('😀😀😀', 4), '😀…');
    assert.equal(truncate('a😀😀', 3), 'a…');
    assert.equal(truncate('abc', 3), 'abc');
  });

  it('truncateMrkdwn backs off from a cut entity or element', () => {
    assert.equal(truncateMrkdwn('ab &lt;!here&gt;', 6), 'ab …');
    assert.equal(truncateMrkdwn('ab &amp; cd', 7), 'ab …');
    assert.equal(truncateMrkdwn('see <https://x.example/a|link> now', 12), 'see …');
    assert.equal(truncateMrkdwn('<https://x.example/a|link> &amp; more', 30), '<https://x.example/a|link> …');
    assert.equal(truncateMrkdwn('short', 10), 'short');
  });

  it('/odps list: 15 lines whose ids and owners are all escaped characters stay within every limit', () => {
    // Found by the status/list fuzz property: the page was one section, past 3,000 characters.
    const instances = Array.from({ length: 15 }, (_, n) => ({
      id: `${n}${'<'.repeat(62)}`,
      owner: '&'.repeat(128),
      status: 'Running' as const,
      startTime: new Date(Date.UTC(2026, 10, 23, 12, n)),
    }));
    const message = instanceListMessage({ project: 'odps_demo', instances, total: 15, capped: false, page: 1 }, t);
    assertValid(message);
    const text = mrkdwnStrings(message).join('\n');
    // Every line keeps its id (it comes first); the owner is what gets cut.
    for (const instance of instances) assert.ok(text.includes(escapeMrkdwn(instance.id)), instance.id.slice(0, 3));
    assert.ok(message.blocks.filter((block) => block.type === 'section').length > 1, 'split into sections');
  });

  it('/odps list: a real page is one section of whole lines', () => {
    const instances = Array.from({ length: 15 }, (_, n) => ({
      id: `${ID.slice(0, -2)}${String(n).padStart(2, '0')}`,
      owner: 'ALIYUN$data.engineer@example.com',
      status: 'Terminated' as const,
      startTime: new Date(Date.UTC(2026, 10, 23, 12, n)),
    }));
    const message = instanceListMessage({ project: 'odps_demo', instances, total: 40, capped: false, page: 1 }, t);
    assertValid(message);
    const sections = message.blocks.filter((block) => block.type === 'section');
    assert.equal(sections.length, 1);
    assert.doesNotMatch(JSON.stringify(sections), /…/);
  });

  it('splitWithin keeps whole pieces in order and cuts only a piece too long on its own', () => {
    assert.deepEqual(splitWithin(['aaa', 'bbb', 'ccc'], '\n', 7), ['aaa\nbbb', 'ccc']);
    assert.deepEqual(splitWithin(['aaaaaaaaaa', 'b'], '\n', 5), ['aaaa…', 'b']);
    assert.deepEqual(splitWithin([], '\n', 5), []);
  });

  it('/odps status with a Logview link the heading cannot hold: the title without the link, never half a link', () => {
    // Found by the status/list fuzz property: a link of percent-encoded astral characters.
    const view = {
      project: 'odps_demo',
      instanceId: ID,
      status: 'Running' as const,
      successful: false,
      startTime: new Date(0),
      tasks: [],
    };
    const long = statusMessage({ ...view, logviewUrl: `${logviewUrl(1)}&x=${'%F0%90%80%80'.repeat(250)}` }, t);
    assertValid(long);
    assertWholeElements(long);
    assert.doesNotMatch(JSON.stringify(long.blocks[0]), /logview\.aliyun\.com/);
    assert.match(JSON.stringify(long.blocks[0]), new RegExp(ID));
    // A real one is kept.
    assert.match(
      JSON.stringify(statusMessage({ ...view, logviewUrl: logviewUrl(1) }, t).blocks[0]),
      /logview\.aliyun\.com/,
    );
  });
});
