import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { POLLER_SLACK_OPTIONS } from '../../src/runtime/slack-clients.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * The local build gives the poller the Slack client the AWS build gives it (src/runtime/slack-clients.ts):
 * a notice post that meets a 503 is one attempt, not retried inside the client; the next tick posts
 * it. test/functions/slack-and-worker.test.ts asserts the same of functions/poller.ts.
 */
const door = await useFrontDoor();

describe('the poller’s Slack client, locally', () => {
  it('has no retries of its own and a 10 s timeout, as on AWS', () => {
    assert.deepEqual(POLLER_SLACK_OPTIONS.retryConfig, { retries: 0 });
    assert.equal(POLLER_SLACK_OPTIONS.timeout, 10_000);
  });

  it('makes one attempt at a post that fails; the next tick is the retry', async () => {
    const id = await door.run('select 51');
    const card = door.standin.channel('C0CHAN').find((message) => JSON.stringify(message.metadata).includes(id));
    assert.ok(card?.ts);
    const replies = () => door.standin.channel('C0CHAN').filter((message) => message.threadTs === card.ts);
    // Let the instance end before the tick that meets the 503.
    const key = { project: PROJECT, instanceId: id };
    await waitFor(async () =>
      (await door.parts.gateway.describe(key, {}, 'brief')).status === 'Terminated' ? true : undefined,
    );
    door.standin.failNext('chat.postMessage', { kind: 'http', status: 503 });
    const posts = door.standin.calls('chat.postMessage').length;
    await door.poller.tick();
    assert.equal(door.standin.calls('chat.postMessage').length - posts, 1, 'one attempt');
    assert.equal(replies().length, 0);
    await waitFor(async () => {
      await door.poller.tick();
      return replies().length === 1 ? true : undefined;
    });
  });
});
