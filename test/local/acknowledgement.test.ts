import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '../../src/observability/logger.ts';
import { type LocalApp, startLocalApp } from '../../src/runtime/local-app.ts';
import { waitFor } from '../support/wait-for.ts';

/**
 * `npm start`'s whole product driven through the simulator's own API, as the page does: once the job
 * card is in the channel, the "Submitting your query…" acknowledgement is gone (deleted through the
 * command's response_url), so the channel holds the card and nothing beside it.
 */
interface SeenMessage {
  ts: string;
  text?: string;
  ephemeral: boolean;
}

describe('the acknowledgement of /odps run', () => {
  let app: LocalApp;
  before(async () => {
    app = await startLocalApp(
      { SIMULATOR_PORT: '0', PORT: '0', EMULATOR_DURATION_MS: '300', ODPS_POLL_INTERVAL_MS: '200' },
      { logger: silentLogger },
    );
  });
  after(() => app?.close());

  async function seen(user: string, channel: string): Promise<SeenMessage[]> {
    const response = await fetch(`${app.simulatorUrl}simulator/api/state?user=${user}&channel=${channel}`);
    return ((await response.json()) as { messages: SeenMessage[] }).messages;
  }

  for (const [user, channel, submitting] of [
    ['U0ADA', 'C0DATAENG', /Submitting your query/],
    ['U0LILEI', 'C0SHUJU', /提交查询/],
  ] as const) {
    test(`is removed once the job card is posted (${user})`, async () => {
      const answer = await fetch(`${app.simulatorUrl}simulator/api/command`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, channel, text: '/odps run select 1' }),
      });
      assert.equal(((await answer.json()) as { ok: boolean }).ok, true);
      const card = await waitFor(async () => (await seen(user, channel)).find((message) => !message.ephemeral));
      assert.ok(card);
      await waitFor(async () =>
        (await seen(user, channel)).some((message) => submitting.test(message.text ?? '')) ? undefined : true,
      );
      assert.deepEqual(
        (await seen(user, channel)).filter((message) => message.ephemeral).map((message) => message.text),
        [],
      );
    });
  }
});
