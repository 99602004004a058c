import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { request } from 'undici';
import { useStandin, webClientFor } from './harness.ts';

const standin = await useStandin();

/** What Bolt's respond() does: POST the message as JSON to the response_url as given. */
async function respond(url: string, message: Record<string, unknown>): Promise<number> {
  const response = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  await response.body.dump();
  return response.statusCode;
}

describe('response_url', () => {
  it('records what is posted to each url, distinct per call', async () => {
    const first = standin.newResponseUrl();
    const second = standin.newResponseUrl();
    assert.notEqual(first, second);
    assert.ok(first.startsWith(`${standin.url}/response/`));
    assert.equal(await respond(first, { text: 'queued', response_type: 'ephemeral' }), 200);
    assert.equal(await respond(second, { text: 'done', replace_original: false }), 200);
    assert.deepEqual(standin.responses(), [
      { url: first, body: { text: 'queued', response_type: 'ephemeral' } },
      { url: second, body: { text: 'done', replace_original: false } },
    ]);
  });

  it('allows 5 posts per url, then answers 404 used_url (Bolt 5 throws RespondError)', async () => {
    const url = standin.newResponseUrl();
    for (let use = 1; use <= 5; use += 1) assert.equal(await respond(url, { text: `use ${use}` }), 200);
    assert.equal(await respond(url, { text: 'sixth' }), 404);
    assert.equal(standin.responses().filter((recorded) => recorded.url === url).length, 5);
  });

  it('applies posts to the channel when the url knows where it came from', async () => {
    const card = await webClientFor(standin).chat.postMessage({ channel: 'C1', text: 'card' });
    const url = standin.newResponseUrl({ channelId: 'C1', userId: 'U1', messageTs: card.ts as string });
    await respond(url, { text: 'only for U1' });
    await respond(url, { text: 'for everyone', response_type: 'in_channel', thread_ts: card.ts });
    await respond(url, { text: 'card, stopped', replace_original: true });
    assert.deepEqual(
      standin.channel('C1').map(({ text, ephemeralTo, threadTs, edited }) => ({ text, ephemeralTo, threadTs, edited })),
      [
        { text: 'card, stopped', ephemeralTo: undefined, threadTs: undefined, edited: true },
        { text: 'only for U1', ephemeralTo: 'U1', threadTs: undefined, edited: undefined },
        { text: 'for everyone', ephemeralTo: undefined, threadTs: card.ts, edited: undefined },
      ],
    );
    await respond(url, { delete_original: true });
    assert.equal(standin.channel('C1')[0]?.text, 'only for U1');
  });

  it('answers 404 for a url it never handed out', async () => {
    assert.equal(await respond(`${standin.url}/response/made-up`, { text: 'x' }), 404);
  });
});
