import assert from 'node:assert/strict';
import type { SlackStandin } from '../../src/slack-standin/index.ts';
import { waitFor } from '../support/wait-for.ts';

export { waitFor };

/** Slack's escaping of slash-command text: what arrives when a user types `&`, `<` or `>`. */
export function slackEscape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The instance id and ts of the last job card posted (cards carry the id in message metadata). */
export function lastCard(standin: SlackStandin): { id: string; ts: string; channel: string } {
  const call = standin.calls('chat.postMessage').at(-1);
  const id = (call?.args.metadata as { event_payload?: { instance_id?: string } } | undefined)?.event_payload
    ?.instance_id;
  const ts = (call?.response as { ts?: string } | undefined)?.ts;
  assert.ok(id && ts, 'a job card was posted');
  return { id, ts, channel: String(call?.args.channel) };
}

/** The reply in a card's thread, ticking the poller (as EventBridge's schedule would) until it is there. */
export function finalNotice(
  stack: { standin: SlackStandin; poller: { tick(): Promise<unknown> } },
  card: { ts: string; channel: string },
  timeoutMs = 15_000,
) {
  return waitFor(
    async () => {
      await stack.poller.tick();
      return stack.standin
        .channel(card.channel)
        .find((message) => message.threadTs === card.ts && message.user === 'U0BOT');
    },
    { timeoutMs },
  );
}

/** Times a block and reports it with node:test's diagnostic, for the figures in docs/security.md. */
export async function timed<T>(
  t: { diagnostic(message: string): void },
  label: string,
  run: () => Promise<T> | T,
): Promise<T> {
  const started = performance.now();
  const result = await run();
  t.diagnostic(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}
