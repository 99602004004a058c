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

/** A user group's mention (`<!subteam^S…>`), built likewise only from an id of the right shape. */
export function groupMention(groupId: string): string {
  return /^S[A-Z0-9]{2,20}$/.test(groupId) ? `<!subteam^${groupId}>` : code(groupId);
}

/** Links we build (Logview): the URL's own `|`, `<`, `>` would break the link syntax. */
export function link(url: string, label: string): string {
  const safeUrl = url.replaceAll('|', '%7C').replaceAll('<', '%3C').replaceAll('>', '%3E').replaceAll(' ', '%20');
  return `<${safeUrl}|${escapeMrkdwn(label)}>`;
}

/** Cut to at most `max` characters as {@link slackLength} counts them, marking the cut; never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (slackLength(text) <= max) return text;
  return `${text.slice(0, pairSafeEnd(text, Math.max(0, max - 1)))}…`;
}

/** `end`, or one less when `end` would split a surrogate pair. */
function pairSafeEnd(text: string, end: number): number {
  const before = text.charCodeAt(end - 1);
  return end > 0 && end < text.length && before >= 0xd800 && before <= 0xdbff ? end - 1 : end;
}

/**
 * Cut mrkdwn that is already built (escaped text, inline code, links, mentions, dates) to at most
 * `max` characters, marking the cut. Unlike {@link truncate} on such text, the cut never lands inside
 * an entity (`&amp;`, `&lt;`, `&gt;`: half of one shows as `&l…`) or inside an element the app built
 * (`<url|label>`, `<@U…>`, `<!date^…>`: half of one leaves a `<` open and the rest of the link as
 * raw text); it backs off to before it.
 */
export function truncateMrkdwn(mrkdwn: string, max: number): string {
  if (slackLength(mrkdwn) <= max) return mrkdwn;
  let head = mrkdwn.slice(0, pairSafeEnd(mrkdwn, Math.max(0, max - 1)));
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>')) head = head.slice(0, open);
  const amp = head.lastIndexOf('&');
  if (amp > head.lastIndexOf('>') && amp > head.length - 5 && !head.slice(amp).includes(';')) head = head.slice(0, amp);
  return `${head}…`;
}

/**
 * Joins pieces of built mrkdwn (links, lines) with `separator`, keeping only whole pieces, in order,
 * while the result stays within `max` characters. Returns the text and how many pieces were left out.
 */
export function joinWithin(
  pieces: readonly string[],
  separator: string,
  max: number,
): { text: string; omitted: number } {
  let text = '';
  let length = 0;
  let kept = 0;
  for (const piece of pieces) {
    const added = slackLength(piece) + (kept === 0 ? 0 : slackLength(separator));
    if (length + added > max) break;
    text += (kept === 0 ? '' : separator) + piece;
    length += added;
    kept++;
  }
  return { text, omitted: pieces.length - kept };
}

/**
 * Joins pieces of built mrkdwn with `separator` into as few texts as keep each within `max`, whole
 * pieces in order (a piece longer than `max` on its own is cut with {@link truncateMrkdwn}).
 */
export function splitWithin(pieces: readonly string[], separator: string, max: number): string[] {
  const texts: string[] = [];
  let rest = pieces;
  while (rest.length > 0) {
    const { text, omitted } = joinWithin(rest, separator, max);
    const kept = rest.length - omitted;
    texts.push(kept > 0 ? text : truncateMrkdwn(rest[0] ?? '', max));
    rest = rest.slice(Math.max(1, kept));
  }
  return texts;
}

/**
 * Length as Block Kit's limits count it, read safely: in UTF-16 units. Slack does not say whether
 * its "characters" are code points or UTF-16 units; UTF-16 units are never fewer (an emoji is two),
 * so a text within the limit by this count is within it by either (the Slack stand-in counts them too).
 */
export function slackLength(text: string): number {
  return text.length;
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
