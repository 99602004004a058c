// Messages as Slack's client draws them (avatar, name, time, the "only visible to you" note, blocks or
// mrkdwn, shared files, the replies link), and the keyed list they live in.

import { renderBlocks } from './blocks.js';
import { fileSizeText } from './chrome-text.js';
import { renderMrkdwn } from './mrkdwn.js';
import { api, channelName, groupHandle, page, personName, repliesOf, report, span, t } from './page-state.js';
import { confirmDialog } from './view-dialog.js';

/** Closer than this to the bottom counts as at the bottom (a rounding pixel or a trailing margin). */
const AT_BOTTOM_PX = 40;

/** Lists that follow what arrives at their bottom: the person left them there. */
const following = new WeakMap();

/**
 * A list the person leaves at its bottom follows what arrives and stays at its bottom when it gets
 * narrower or shorter (a thread opening beside it), as Slack's do; one scrolled up to read stays put.
 * `followShort`: a list too short to scroll counts as at its bottom (the channel, which opens at its
 * newest message), or not (a thread, which opens at its parent).
 */
export function followBottom(list, { followShort }) {
  following.set(list, followShort);
  const sizeOf = () => `${list.clientWidth}x${list.clientHeight}`;
  let size = sizeOf();
  list.addEventListener(
    'scroll',
    () => {
      // A resize reflows the list and the browser moves it to keep its place (scroll anchoring):
      // that is not the person scrolling away from the bottom. The resize observer below answers it.
      if (sizeOf() !== size) return;
      const scrollable = list.scrollHeight > list.clientHeight;
      const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < AT_BOTTOM_PX;
      following.set(list, atBottom && (scrollable || followShort));
    },
    { passive: true },
  );
  new ResizeObserver(() => {
    size = sizeOf();
    if (following.get(list)) list.scrollTop = list.scrollHeight;
  }).observe(list);
}

/** Start (true) or stop following, before the scroll event that would say so arrives. */
export function setFollowing(list, value) {
  following.set(list, value);
}

/** Keyed by ts: a message is redrawn only when it changed, so focus and scroll survive each poll. */
export function reconcile(list, rendered, messages, build) {
  const wanted = new Set(messages.map((message) => message.ts));
  for (const [ts, entry] of rendered) {
    if (!wanted.has(ts)) {
      entry.node.remove();
      rendered.delete(ts);
    }
  }
  let previous;
  for (const message of messages) {
    const json = JSON.stringify([message, repliesOf(message.ts).length]);
    let entry = rendered.get(message.ts);
    if (entry === undefined || entry.json !== json) {
      const node = build(message);
      if (entry) entry.node.replaceWith(node);
      entry = { json, node };
      rendered.set(message.ts, entry);
    }
    const expectedPosition = previous ? previous.nextSibling : list.firstChild;
    if (expectedPosition !== entry.node) list.insertBefore(entry.node, expectedPosition);
    previous = entry.node;
  }
  if (following.get(list)) list.scrollTop = list.scrollHeight;
}

/** One message; `onOpenReplies(ts)` given, its replies link opens the thread (the channel's list). */
export function messageNode(message, state, onOpenReplies) {
  const item = document.createElement('li');
  item.className = `message${message.ephemeral ? ' ephemeral' : ''}`;
  item.dataset.ts = message.ts;
  const avatar = document.createElement('div');
  avatar.className = 'avatar';
  avatar.setAttribute('aria-hidden', 'true');
  avatar.textContent = personName(message.user).slice(0, 1).toUpperCase();
  const body = document.createElement('div');
  body.className = 'message-body';
  body.append(header(message, state));
  if (message.ephemeral) body.append(span('ephemeral-note', `👁 ${t('onlyYou')}`));
  body.append(content(message));
  if (message.files.length > 0) body.append(filesNode(message.files));
  const replies = onOpenReplies === undefined ? [] : repliesOf(message.ts);
  if (replies.length > 0) {
    const link = document.createElement('button');
    link.type = 'button';
    link.className = 'replies-link';
    link.textContent = replies.length === 1 ? t('oneReply') : t('replies', { count: replies.length });
    link.addEventListener('click', () => onOpenReplies(message.ts));
    body.append(link);
  }
  item.append(avatar, body);
  return item;
}

function header(message, state) {
  const line = document.createElement('div');
  line.className = 'message-header';
  line.append(span('author', personName(message.user)));
  if (message.user === state.botUserId) line.append(span('badge', t('app')));
  const time = document.createElement('time');
  time.className = 'meta';
  const when = new Date(Number(message.ts.split('.')[0]) * 1000);
  time.dateTime = when.toISOString();
  time.textContent = new Intl.DateTimeFormat(page.language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(when);
  line.append(time);
  if (message.edited) line.append(span('edited', ` ${t('edited')}`));
  return line;
}

function content(message) {
  const ctx = renderContext(message);
  if (Array.isArray(message.blocks) && message.blocks.length > 0) return renderBlocks(message.blocks, ctx);
  const text = document.createElement('div');
  text.className = 'message-text';
  text.append(renderMrkdwn(message.text ?? '', ctx));
  return text;
}

function renderContext(message) {
  return {
    document,
    language: page.language,
    personName,
    channelName,
    groupHandle,
    press: (blockId, element) => press(message, blockId, element),
    confirm: confirmDialog,
  };
}

/** A shared file as Slack shows it: a card with its icon, name and size, and the download link. */
function filesNode(files) {
  const list = document.createElement('div');
  list.className = 'files';
  for (const file of files) {
    const row = document.createElement('div');
    row.className = 'file';
    const about = document.createElement('div');
    about.className = 'file-about';
    about.append(span('file-name', file.title), span('meta', fileSizeText(page.language, file.size)));
    const link = document.createElement('a');
    link.className = 'link file-download';
    link.href = file.url;
    link.download = file.name;
    link.textContent = t('download');
    const icon = span('file-icon', '📄');
    icon.setAttribute('aria-hidden', 'true');
    row.append(icon, about, link);
    list.append(row);
  }
  return list;
}

async function press(message, blockId, element) {
  const outcome = await api('press', {
    user: page.person,
    channel: page.channel,
    messageTs: message.ts,
    actionId: element.action_id,
    blockId,
  });
  report(outcome);
  await page.refresh();
}
