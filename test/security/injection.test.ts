import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTION } from '../../src/slack/messages/message.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { assertInert, assertSafeFileNames, HOSTILE, HOSTILE_MARKUP, recordedOutput } from '../support/inert.ts';
import { blockActionsBody, buttonClickPayload } from '../support/slack-requests.ts';
import { finalNotice, lastCard, slackEscape, waitFor } from './support.ts';

/**
 * Injection through the signed front door (the Lambda path on the local stack's loopback parts):
 * instance ids, Logview links, project names and button values that try to reach another request
 * path never reach the emulator at all; and markup hidden in SQL, results, column names and
 * MaxCompute's error texts stays inert in every message the bot sends.
 */
const door = await useFrontDoor({ env: { ODPS_ADMINS: 'U0ADMIN' } });
const ID = '20160519101349613gzbzufck2';
const LOGVIEW = 'https://logview.aliyun.com/logview/';

/** Each must be refused by the parser with a clear answer; none may produce a single MaxCompute request. */
const HOSTILE_REFERENCES = [
  '../../projects/other/instances',
  `${ID}/../../x`,
  `../${ID}`,
  `..%2F..%2F${ID}`,
  `%2e%2e%2f${ID}`,
  `${ID}%2F..`,
  `${ID}?curr_project=other`,
  `${ID}#fragment`,
  `${ID}&x=1`,
  `${ID};drop`,
  `${ID}\r\nX-Injected: 1`,
  `${ID.slice(0, 10)}\n${ID.slice(10)}`,
  `${ID}%0d%0aX-Injected:%201`,
  '２０１６０５１９１０１３４９６１３ｇｚｂｚｕｆｃｋ２',
  `${ID.slice(0, 20)}ѕ${ID.slice(21)}`,
  `${ID}\u200b/..`,
  'a'.repeat(65),
  `${ID}${'x'.repeat(5000)}`,
  'short',
  '',
  `${LOGVIEW}?h=x&p=../other&i=${ID}&token=t`,
  `${LOGVIEW}?h=x&p=${PROJECT}&i=..%2F..%2F${ID}`,
  `${LOGVIEW}?h=x&p=${PROJECT}&i=%2e%2e`,
  `${LOGVIEW}?h=x&p=${PROJECT}%2F..%2Fother&i=${ID}`,
  `${LOGVIEW}?h=x&p=${PROJECT}&i=${ID}%0d%0aX-Injected:%201`,
  `${LOGVIEW}?h=x&p=${PROJECT}&i=${ID}%3Fx%3D1`,
  `${LOGVIEW}?h=x&p=${PROJECT}&i=${ID}%23x`,
  `${LOGVIEW}?h=x&p=${PROJECT}&i=${'a'.repeat(65)}`,
  `${LOGVIEW}?h=x&p=ｐｒｏｊ&i=${ID}`,
  `${LOGVIEW}?h=x&i=${ID}`,
  `${LOGVIEW}?h=x&p=${PROJECT}`,
  `<${LOGVIEW}?h=x&p=../x&i=${ID}|Logview>`,
  `javascript:alert(1)//?p=${PROJECT}&i=${ID}`,
  'https://[::1',
];

function instancesTouched(): number {
  return door.emulator.stats().requests;
}

