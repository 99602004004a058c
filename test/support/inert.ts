import assert from 'node:assert/strict';
import type { SlackStandin } from '../../src/slack-standin/index.ts';

/**
 * Checks that nothing a user, a query result or a service error put into a message can act as Slack
 * markup: mentions (`<!channel>`, `<!here>`, `<@U…>`), channel links (`<#C…>`) and links
 * (`<https://…|…>`) all start with `<`, so text is inert when every `<` in it was built by the app
 * itself and every `&` starts one of the three entities Slack decodes.
 */

/** The markup hostile data carries in the security suites. */
export const HOSTILE_MARKUP = ['<!channel>', '<!here>', '<@U123>', '<#C123>', '<https://evil.example|click>', '&<>'];
export const HOSTILE = HOSTILE_MARKUP.join(' ');

export interface InertOptions {
  /** Links the app builds (Logview on the emulator): `<url|label>` whose url matches this stays. */
  readonly trustedUrl?: RegExp;
  /** Mentions the app builds (`stopped by`, `--mention`): the test users are `U0…`, hostile data uses `U123`. */
  readonly trustedMention?: RegExp;
}

const TRUSTED_URL = /^https?:\/\/(?:127\.0\.0\.1|localhost)(?::\d+)?\/[^\s<>|]*$/;
const TRUSTED_MENTION = /^<@U0[A-Z0-9]+>$/;
const LINK = /<([^<>|]*)\|[^<>]*>/g;
const MENTION = /<@[^<>]*>/g;
/** Slack's date formatting, `<!date^epoch^{tokens}|fallback>`: only the app writes it (data cannot bring a `<`). */
const DATE = /<!date\^\d+\^[^<>|]*\|[^<>]*>/g;

/** Why a mrkdwn string is not inert (empty when it is). */
export function inertProblems(mrkdwn: string, options: InertOptions = {}): string[] {
  const trustedUrl = options.trustedUrl ?? TRUSTED_URL;
  const trustedMention = options.trustedMention ?? TRUSTED_MENTION;
  const rest = mrkdwn
    .replace(LINK, (whole, url: string) => (trustedUrl.test(url) ? '' : whole))
    .replace(MENTION, (whole) => (trustedMention.test(whole) ? '' : whole))
    .replace(DATE, '');
  const problems: string[] = [];
  const live = rest.match(/<[^>]*>?/g);
  if (live) problems.push(`live markup ${JSON.stringify(live.slice(0, 3))}`);
  const bareAmpersand = rest.match(/&(?!amp;|lt;|gt;)[^\s]{0,6}/g);
  if (bareAmpersand) problems.push(`unescaped & ${JSON.stringify(bareAmpersand.slice(0, 3))}`);
  return problems;
}

/**
 * Every string Slack reads as mrkdwn in a message-like payload: the `text` fallback (unless the
 * payload says `mrkdwn: false`), every `{ type: 'mrkdwn', text }` object (sections, fields,
 * context elements, anywhere in blocks, attachments or views) and a file's `initial_comment`.
 */
export function mrkdwnStrings(payload: unknown): string[] {
  const found: string[] = [];
  if (payload && typeof payload === 'object') {
    const top = payload as Record<string, unknown>;
    if (typeof top.text === 'string' && top.mrkdwn !== false && top.type === undefined) found.push(top.text);
    if (typeof top.initial_comment === 'string') found.push(top.initial_comment);
  }
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object.type === 'mrkdwn' && typeof object.text === 'string') found.push(object.text);
      Object.values(object).forEach(visit);
    }
  };
  visit(payload);
  return found;
}

/** Fails with every non-inert string in the payload, named by `where`. */
export function assertInert(payload: unknown, where = 'message', options: InertOptions = {}): void {
  const problems = mrkdwnStrings(payload).flatMap((text) =>
    inertProblems(text, options).map((problem) => `${where}: ${problem} in ${JSON.stringify(text.slice(0, 300))}`),
  );
  assert.deepEqual(problems, [], problems.join('\n'));
}

/** What the bot sent through the Slack stand-in, each with where it came from. */
export function recordedOutput(standin: SlackStandin): { where: string; payload: unknown }[] {
  const outputs: { where: string; payload: unknown }[] = [];
  for (const call of standin.calls()) outputs.push({ where: call.method, payload: call.args });
  for (const response of standin.responses()) outputs.push({ where: 'response_url', payload: response.body });
  return outputs;
}

/** File names and titles are plain text, but they are also shown as links: nothing but a safe name. */
export function assertSafeFileNames(standin: SlackStandin): void {
  for (const file of standin.files()) {
    assert.match(file.filename, /^[A-Za-z0-9_.-]{1,128}$/, file.filename);
    if (file.title !== undefined) assert.match(file.title, /^[A-Za-z0-9_.-]{1,128}$/, file.title);
    if (file.initialComment !== undefined) assertInert({ initial_comment: file.initialComment }, 'initial_comment');
  }
}
