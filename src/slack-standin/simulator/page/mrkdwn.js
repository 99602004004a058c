// Slack's mrkdwn, read the way the Slack client reads it: ``` blocks, `code`, *bold*, _italic_,
// ~strike~, <@U…> / <#C…|name> / <!here> / <!subteam^S…> / <!date^…|fallback> / <url|label>,
// :emoji: and the three escapes (&amp; &lt; &gt;). parseMrkdwn is pure (tested in Node); renderMrkdwn
// builds DOM nodes with textContent only, so nothing in a message can become markup on the page.

const EMOJI = {
  hourglass_flowing_sand: '⏳',
  double_vertical_bar: '⏸️',
  white_check_mark: '✅',
  x: '❌',
  octagonal_sign: '🛑',
  warning: '⚠️',
  mag: '🔍',
  link: '🔗',
  page_facing_up: '📄',
  bar_chart: '📊',
  no_entry: '⛔',
  eyes: '👀',
  bell: '🔔',
  stopwatch: '⏱️',
  information_source: 'ℹ️',
  hourglass: '⌛',
  arrow_right: '➡️',
  lock: '🔒',
  rocket: '🚀',
  grey_question: '❔',
  raised_hand: '✋',
  abacus: '🧮',
  package: '📦',
};

function decodeEntities(text) {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/** Splits off ``` blocks and `code` spans first: nothing inside them is formatted. */
export function parseMrkdwn(text) {
  const tokens = [];
  const pattern = /```([\s\S]*?)```|`([^`\n]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) tokens.push(...parseFormatted(text.slice(last, match.index)));
    if (match[1] !== undefined) tokens.push({ t: 'pre', v: decodeEntities(match[1].replace(/^\n/, '')) });
    else tokens.push({ t: 'code', v: decodeEntities(match[2]) });
    last = match.index + match[0].length;
  }
  if (last < text.length) tokens.push(...parseFormatted(text.slice(last)));
  return tokens;
}

/** *bold*, _italic_ and ~strike~ open and close at word edges, as in Slack; their insides are parsed again. */
function parseFormatted(text) {
  const tokens = [];
  const pattern = /(^|[\s(>])([*_~])(?=\S)([^\n]*?\S)\2(?=$|[\s).,;:!?<])/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const start = match.index + match[1].length;
    if (start > last) tokens.push(...parseEntities(text.slice(last, start)));
    const kind = { '*': 'bold', _: 'italic', '~': 'strike' }[match[2]];
    tokens.push({ t: kind, c: parseFormatted(match[3]) });
    last = match.index + match[0].length;
  }
  if (last < text.length) tokens.push(...parseEntities(text.slice(last)));
  return tokens;
}

function parseEntities(text) {
  const tokens = [];
  let last = 0;
  for (const match of text.matchAll(/<([^<>\s][^<>]*)>/g)) {
    if (match.index > last) tokens.push(...parseEmoji(text.slice(last, match.index)));
    tokens.push(entity(match[1]));
    last = match.index + match[0].length;
  }
  if (last < text.length) tokens.push(...parseEmoji(text.slice(last)));
  return tokens;
}

function entity(inside) {
  const bar = inside.indexOf('|');
  const target = bar < 0 ? inside : inside.slice(0, bar);
  const label = bar < 0 ? undefined : decodeEntities(inside.slice(bar + 1));
  if (target.startsWith('@')) return { t: 'user', id: target.slice(1), label };
  if (target.startsWith('#')) return { t: 'channel', id: target.slice(1), label };
  if (target.startsWith('!date^')) {
    const [, epoch, format] = target.split('^');
    return { t: 'date', epoch: Number(epoch), format: format ?? '', fallback: label ?? '' };
  }
  // <!subteam^S…> or <!subteam^S…|@handle>: the client shows the group's handle.
  if (target.startsWith('!subteam^')) return { t: 'usergroup', id: target.slice(9), label: label?.replace(/^@/, '') };
  if (target.startsWith('!')) return { t: 'special', v: target.slice(1) };
  const url = decodeEntities(target);
  if (/^(https?:|mailto:)/i.test(url)) return { t: 'link', url, label: label ?? url };
  // Anything else Slack shows as typed: it is not a link.
  return { t: 'text', v: `<${decodeEntities(inside)}>` };
}