describe('instance ids and Logview links never reach a request path', () => {
  it(`${HOSTILE_REFERENCES.length} hostile references × status, stop, result, logview, watch: a clear usage answer, zero MaxCompute requests`, async (t) => {
    door.emulator.resetStats();
    let answered = 0;
    for (const reference of HOSTILE_REFERENCES) {
      for (const subcommand of ['status', 'stop', 'result', 'logview', 'watch']) {
        const text = `${subcommand} ${slackEscape(reference)}`;
        const reply = await door.command(text);
        assert.equal(reply.statusCode, 200, text);
        assert.equal(reply.body.response_type, 'ephemeral', text);
        assert.match(
          reply.body.text ?? '',
          /not an instance id or Logview link|an instance id or Logview link is needed|did not expect|That link has no instance/,
          `${text} → ${reply.body.text}`,
        );
        assertInert(reply.body, text);
        answered++;
      }
    }
    await door.drain();
    assert.equal(instancesTouched(), 0, 'no request reached the emulator');
    t.diagnostic(`${answered} commands refused by the parser, 0 MaxCompute requests`);
  });

  it('project names with path characters are refused in run, list and Logview links', async () => {
    door.emulator.resetStats();
    for (const text of [
      'run -p ../other select 1',
      'run -p other/../x select 1',
      'run --project=a%2Fb select 1',
      'run -p ｐｒｏｊ select 1',
      `run -p ${'p'.repeat(129)} select 1`,
      'list -p ../other',
      'list --project=x?y=1',
      'list -p x#y',
    ]) {
      const reply = await door.command(slackEscape(text));
      assert.match(
        reply.body.text ?? '',
        /not a project name|did not expect|unknown option/,
        `${text} → ${reply.body.text}`,
      );
      assertInert(reply.body, text);
    }
    await door.drain();
    assert.equal(instancesTouched(), 0);
  });

  it('button values that are not <project>/<id> do nothing: no request, no message', async () => {
    door.emulator.resetStats();
    const before = door.standin.calls().length;
    for (const value of [
      `${PROJECT}/../${ID}`,
      `../${PROJECT}/${ID}`,
      `${PROJECT}/${ID}/stop`,
      `${PROJECT}/${ID}?x=1`,
      `${PROJECT}/${ID}#x`,
      `${PROJECT}%2F${ID}`,
      `${PROJECT}/${ID}\r\n`,
      `${PROJECT}/${'a'.repeat(65)}`,
      `${PROJECT}`,
      '',
      HOSTILE,
    ]) {
      for (const action of [ACTION.stop, ACTION.refresh]) {
        const reply = await door.deliver(
          blockActionsBody(buttonClickPayload({ actionId: action, value, messageTs: '1700000000.000100' })),
        );
        assert.equal(reply.statusCode, 200);
      }
    }
    await door.drain();
    assert.equal(instancesTouched(), 0);
    assert.equal(door.standin.calls().length, before);
  });
});

