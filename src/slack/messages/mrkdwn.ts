/**
 * Escaping for Slack mrkdwn. Slack treats `&`, `<` and `>` as control characters; escaping them
 * defuses every mention and link form (`<!channel>`, `<@U…>`, `<#C…>`, `<https://…|…>`), because
 * all of them start with `<`. Nothing else is HTML-encoded (Slack's formatting reference).
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Inline code: escaped, with backticks that would end the span replaced by a look-alike. */
export function code(text: string): string {
  return `\`${escapeMrkdwn(text).replaceAll('`', 'ˋ')}\``;
}

/** A mention we build ourselves, only from an id of the right shape; anything else is shown inert. */
export function mention(userId: string): string {
  return /^[UW][A-Z0-9]{2,20}$/.test(userId) ? `<@${userId}>` : code(userId);
}

/** Links we build (Logview): the URL's own `|`, `<`, `>` would break the link syntax. */
export function link(url: string, label: string): string {
  const safeUrl = url.replaceAll('|', '%7C').replaceAll('<', '%3C').replaceAll('>', '%3E').replaceAll(' ', '%20');
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/** Cut to at most `max` characters (as Slack counts them: code points), marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Length as Slack counts it for block limits: characters, not UTF-16 units or bytes. */
export function slackLength(text: string): number {
  return [...text].length;
}

/** Already-built mrkdwn (a mention, a link, inline code) to pass through {@link mrkdwnMessage} unescaped. */
export interface Mrkdwn {
  readonly mrkdwn: string;
}

export function raw(mrkdwn: string): Mrkdwn {
  return { mrkdwn };
}

/**
 * A catalog message as mrkdwn: the template's own text and every plain value are escaped; only
 * values we built ourselves (`raw(...)`) go in as they are.
 */
export function mrkdwnMessage(template: string, params: Readonly<Record<string, string | number | Mrkdwn>>): string {
  return template
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined || !(name in params)) return escapeMrkdwn(part);
      const value = params[name];
      return typeof value === 'object' ? value.mrkdwn : escapeMrkdwn(String(value));
    })
    .join('');
}
