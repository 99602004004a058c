import type { SlackMessage } from '../../src/slack/messages/message.ts';
import type { SlackPoster } from '../../src/slack/slack-poster.ts';

type PostOptions = Parameters<SlackPoster['post']>[2];
type CsvFile = Parameters<SlackPoster['uploadCsv']>[0];

/** One call a fake Slack received, in order. */
export type FakeSlackCall =
  | {
      readonly method: 'post';
      readonly channel: string;
      readonly message: SlackMessage;
      readonly options?: PostOptions;
    }
  | { readonly method: 'update'; readonly channel: string; readonly ts: string; readonly message: SlackMessage }
  | { readonly method: 'uploadCsv'; readonly file: CsvFile };

/**
 * The posting calls of SlackPoster in memory, for unit tests of what the Slack layer sends: each call
 * is recorded, posts get ts `1.1`, `1.2`, …, and `message(ts)` is a message as it stands after updates.
 */
export function fakeSlack(): Pick<SlackPoster, 'post' | 'update' | 'uploadCsv'> & {
  readonly calls: FakeSlackCall[];
  message(ts: string): SlackMessage | undefined;
} {
  const calls: FakeSlackCall[] = [];
  const messages = new Map<string, SlackMessage>();
  return {
    calls,
    message: (ts) => messages.get(ts),
    post: async (channel, message, options) => {
      calls.push({ method: 'post', channel, message, ...(options === undefined ? {} : { options }) });
      const ts = `1.${messages.size + 1}`;
      messages.set(ts, message);
      return ts;
    },
    update: async (channel, ts, message) => {
      calls.push({ method: 'update', channel, ts, message });
      messages.set(ts, message);
    },
    uploadCsv: async (file) => {
      calls.push({ method: 'uploadCsv', file });
    },
  };
}
