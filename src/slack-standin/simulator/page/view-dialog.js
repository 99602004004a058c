// The two dialogs Slack's client shows over a channel: a button's confirm dialog, and an app's modal
// (views.open) with its inputs, errors and Submit/Cancel.

import { renderBlocks } from './blocks.js';
import { $, api, channelName, groupHandle, page, personName, span, t } from './page-state.js';

/** Resolves true when the person confirms; Escape or the deny button is false. */
export function confirmDialog(confirm) {
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

/** The person's open modal, if any: opened, updated in place (keeping what they typed) or closed. */
export function renderView(state) {
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
  if (!sameView) $('view-blocks').replaceChildren(renderBlocks(view.blocks ?? [], viewContext()));
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

/** Buttons inside a modal send nothing: the simulator only plays the inputs and Submit/Cancel. */
function viewContext() {
  return {
    document,
    language: page.language,
    personName,
    channelName,
    groupHandle,
    press: () => undefined,
    confirm: confirmDialog,
  };
}

/** Input values go as typed: Slack does not escape a modal's plain_text_input values. */
export async function submitView(event) {
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
  await page.refresh();
}

export async function closeView() {
  const open = page.openView;
  if (open) await api('close-view', { user: page.person, viewId: open.id });
  $('view-dialog').close();
  page.openView = undefined;
  await page.refresh();
}