function parseEmoji(text) {
  const tokens = [];
  let last = 0;
  for (const match of text.matchAll(/:([a-z0-9_+-]+):/g)) {
    const char = EMOJI[match[1]];
    if (char === undefined) continue;
    if (match.index > last) tokens.push({ t: 'text', v: decodeEntities(text.slice(last, match.index)) });
    tokens.push({ t: 'emoji', name: match[1], char });
    last = match.index + match[0].length;
  }
  if (last < text.length) tokens.push({ t: 'text', v: decodeEntities(text.slice(last)) });
  return tokens;
}

export function emojiFor(name) {
  return EMOJI[name];
}

/** `<!date^…>` with Slack's tokens, in the page's language. */
function formatSlackDate(epochSeconds, format, language) {
  const date = new Date(epochSeconds * 1000);
  const on = (options) => new Intl.DateTimeFormat(language, options).format(date);
  return format
    .replaceAll('{date_num}', on({ year: 'numeric', month: '2-digit', day: '2-digit' }))
    .replaceAll('{date_short_pretty}', on({ month: 'short', day: 'numeric' }))
    .replaceAll('{date_long_pretty}', on({ weekday: 'long', month: 'long', day: 'numeric' }))
    .replaceAll('{date_short}', on({ year: 'numeric', month: 'short', day: 'numeric' }))
    .replaceAll('{date_long}', on({ year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' }))
    .replaceAll('{date}', on({ year: 'numeric', month: 'long', day: 'numeric' }))
    .replaceAll('{time_secs}', on({ hour: '2-digit', minute: '2-digit', second: '2-digit' }))
    .replaceAll('{time}', on({ hour: '2-digit', minute: '2-digit' }));
}

/** ctx: { document, language, personName(id), channelName(id), groupHandle(id) (undefined: unknown) } */
export function renderMrkdwn(text, ctx) {
  const fragment = ctx.document.createDocumentFragment();
  for (const token of parseMrkdwn(text)) fragment.append(renderToken(token, ctx));
  return fragment;
}

function renderToken(token, ctx) {
  const doc = ctx.document;
  const element = (tag, className, content) => {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  };
  switch (token.t) {
    case 'text':
      return doc.createTextNode(token.v);
    case 'pre':
      return element('pre', 'mrkdwn-pre', token.v);
    case 'code':
      return element('code', 'mrkdwn-code', token.v);
    case 'bold':
    case 'italic':
    case 'strike': {
      const node = element({ bold: 'strong', italic: 'em', strike: 's' }[token.t]);
      for (const inner of token.c) node.append(renderToken(inner, ctx));
      return node;
    }
    case 'user':
      return element('span', 'mention', `@${token.label ?? ctx.personName(token.id)}`);
    case 'channel':
      return element('span', 'mention', `#${token.label ?? ctx.channelName(token.id)}`);
    case 'usergroup':
      return element('span', 'mention', `@${token.label ?? ctx.groupHandle?.(token.id) ?? 'group'}`);
    case 'special':
      return element('span', 'mention mention-broadcast', `@${token.v}`);
    case 'date': {
      const node = element('time', 'slack-date', formatSlackDate(token.epoch, token.format, ctx.language));
      node.dateTime = new Date(token.epoch * 1000).toISOString();
      node.title = token.fallback;
      return node;
    }
    case 'link': {
      const node = element('a', 'link', token.label);
      node.href = token.url;
      node.target = '_blank';
      node.rel = 'noopener noreferrer';
      return node;
    }
    case 'emoji': {
      const node = element('span', 'emoji', token.char);
      node.title = `:${token.name}:`;
      return node;
    }
    default:
      return doc.createTextNode('');
  }
}
