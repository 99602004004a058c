import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, type WebAPIHTTPError, type WebAPIPlatformError, WebClientEvent } from '@slack/web-api';
import { useStandin, webClientFor } from './harness.ts';

const standin = await useStandin();
const client = webClientFor(standin);

describe('injected faults and authentication', () => {
  it('answers 429 with Retry-After, and a WebClient with retries waits and succeeds', async () => {
    standin.clearCalls();
    standin.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSeconds: 1 });
    const retrying = webClientFor(standin, { retryConfig: { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 10 } });
    const limited: number[] = [];
    retrying.on(WebClientEvent.RATE_LIMITED, (seconds: number) => limited.push(seconds));
    const started = performance.now();
    const posted = await retrying.chat.postMessage({ channel: 'C1', text: 'after the wait' });
    assert.equal(posted.ok, true);
    assert.deepEqual(limited, [1]);
    assert.ok(performance.now() - started >= 950, 'the client honoured Retry-After');
    const calls = standin.calls('chat.postMessage');
    assert.deepEqual(
      calls.map((call) => call.status),
      [429, 200],
    );
    assert.deepEqual(calls[0]?.response, { ok: false, error: 'ratelimited' });
    assert.equal(standin.channel('C1').length, 1);
  });

  it('surfaces an error fault as a platform error, then works again', async () => {
    standin.failNext('chat.postMessage', { kind: 'error', error: 'channel_not_found' });
    await assert.rejects(client.chat.postMessage({ channel: 'C404', text: 'x' }), (error: WebAPIPlatformError) => {
      assert.equal(error.code, ErrorCode.PlatformError);
      assert.equal(error.data.error, 'channel_not_found');
      return true;
    });
    assert.deepEqual(standin.channel('C404'), []);
    assert.equal((await client.chat.postMessage({ channel: 'C404', text: 'x' })).ok, true);
  });

  it('fails the next N calls of one method only, with an HTTP status', async () => {
    standin.failNext('chat.update', { kind: 'http', status: 503 }, 2);
    const posted = await client.chat.postMessage({ channel: 'C2', text: 'card' });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await assert.rejects(
        client.chat.update({ channel: 'C2', ts: posted.ts as string, text: 'y' }),
        (error: WebAPIHTTPError) => {
          assert.equal(error.code, ErrorCode.HTTPError);
          assert.equal(error.statusCode, 503);
          return true;
        },
      );
    }
    assert.equal((await client.chat.update({ channel: 'C2', ts: posted.ts as string, text: 'y' })).ok, true);
  });

  it('a fault rule fails matching calls at its rate while it is in place', async () => {
    // A seeded source: the same calls fail on every run.
    let seed = 7;
    const random = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    const flaky = await useStandin({ random });
    const flakyClient = webClientFor(flaky);
    const remove = flaky.addFaultRule({
      methods: ['chat.postMessage'],
      rate: 0.3,
      failure: { kind: 'http', status: 503 },
    });
    let failed = 0;
    for (let call = 0; call < 200; call++) {
      await flakyClient.chat.postMessage({ channel: 'C6', text: `${call}` }).catch((error: WebAPIHTTPError) => {
        assert.equal(error.statusCode, 503);
        failed++;
      });
    }
    assert.ok(failed > 30 && failed < 90, `about 30 % failed: ${failed} of 200`);
    assert.equal(flaky.channel('C6').length, 200 - failed, 'a failed call posts nothing');
    // Other methods are untouched; once removed, nothing fails.
    assert.equal(
      (await flakyClient.chat.update({ channel: 'C6', ts: flaky.channel('C6')[0]?.ts ?? '', text: 'u' })).ok,
      true,
    );
    remove();
    for (let call = 0; call < 20; call++)
      assert.equal((await flakyClient.chat.postMessage({ channel: 'C6', text: 'x' })).ok, true);
  });

  it('a channel rule refuses one channel for every method, with a queued failure first', async () => {
    standin.clearFaultRules();
    standin.addFaultRule({ channels: ['C0GONE'], rate: 1, failure: { kind: 'error', error: 'not_in_channel' } });
    await assert.rejects(client.chat.postMessage({ channel: 'C0GONE', text: 'x' }), /not_in_channel/);
    await assert.rejects(client.chat.update({ channel: 'C0GONE', ts: '1.000001', text: 'x' }), /not_in_channel/);
    assert.equal((await client.chat.postMessage({ channel: 'C0HERE', text: 'x' })).ok, true);
    standin.failNext('chat.postMessage', { kind: 'ratelimited', retryAfterSeconds: 0 });
    await assert.rejects(client.chat.postMessage({ channel: 'C0GONE', text: 'x' }), /rate/i);
    standin.clearFaultRules();
    assert.equal((await client.chat.postMessage({ channel: 'C0GONE', text: 'x' })).ok, true);
    assert.throws(() => standin.addFaultRule({ rate: 1.5, failure: { kind: 'http', status: 500 } }), RangeError);
  });

  it('refuses a wrong token with invalid_auth and a missing one with not_authed', async () => {
    const wrong = webClientFor(standin, {}, 'xoxb-someone-else');
    await assert.rejects(wrong.chat.postMessage({ channel: 'C3', text: 'x' }), /invalid_auth/);
    const anonymous = webClientFor(standin, {}, '');
    await assert.rejects(anonymous.chat.postMessage({ channel: 'C3', text: 'x' }), /not_authed/);
    assert.deepEqual(standin.channel('C3'), []);
  });

  it('answers unknown_method for methods it does not model', async () => {
    await assert.rejects(
      client.apiCall('chat.scheduleMessage', { channel: 'C1', text: 'x', post_at: 1 }),
      /unknown_method/,
    );
  });

  it('also accepts JSON bodies, for callers using fetch directly', async () => {
    const response = await fetch(`${standin.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-standin', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C5', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { ok: boolean }).ok, true);
    assert.deepEqual(standin.channel('C5')[0]?.blocks, [{ type: 'divider' }]);
  });
});
