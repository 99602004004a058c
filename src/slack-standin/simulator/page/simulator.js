// The simulator page: one person in one channel of a local Slack workspace. It polls what that person
// sees (GET /simulator/api/state) and sends what they do (POST /simulator/api/...); the stand-in signs
// and delivers it to the app exactly as Slack would. No framework, no build step.

import { renderBlocks } from './blocks.js';
import { CHROME_TEXT, chromeText, initialLanguage, LANGUAGES } from './chrome-text.js';
import { renderMrkdwn } from './mrkdwn.js';

const POLL_MS = 600;
const SLACKBOT = 'USLACKBOT';
const $ = (id) => document.getElementById(id);

const page = {
  language: initialLanguage(localStorage.getItem('simulator.language'), navigator.languages ?? []),
  person: localStorage.getItem('simulator.person') ?? '',
  channel: localStorage.getItem('simulator.channel') ?? '',
  thread: undefined,
  state: undefined,
  rendered: new Map(),
  threadRendered: new Map(),
  openView: undefined,
};

const t = (key, values) => chromeText(page.language, key, values);

async function api(path, body) {
  const response = await fetch(`/simulator/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

async function refresh() {
  const query = new URLSearchParams({ user: page.person, channel: page.channel });
  const response = await fetch(`/simulator/api/state?${query}`);
  const state = await response.json();
  if (!response.ok) return recoverSelection();
  page.state = state;
  render();
}

/** A stored person or channel the workspace no longer has falls back to the first one. */
async function recoverSelection() {
  const workspace = await (await fetch('/simulator/api/workspace')).json();
  if (!workspace.people.some((person) => person.id === page.person)) page.person = workspace.people[0].id;
  if (!workspace.channels.some((channel) => channel.id === page.channel)) page.channel = workspace.channels[0].id;
}

function render() {
  const state = page.state;
  if (!state) return;
  renderChrome(state);
  $('app-offline').hidden = state.appConnected;
  const topLevel = state.messages.filter((message) => message.threadTs === undefined);
  reconcile($('messages'), page.rendered, topLevel, (message) => messageNode(message, state, true));
  if (topLevel.length === 0 && $('messages').children.length === 0) {
    const empty = document.createElement('li');
    empty.className = 'message meta';
    empty.dataset.key = 'empty';
    empty.textContent = t('empty');
    $('messages').append(empty);
  } else if (topLevel.length > 0) {
    $('messages').querySelector('[data-key="empty"]')?.remove();
  }
  renderThread(state);
  renderView(state);
}

let chromeKey = '';
function renderChrome(state) {
  const key = JSON.stringify([page.language, page.person, page.channel, state.workspace]);
  if (key === chromeKey) return;
  chromeKey = key;
  document.documentElement.lang = page.language;
  document.title = t('pageTitle');
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t(node.dataset.text);
  const channel = state.workspace.channels.find((candidate) => candidate.id === page.channel);
  $('channel-title').textContent = `# ${channel?.name ?? ''}`;
  $('composer-input').placeholder = t('composerPlaceholder', { channel: channel?.name ?? '' });
  $('thread-input').placeholder = t('replyPlaceholder');
  const list = $('channel-list');
  list.replaceChildren(
    ...state.workspace.channels.map((candidate) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `# ${candidate.name}`;
      button.setAttribute('aria-current', String(candidate.id === page.channel));
      button.addEventListener('click', () => switchTo({ channel: candidate.id }));
      item.append(button);
      return item;
    }),
  );
  fillSelect(
    $('person-select'),
    state.workspace.people.map((person) => ({ value: person.id, label: `${person.realName} (${person.locale})` })),
    page.person,
  );
  fillSelect(
    $('language-select'),
    LANGUAGES.filter((language) => Object.hasOwn(CHROME_TEXT, language.tag)).map((language) => ({
      value: language.tag,
      label: language.label,
    })),
    page.language,
  );
  // Dates and names inside messages follow the page's language: redraw them.
  page.rendered.clear();
  page.threadRendered.clear();
  $('messages').replaceChildren();
  $('thread-messages').replaceChildren();
}

function fillSelect(select, options, selected) {
  select.replaceChildren(
    ...options.map((option) => {
      const node = document.createElement('option');
      node.value = option.value;
      node.textContent = option.label;
      node.selected = option.value === selected;
      return node;
    }),
  );
}

