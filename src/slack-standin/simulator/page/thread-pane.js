// The thread pane on the right, as in Slack's client: there only while a thread is open, opening on
// the parent message, scrolling on its own, closed by Close or Escape, and as wide as the person drags
// its left edge (remembered, like their other choices).

import { followBottom, messageNode, reconcile, setFollowing } from './messages.js';
import { $, api, page, repliesOf, report } from './page-state.js';

/** Narrower and the result tables are mostly scrolling; the channel always keeps room to read. */
const MIN_WIDTH = 320;
const MAX_WIDTH = 960;
const CHANNEL_MIN_WIDTH = 360;
const KEY_STEP = 32;
const WIDTH_KEY = 'simulator.threadWidth';

export function openThread(ts) {
  page.thread = ts;
  page.threadRendered.clear();
  $('thread-messages').replaceChildren();
  setFollowing($('thread-messages'), false);
  $('thread').hidden = false;
  describeWidth();
  renderThread(page.state);
  // A thread opens on its parent, wherever in the channel it was opened from.
  $('thread-messages').scrollTop = 0;
  $('thread-input').focus({ preventScroll: true });
}

export function renderThread(state) {
  if (page.thread === undefined) return;
  const parent = state.messages.find((message) => message.ts === page.thread);
  if (parent === undefined) {
    closeThread();
    return;
  }
  const messages = [parent, ...repliesOf(parent.ts)];
  reconcile($('thread-messages'), page.threadRendered, messages, (message) => messageNode(message, state));
}

export function closeThread() {
  page.thread = undefined;
  page.threadRendered.clear();
  $('thread-messages').replaceChildren();
  $('thread').hidden = true;
}

async function sendReply(event) {
  event.preventDefault();
  const input = $('thread-input');
  const text = input.value.trim();
  if (text === '' || page.thread === undefined) return;
  input.value = '';
  report(await api('say', { user: page.person, channel: page.channel, text, threadTs: page.thread }));
  await page.refresh();
}

/** The widest the pane may be now: what the window leaves after the sidebar and the channel's minimum. */
function widest() {
  const sidebar = document.querySelector('.sidebar')?.getBoundingClientRect().width ?? 0;
  return Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, window.innerWidth - sidebar - CHANNEL_MIN_WIDTH));
}

function setWidth(width, remember) {
  const clamped = Math.round(Math.min(widest(), Math.max(MIN_WIDTH, width)));
  document.documentElement.style.setProperty('--thread-width', `${clamped}px`);
  describeWidth();
  if (remember) localStorage.setItem(WIDTH_KEY, String(clamped));
}

/** A separator that can be moved says where it is and between what limits, for screen readers. */
function describeWidth() {
  const handle = $('thread-resizer');
  handle.setAttribute('aria-valuenow', String(Math.round(currentWidth())));
  handle.setAttribute('aria-valuemin', String(MIN_WIDTH));
  handle.setAttribute('aria-valuemax', String(widest()));
}

const currentWidth = () => $('thread').getBoundingClientRect().width;

/** Dragging the pane's left edge: left widens it. The pointer is captured so a fast drag is not lost. */
function dragToResize(handle) {
  handle.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
    const startX = event.clientX;
    const startWidth = currentWidth();
    document.body.classList.add('resizing');
    const move = (moved) => setWidth(startWidth + startX - moved.clientX, false);
    const stop = () => {
      handle.removeEventListener('pointermove', move);
      document.body.classList.remove('resizing');
      setWidth(currentWidth(), true);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('lostpointercapture', stop, { once: true });
  });
}

/** The keyboard's way: arrows widen (left) or narrow (right); Home and End go to the limits. */
function keysToResize(handle) {
  handle.addEventListener('keydown', (event) => {
    const change = {
      ArrowLeft: () => currentWidth() + KEY_STEP,
      ArrowRight: () => currentWidth() - KEY_STEP,
      Home: () => MIN_WIDTH,
      End: () => widest(),
    }[event.key];
    if (change === undefined) return;
    event.preventDefault();
    setWidth(change(), true);
  });
}

export function startThreadPane() {
  followBottom($('thread-messages'), { followShort: false });
  $('thread-composer').addEventListener('submit', sendReply);
  $('thread-close').addEventListener('click', closeThread);
  $('thread').addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !event.defaultPrevented) closeThread();
  });
  const handle = $('thread-resizer');
  dragToResize(handle);
  keysToResize(handle);
  const stored = Number(localStorage.getItem(WIDTH_KEY));
  if (stored > 0) setWidth(stored, false);
}
