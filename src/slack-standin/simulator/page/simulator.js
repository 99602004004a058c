// The simulator page: one person in one channel of a local Slack workspace. It polls what that person
// sees (GET /simulator/api/state) and sends what they do (POST /simulator/api/...); the stand-in signs
// and delivers it to the app exactly as Slack would. No framework, no build step. The parts: messages.js
// (the message list), thread-pane.js, view-dialog.js (confirm and modal dialogs), page-state.js.

import { CHROME_TEXT, LANGUAGES } from './chrome-text.js';
import { followBottom, messageNode, reconcile } from './messages.js';
import { $, api, page, report, t } from './page-state.js';
import { closeThread, openThread, renderThread, startThreadPane } from './thread-pane.js';
import { closeView, renderView, submitView } from './view-dialog.js';

const POLL_MS = 600;

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
  reconcile($('messages'), page.rendered, topLevel, (message) => messageNode(message, state, openThread));
  renderEmptyState(topLevel.length === 0);
  renderThread(state);
  renderView(state);
}

/** A channel with no messages says what to do, on its own line rather than as a message. */
function renderEmptyState(empty) {
  const shown = $('messages').querySelector('[data-key="empty"]');
  if (!empty) {
    shown?.remove();
    return;
  }
  if (shown) return;
  const line = document.createElement('li');
  line.className = 'empty-state';
  line.dataset.key = 'empty';
  line.textContent = t('empty');
  $('messages').append(line);
}

let chromeKey = '';
function renderChrome(state) {
  const key = JSON.stringify([page.language, page.person, page.channel, state.workspace]);
  if (key === chromeKey) return;
  chromeKey = key;
  document.documentElement.lang = page.language;
  document.title = t('pageTitle');
  for (const node of document.querySelectorAll('[data-text]')) node.textContent = t(node.dataset.text);
  for (const node of document.querySelectorAll('[data-label]')) node.setAttribute('aria-label', t(node.dataset.label));
  const channel = state.workspace.channels.find((candidate) => candidate.id === page.channel);
  $('channel-title').textContent = `# ${channel?.name ?? ''}`;
  $('thread-channel').textContent = `# ${channel?.name ?? ''}`;
  $('composer-input').placeholder = t('composerPlaceholder', { channel: channel?.name ?? '' });
  $('thread-input').placeholder = t('replyPlaceholder');
  $('channel-list').replaceChildren(...state.workspace.channels.map(channelItem));
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

function channelItem(candidate) {
  const item = document.createElement('li');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = `# ${candidate.name}`;
  button.setAttribute('aria-current', String(candidate.id === page.channel));
  button.addEventListener('click', () => switchTo({ channel: candidate.id }));
  item.append(button);
  return item;
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

/** The composer sends the line as typed; the stand-in escapes it the way Slack's client does. */
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

function listen() {
  followBottom($('messages'), { followShort: true });
  $('composer').addEventListener('submit', sendComposer);
  enterSends($('composer-input'), $('composer'));
  enterSends($('thread-input'), $('thread-composer'));
  startThreadPane();
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
}

async function start() {
  const query = new URLSearchParams(location.search);
  for (const key of ['person', 'channel', 'language']) {
    if (query.has(key)) page[key] = query.get(key);
  }
  page.refresh = refresh;
  await recoverSelection();
  listen();
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