/** Keyed by ts: a message is redrawn only when it changed, so focus and scroll survive each poll. */
function reconcile(list, rendered, messages, build) {
  const wanted = new Set(messages.map((message) => message.ts));
  for (const [ts, entry] of rendered) {
    if (!wanted.has(ts)) {
      entry.node.remove();
      rendered.delete(ts);
    }
  }
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
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
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function repliesOf(ts) {
  return page.state.messages.filter((message) => message.threadTs === ts);
}

function personName(id) {
  const state = page.state;
  if (id === state.botUserId) return 'odps';
  if (id === SLACKBOT) return 'Slackbot';
  return state.workspace.people.find((person) => person.id === id)?.realName ?? id;
}

function channelName(id) {
  return page.state.workspace.channels.find((channel) => channel.id === id)?.name ?? id;
}

function messageNode(message, state, withReplies) {
  const item = document.createElement('li');
  item.className = `message${message.ephemeral ? ' ephemeral' : ''}`;
  item.dataset.ts = message.ts;
  const isApp = message.user === state.botUserId;
  const avatar = document.createElement('div');
  avatar.className = 'avatar';
  avatar.setAttribute('aria-hidden', 'true');
  avatar.textContent = personName(message.user).slice(0, 1).toUpperCase();
  const body = document.createElement('div');
  body.className = 'message-body';
  const header = document.createElement('div');
  const author = document.createElement('span');
  author.className = 'author';
  author.textContent = personName(message.user);
  header.append(author);
  if (isApp) header.append(span('badge', t('app')));
  const time = document.createElement('time');
  time.className = 'meta';
  const when = new Date(Number(message.ts.split('.')[0]) * 1000);
  time.dateTime = when.toISOString();
  time.textContent = new Intl.DateTimeFormat(page.language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(when);
  header.append(time);
  if (message.edited) header.append(span('edited', ` ${t('edited')}`));
  body.append(header);
  if (message.ephemeral) body.append(span('ephemeral-note', `👁 ${t('onlyYou')}`));
  body.append(content(message));
  if (message.files.length > 0) body.append(filesNode(message.files));
  if (withReplies) {
    const replies = repliesOf(message.ts);
    if (replies.length > 0) {
      const link = document.createElement('button');
      link.type = 'button';
      link.className = 'replies-link';
      link.textContent = replies.length === 1 ? t('oneReply') : t('replies', { count: replies.length });
      link.addEventListener('click', () => openThread(message.ts));
      body.append(link);
    }
  }
  item.append(avatar, body);
  return item;
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
    press: (blockId, element) => press(message, blockId, element),
    confirm: confirmDialog,
  };
}

function filesNode(files) {
  const list = document.createElement('div');
  list.className = 'files';
  for (const file of files) {
    const row = document.createElement('div');
    row.className = 'file';
    row.append(span('file-name', `📄 ${file.title}`), span('meta', t('fileSize', { size: file.size })));
    const link = document.createElement('a');
    link.className = 'link';
    link.href = file.url;
    link.download = file.name;
    link.textContent = t('download');
    row.append(link);
    list.append(row);
  }
  return list;
}

function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
}

function openThread(ts) {
  page.thread = ts;
  page.threadRendered.clear();
  $('thread-messages').replaceChildren();
  renderThread(page.state);
  $('thread').hidden = false;
  $('thread-input').focus();
}

function renderThread(state) {
  if (page.thread === undefined) return;
  const parent = state.messages.find((message) => message.ts === page.thread);
  if (parent === undefined) {
    closeThread();
    return;
  }
  const messages = [parent, ...repliesOf(parent.ts)];
  reconcile($('thread-messages'), page.threadRendered, messages, (message) => messageNode(message, state, false));
}

function closeThread() {
  page.thread = undefined;
  $('thread').hidden = true;
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
  await refresh();
}

function report(outcome) {
  $('composer-status').textContent = outcome.ok ? '' : t('sendFailed', { error: outcome.message ?? outcome.error });
}

function confirmDialog(confirm) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = confirm.title?.text ?? '';
  $('confirm-text').textContent = confirm.text?.text ?? '';
  $('confirm-yes').textContent = confirm.confirm?.text ?? 'OK';
  $('confirm-deny').textContent = confirm.deny?.text ?? t('cancel');
  dialog.returnValue = '';
  dialog.showModal();
  $('confirm-deny').focus();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
  });
}

