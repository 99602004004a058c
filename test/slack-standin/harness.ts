import { after } from 'node:test';
import { LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import { type SlackStandin, type SlackStandinOptions, startSlackStandin } from '../../src/slack-standin/index.ts';

export const BOT_TOKEN = 'xoxb-standin';

/** One stand-in per test file on 127.0.0.1:0, closed when the file's tests are done. */
export async function useStandin(options: SlackStandinOptions = {}): Promise<SlackStandin> {
  const standin = await startSlackStandin(options);
  after(() => standin.close());
  return standin;
}

/** A real @slack/web-api client on the stand-in; no retries unless a test asks, quiet logs. */
export function webClientFor(standin: SlackStandin, options: WebClientOptions = {}, token = BOT_TOKEN): WebClient {
  return new WebClient(token, {
    slackApiUrl: standin.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...options,
  });
}
