import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { useStandin, webClientFor } from './harness.ts';

const standin = await useStandin();
const client = webClientFor(standin);

describe('chat methods through a real WebClient', () => {
  it('posts, updates in place, threads and whispers the way a channel shows them', async () => {
    const card = await client.chat.postMessage({
      channel: 'C1',
      text: 'job submitted',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Running*' } }],
      metadata: { event_type: 'odps_instance', event_payload: { instance_id: '2024abc' } },
    });
    assert.equal(card.ok, true);
    assert.equal(card.channel, 'C1');
    assert.match(card.ts ?? '', /^\d{10}\.\d{6}$/);
    assert.equal(card.message?.user, 'U0BOT');
    assert.equal(card.message?.bot_id, 'B0BOT');
    const cardTs = card.ts as string;

    const updated = await client.chat.update({ channel: 'C1', ts: cardTs, text: 'job succeeded' });
    assert.equal(updated.ts, cardTs);
    const reply = await client.chat.postMessage({ channel: 'C1', thread_ts: cardTs, text: 'preview' });
    const replyToReply = await client.chat.postMessage({ channel: 'C1', thread_ts: reply.ts as string, text: 'csv' });
    const whisper = await client.chat.postEphemeral({ channel: 'C1', user: 'U2', text: 'only you' });
    assert.match(whisper.message_ts ?? '', /^\d{10}\.\d{6}$/);

    const shown = standin.channel('C1');
    assert.deepEqual(
      shown.map(({ text, threadTs, ephemeralTo, edited }) => ({ text, threadTs, ephemeralTo, edited })),
      [
        { text: 'job succeeded', threadTs: undefined, ephemeralTo: undefined, edited: true },
        { text: 'preview', threadTs: cardTs, ephemeralTo: undefined, edited: undefined },
        { text: 'csv', threadTs: cardTs, ephemeralTo: undefined, edited: undefined },
        { text: 'only you', threadTs: undefined, ephemeralTo: 'U2', edited: undefined },
      ],
    );
    // chat.update without blocks keeps them, as Slack does; metadata arrives parsed.
    assert.deepEqual(shown[0]?.blocks, [{ type: 'section', text: { type: 'mrkdwn', text: '*Running*' } }]);
    assert.deepEqual(shown[0]?.metadata, { event_type: 'odps_instance', event_payload: { instance_id: '2024abc' } });
    assert.equal(replyToReply.message?.thread_ts, cardTs);
  });

  it('hands out strictly increasing ts even when the clock stands still', async () => {
    const frozen = await useStandin({ clock: () => 1_700_000_000_000 });
    const frozenClient = webClientFor(frozen);
    const first = await frozenClient.chat.postMessage({ channel: 'C1', text: 'a' });
    const second = await frozenClient.chat.postMessage({ channel: 'C1', text: 'b' });
    assert.equal(first.ts, '1700000000.000000');
    assert.equal(second.ts, '1700000000.000001');
  });

  it('records every call with its parsed arguments and answer', async () => {
    standin.clearCalls();
    await client.chat.postMessage({ channel: 'C9', text: 'hi', blocks: [{ type: 'divider' }] });
    const [call, ...rest] = standin.calls('chat.postMessage');
    assert.equal(rest.length, 0);
    assert.deepEqual(call?.args, { channel: 'C9', text: 'hi', blocks: [{ type: 'divider' }] });
    assert.equal(call?.status, 200);
    assert.equal((call?.response as { ok: boolean } | undefined)?.ok, true);
    assert.equal(standin.calls().length, 1);
  });

  it('refuses to edit what the bot cannot edit: unknown ts, ephemeral messages', async () => {
    const whisper = await client.chat.postEphemeral({ channel: 'C2', user: 'U2', text: 'psst' });
    for (const ts of ['1.000001', whisper.message_ts as string]) {
      await assert.rejects(client.chat.update({ channel: 'C2', ts, text: 'x' }), (error: WebAPIPlatformError) => {
        assert.equal(error.code, ErrorCode.PlatformError);
        assert.equal(error.data.error, 'message_not_found');
        return true;
      });
    }
  });

  it('answers no_text for an empty post and gives permalinks for real messages only', async () => {
    await assert.rejects(client.chat.postMessage({ channel: 'C3', text: '' }), /no_text/);
    const posted = await client.chat.postMessage({ channel: 'C3', text: 'card' });
    const link = await client.chat.getPermalink({ channel: 'C3', message_ts: posted.ts as string });
    assert.equal(link.permalink, `${standin.url}/archives/C3/p${(posted.ts as string).replace('.', '')}`);
    await assert.rejects(client.chat.getPermalink({ channel: 'C3', message_ts: '1.000002' }), /message_not_found/);
  });

  it('deletes bot messages', async () => {
    const posted = await client.chat.postMessage({ channel: 'C4', text: 'gone soon' });
    await client.chat.delete({ channel: 'C4', ts: posted.ts as string });
    assert.deepEqual(standin.channel('C4'), []);
  });
});