function renderView(state) {
  const open = state.views[0];
  const dialog = $('view-dialog');
  if (open === undefined) {
    if (dialog.open) dialog.close();
    page.openView = undefined;
    return;
  }
  const key = JSON.stringify(open);
  if (page.openView?.key === key) return;
  const sameView = page.openView?.id === open.id;
  page.openView = { id: open.id, key };
  const view = open.view;
  $('view-title').textContent = view.title?.text ?? '';
  $('view-submit').textContent = view.submit?.text ?? t('submit');
  $('view-close').textContent = view.close?.text ?? t('cancel');
  if (!sameView) {
    const blocks = renderBlocks(view.blocks ?? [], renderContext({ ts: '' }));
    $('view-blocks').replaceChildren(blocks);
  }
  for (const node of $('view-blocks').querySelectorAll('.input-error')) node.remove();
  for (const [blockId, message] of Object.entries(open.errors ?? {})) {
    const field = $('view-blocks').querySelector(`[data-block-id="${CSS.escape(blockId)}"]`);
    field?.after(span('input-error', message));
  }
  if (!dialog.open) {
    dialog.showModal();
    $('view-blocks').querySelector('.input-field')?.focus();
  }
}

async function submitView(event) {
  event.preventDefault();
  const open = page.openView;
  if (open === undefined) return;
  const values = {};
  for (const field of $('view-blocks').querySelectorAll('.input-field')) {
    values[field.dataset.blockId] ??= {};
    values[field.dataset.blockId][field.dataset.actionId] = { type: field.dataset.type, value: field.value };
  }
  const outcome = await api('submit-view', { user: page.person, viewId: open.id, values });
  $('view-status').textContent =
    outcome.ok || outcome.error === 'validation_errors' ? '' : t('sendFailed', { error: outcome.error });
  await refresh();
}

async function closeView() {
  const open = page.openView;
  if (open) await api('close-view', { user: page.person, viewId: open.id });
  $('view-dialog').close();
  page.openView = undefined;
  await refresh();
}

async function sendComposer(event) {
  event.preventDefault();
  const input = $('composer-input');
  const text = input.value.trim();
  if (text === '') return;
  input.value = '';
  const outcome = text.startsWith('/')
    ? await api('command', { user: page.person, channel: page.channel, text })
    : await api('say', { user: page.person, channel: page.channel, text });
  report(outcome);
  await refresh();
}

async function sendReply(event) {
  event.preventDefault();
  const input = $('thread-input');
  const text = input.value.trim();
  if (text === '' || page.thread === undefined) return;
  input.value = '';
  report(await api('say', { user: page.person, channel: page.channel, text, threadTs: page.thread }));
  await refresh();
}

/** Enter sends, Shift+Enter adds a line (Slack's keys). */
function enterSends(textarea, form) {
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

async function switchTo(change) {
  Object.assign(page, change);
  if (change.channel) closeThread();
  localStorage.setItem('simulator.language', page.language);
  localStorage.setItem('simulator.person', page.person);
  localStorage.setItem('simulator.channel', page.channel);
  chromeKey = '';
  await refresh();
}

async function start() {
  const query = new URLSearchParams(location.search);
  for (const key of ['person', 'channel', 'language']) {
    if (query.has(key)) page[key] = query.get(key);
  }
  await recoverSelection();
  $('composer').addEventListener('submit', sendComposer);
  $('thread-composer').addEventListener('submit', sendReply);
  enterSends($('composer-input'), $('composer'));
  enterSends($('thread-input'), $('thread-composer'));
  $('thread-close').addEventListener('click', closeThread);
  $('person-select').addEventListener('change', (event) => switchTo({ person: event.target.value }));
  $('language-select').addEventListener('change', (event) => switchTo({ language: event.target.value }));
  $('view-form').addEventListener('submit', submitView);
  $('view-close').addEventListener('click', (event) => {
    event.preventDefault();
    closeView();
  });
  $('view-dialog').addEventListener('cancel', (event) => {
    event.preventDefault();
    closeView();
  });
  await refresh();
  $('composer-input').focus();
  const poll = async () => {
    try {
      await refresh();
    } catch {
      // The stand-in restarting or stopping: keep trying quietly.
    }
    setTimeout(poll, POLL_MS);
  };
  setTimeout(poll, POLL_MS);
}

start();