describe('hostile text stays inert in every message', () => {
  // DuckDB (the emulator's engine) quotes identifiers with double quotes, not MaxCompute's backticks.
  const hostileAlias = (markup: string) => `"${markup}"`;
  const literals = HOSTILE_MARKUP.map((markup, n) => `'${markup}' as ${hostileAlias(`c${n} ${markup}`)}`).join(', ');

  it('a failing query whose error text is hostile: card, failure notice and status', async () => {
    const reply = await door.command(slackEscape(`run set emulator.fail=ODPS-0130071: ${HOSTILE}; select 1`));
    assertInert(reply.body, 'ack');
    await door.drain();
    const card = lastCard(door.standin);
    const notice = await finalNotice(door, card);
    // The service's text is shown as it was sent, in a rich-text block, where markup is plain text.
    assert.ok(JSON.stringify(notice.blocks).includes(`ODPS-0130071: ${HOSTILE}`));
    const status = await door.command(`status ${card.id}`);
    assertInert(status.body, 'status');
    const result = await door.command(`result ${card.id}`);
    assertInert(result.body, 'result');
  });

  it('a query whose SQL fails to compile echoes hostile text in the error: on the held card, then the notice', async () => {
    await door.command(slackEscape(`run select ${HOSTILE} from pyodps_iris`));
    await door.drain();
    // MaxCompute cannot estimate SQL that does not compile: the query is held, its card quoting the error.
    const held = door.standin.calls('chat.postMessage').at(-1);
    assert.ok(held, 'a held card');
    assertInert(held.args, 'held card');
    const requestId = /"value":"([^"]+)"/.exec(JSON.stringify(held?.args.blocks))?.[1];
    assert.ok(requestId, 'the held card has its buttons');
    assert.match(JSON.stringify(held?.args.blocks), /Original message: ODPS-01/);
    const ts = String((held.response as { ts?: string } | undefined)?.ts);
    await door.click('odps_run_confirm', requestId, ts);
    await door.drain();
    // Confirmed, the held card became the job card (updated in place): its thread gets the notice.
    const notice = await finalNotice(door, { ts, channel: String(held?.args.channel) });
    assert.match(notice.text ?? '', /failed/i);
  });

  it('a result table of hostile values under hostile column names: preview, CSV file and its comment', async () => {
    // 150 rows: more than the preview shows, so the whole result goes up as a CSV file.
    await door.command(slackEscape(`run select ${literals}, sepallength from pyodps_iris`));
    await door.drain();
    const card = lastCard(door.standin);
    const notice = await finalNotice(door, card);
    assert.ok(JSON.stringify(notice.blocks).includes('<!channel>'), 'the values are shown, as table cells');
    await waitFor(() => door.standin.files().find((file) => file.threadTs === card.ts));
    const preview = await door.command(`result ${card.id} --csv`);
    assertInert(preview.body, 'result --csv');
    await door.drain();
  });

  it('a short hostile result fits the preview; status, logview and list stay inert too', async () => {
    await door.command(slackEscape(`run select ${literals}`));
    await door.drain();
    const card = lastCard(door.standin);
    await finalNotice(door, card);
    for (const text of [`status ${card.id}`, `logview ${card.id}`, 'list', 'list all', `watch ${card.id}`]) {
      const reply = await door.command(text);
      assertInert(reply.body, text);
    }
    await door.drain();
  });

  it('usage errors that quote the hostile token', async () => {
    for (const text of [
      HOSTILE,
      `status ${HOSTILE}`,
      `stop <!channel>`,
      `list --since <!here>`,
      `run --limit <@U123> select 1`,
      `run --hint <#C123>=1 select 1`,
      `help <https://evil.example|click>`,
      `frobnicate <@U123|alice> &amp;&lt;&gt;`,
    ]) {
      const reply = await door.command(text);
      assert.equal(reply.statusCode, 200);
      assertInert(reply.body, text);
    }
  });

  it('stop by an admin: the notice says who stopped it; nothing hostile in the thread', async () => {
    await door.command(slackEscape(`run set emulator.duration.ms=60000; select ${literals}`));
    await door.drain();
    const card = lastCard(door.standin);
    const reply = await door.deliver(
      blockActionsBody(
        buttonClickPayload({
          actionId: ACTION.stop,
          value: `${PROJECT}/${card.id}`,
          messageTs: card.ts,
          userId: 'U0ADMIN',
          responseUrl: door.standin.newResponseUrl({ channelId: 'C0CHAN', userId: 'U0ADMIN' }),
        }),
      ),
    );
    assert.equal(reply.statusCode, 200);
    await door.drain();
    const notice = await finalNotice(door, card);
    assert.match(notice.text ?? '', /was stopped by <@U0ADMIN> after/);
  });

  it('every recorded Slack call and response_url post is inert; file names and titles are plain', async () => {
    await door.drain();
    const outputs = recordedOutput(door.standin);
    assert.ok(outputs.length > 20, `${outputs.length} outputs`);
    for (const { where, payload } of outputs) assertInert(payload, where);
    // The hostile text did reach the messages (escaped in mrkdwn, as it is in rich text and table cells).
    const sent = JSON.stringify(outputs);
    for (const markup of ['&lt;!channel&gt;', '&lt;@U123&gt;', '&lt;#C123&gt;', '&lt;https://evil.example|click&gt;']) {
      assert.ok(sent.includes(markup), `escaped in mrkdwn somewhere: ${markup}`);
    }
    for (const markup of HOSTILE_MARKUP) assert.ok(sent.includes(JSON.stringify(markup).slice(1, -1)), markup);
    assert.ok(door.standin.files().length >= 1);
    assertSafeFileNames(door.standin);
  });
});
