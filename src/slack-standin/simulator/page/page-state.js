// What every part of the simulator page shares: who is looking at which channel in which language,
// the last state the stand-in answered with, and the small helpers each part needs. One module so
// the parts (messages, thread pane, dialogs) do not import one another in circles.

import { chromeText, initialLanguage } from './chrome-text.js';

export const SLACKBOT = 'USLACKBOT';

export const page = {
  language: initialLanguage(localStorage.getItem('simulator.language'), navigator.languages ?? []),
  person: localStorage.getItem('simulator.person') ?? '',
  channel: localStorage.getItem('simulator.channel') ?? '',
  thread: undefined,
  state: undefined,
  rendered: new Map(),
  threadRendered: new Map(),
  openView: undefined,
  /** Set by simulator.js: polls the stand-in and redraws. */
  refresh: async () => undefined,
};

export const $ = (id) => document.getElementById(id);

export const t = (key, values) => chromeText(page.language, key, values);

export async function api(path, body) {
  const response = await fetch(`/simulator/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

export function personName(id) {
  const state = page.state;
  if (id === state.botUserId) return state.workspace.appName ?? 'odps';
  if (id === SLACKBOT) return 'Slackbot';
  return state.workspace.people.find((person) => person.id === id)?.realName ?? id;
}

export function channelName(id) {
  return page.state.workspace.channels.find((channel) => channel.id === id)?.name ?? id;
}

/** A user group's handle (data-leads), or undefined for a group the workspace does not define. */
export function groupHandle(id) {
  return page.state.workspace.userGroups?.find((group) => group.id === id)?.handle;
}

export function repliesOf(ts) {
  return page.state.messages.filter((message) => message.threadTs === ts);
}

export function span(className, text) {
  const node = document.createElement('span');
  node.className = className;
  node.textContent = text;
  return node;
}

/** What the stand-in said about something the person did, under the composer (empty when it went through). */
export function report(outcome) {
  $('composer-status').textContent = outcome.ok ? '' : t('sendFailed', { error: outcome.message ?? outcome.error });
}
