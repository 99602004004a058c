// Block Kit as the Slack client lays it out, for the blocks odps-chatops and most apps send: section
// (text, fields, button accessory), header, divider, context, actions (buttons with confirm), rich_text
// (sections, preformatted, quotes, lists), table, image (alt text; the page loads nothing remote) and
// modal inputs. DOM is built with textContent only.

import { chromeText } from './chrome-text.js';
import { emojiFor, renderMrkdwn } from './mrkdwn.js';

/**
 * ctx: { document, language, personName(id), channelName(id), groupHandle(id),
 *        press(blockId, element) (a button was pressed and, when it asks, confirmed),
 *        confirm(dialog) -> Promise<boolean> }
 */
export function renderBlocks(blocks, ctx) {
  const container = el(ctx, 'div', 'blocks');
  blocks.forEach((block, index) => {
    container.append(renderBlock(block, index, ctx));
  });
  return container;
}

function renderBlock(block, index, ctx) {
  const blockId = typeof block.block_id === 'string' ? block.block_id : `block-${index}`;
  switch (block.type) {
    case 'section':
      return section(block, blockId, ctx);
    case 'header':
      return el(ctx, 'h3', 'block-header', block.text?.text ?? '');
    case 'divider':
      return el(ctx, 'hr', 'block-divider');
    case 'context':
      return contextBlock(block, ctx);
    case 'actions':
      return actions(block, blockId, ctx);
    case 'rich_text':
      return richText(block, ctx);
    case 'table':
      return table(block, ctx);
    case 'image':
      return el(ctx, 'div', 'block-image', `🖼 ${block.alt_text ?? ''}`);
    case 'input':
      return input(block, blockId, ctx);
    default:
      return el(ctx, 'div', 'block-unsupported', chromeText(ctx.language, 'unsupported', { type: block.type }));
  }
}

export function textObject(object, ctx) {
  if (object === undefined || object === null) return ctx.document.createDocumentFragment();
  if (object.type === 'mrkdwn') return renderMrkdwn(object.text ?? '', ctx);
  return ctx.document.createTextNode(plainText(object.text ?? ''));
}

/** plain_text may carry :emoji: names (emoji: true is the default). */
function plainText(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => emojiFor(name) ?? whole);
}

function section(block, blockId, ctx) {
  const node = el(ctx, 'div', 'block-section');
  const body = el(ctx, 'div', 'section-body');
  if (block.text) {
    const text = el(ctx, 'div', 'section-text');
    text.append(textObject(block.text, ctx));
    body.append(text);
  }
  if (Array.isArray(block.fields)) {
    const fields = el(ctx, 'div', 'section-fields');
    for (const field of block.fields) {
      const cell = el(ctx, 'div', 'section-field');
      cell.append(textObject(field, ctx));
      fields.append(cell);
    }
    body.append(fields);
  }
  node.append(body);
  if (block.accessory?.type === 'button') node.append(button(block.accessory, blockId, ctx));
  return node;
}

function contextBlock(block, ctx) {
  const node = el(ctx, 'div', 'block-context');
  for (const element of block.elements ?? []) {
    const part = el(ctx, 'span', 'context-part');
    if (element.type === 'image') part.textContent = `🖼 ${element.alt_text ?? ''}`;
    else part.append(textObject(element, ctx));
    node.append(part);
  }
  return node;
}

function actions(block, blockId, ctx) {
  const node = el(ctx, 'div', 'block-actions');
  for (const element of block.elements ?? []) {
    if (element.type === 'button') node.append(button(element, blockId, ctx));
    else node.append(el(ctx, 'span', 'block-unsupported', element.type));
  }
  return node;
}

/**
 * A button sends block_actions when pressed; with `confirm` only after the dialog is accepted. A URL
 * button opens its link too (Slack still tells the app, which must acknowledge).
 */
function button(element, blockId, ctx) {
  const node = el(ctx, 'button', `button${element.style ? ` button-${element.style}` : ''}`);
  node.type = 'button';
  node.textContent = plainText(element.text?.text ?? '');
  node.dataset.actionId = element.action_id ?? '';
  if (element.url) {
    node.title = `${element.url} ${chromeText(ctx.language, 'opensInNewTab')}`;
  }
  node.addEventListener('click', async () => {
    if (element.confirm && !(await ctx.confirm(element.confirm))) return;
    if (element.url) window.open(element.url, '_blank', 'noopener,noreferrer');
    ctx.press(blockId, element);
  });
  return node;
}

function richText(block, ctx) {
  const node = el(ctx, 'div', 'block-rich-text');
  for (const element of block.elements ?? []) node.append(richElement(element, ctx));
  return node;
}

function richElement(element, ctx) {
  switch (element.type) {
    case 'rich_text_preformatted': {
      const pre = el(ctx, 'pre', 'rich-pre');
      for (const inner of element.elements ?? []) pre.append(richInline(inner, ctx));
      return pre;
    }
    case 'rich_text_quote': {
      const quote = el(ctx, 'blockquote', 'rich-quote');
      for (const inner of element.elements ?? []) quote.append(richInline(inner, ctx));
      return quote;
    }
    case 'rich_text_list': {
      const list = el(ctx, element.style === 'ordered' ? 'ol' : 'ul', 'rich-list');
      for (const item of element.elements ?? []) {
        const li = el(ctx, 'li');
        li.append(richElement(item, ctx));
        list.append(li);
      }
      return list;
    }
    default: {
      const paragraph = el(ctx, 'div', 'rich-section');
      for (const inner of element.elements ?? []) paragraph.append(richInline(inner, ctx));
      return paragraph;
    }
  }
}

function richInline(element, ctx) {
  let node;
  switch (element.type) {
    case 'text':
      node = ctx.document.createTextNode(element.text ?? '');
      break;
    case 'link': {
      node = el(ctx, 'a', 'link', element.text ?? element.url ?? '');
      node.href = /^https?:/i.test(element.url ?? '') ? element.url : '#';
      node.target = '_blank';
      node.rel = 'noopener noreferrer';
      break;
    }
    case 'user':
      node = el(ctx, 'span', 'mention', `@${ctx.personName(element.user_id)}`);
      break;
    case 'channel':
      node = el(ctx, 'span', 'mention', `#${ctx.channelName(element.channel_id)}`);
      break;
    case 'usergroup':
      node = el(ctx, 'span', 'mention', `@${ctx.groupHandle?.(element.usergroup_id) ?? 'group'}`);
      break;
    case 'broadcast':
      node = el(ctx, 'span', 'mention mention-broadcast', `@${element.range}`);
      break;
    case 'emoji':
      node = el(ctx, 'span', 'emoji', emojiFor(element.name) ?? `:${element.name}:`);
      break;
    default:
      node = ctx.document.createTextNode('');
  }
  const style = element.style ?? {};
  if (style.code) node = wrap(ctx, 'code', node);
  if (style.bold) node = wrap(ctx, 'strong', node);
  if (style.italic) node = wrap(ctx, 'em', node);
  if (style.strike) node = wrap(ctx, 's', node);
  return node;
}

/** A table block: the first row is the header row, as Slack draws it. */
function table(block, ctx) {
  const wrapper = el(ctx, 'div', 'block-table');
  const node = el(ctx, 'table');
  const rows = block.rows ?? [];
  rows.forEach((row, index) => {
    const tr = el(ctx, 'tr');
    for (const cell of row) {
      const td = el(ctx, index === 0 ? 'th' : 'td');
      if (cell.type === 'rich_text') td.append(richText(cell, ctx));
      else td.textContent = cell.text ?? '';
      tr.append(td);
    }
    (index === 0 ? headOf(ctx, node) : bodyOf(ctx, node)).append(tr);
  });
  wrapper.append(node);
  return wrapper;
}

function headOf(ctx, tableNode) {
  return tableNode.tHead ?? tableNode.appendChild(el(ctx, 'thead'));
}

function bodyOf(ctx, tableNode) {
  return tableNode.tBodies[0] ?? tableNode.appendChild(el(ctx, 'tbody'));
}

/** Modal inputs: a labelled text field whose value the modal collects on submit. */
function input(block, blockId, ctx) {
  const node = el(ctx, 'div', 'block-input');
  const element = block.element ?? {};
  const id = `input-${blockId}-${element.action_id ?? 'value'}`;
  const label = el(ctx, 'label', 'input-label', plainText(block.label?.text ?? ''));
  label.htmlFor = id;
  const field = el(ctx, element.multiline ? 'textarea' : 'input', 'input-field');
  field.id = id;
  field.dataset.blockId = blockId;
  field.dataset.actionId = element.action_id ?? 'value';
  field.dataset.type = element.type ?? 'plain_text_input';
  if (element.initial_value) field.value = element.initial_value;
  if (element.placeholder?.text) field.placeholder = element.placeholder.text;
  if (element.multiline) field.rows = 6;
  if (!block.optional) field.required = true;
  node.append(label, field);
  if (block.hint?.text) node.append(el(ctx, 'div', 'input-hint', plainText(block.hint.text)));
  return node;
}

function wrap(ctx, tag, child) {
  const node = el(ctx, tag);
  node.append(child);
  return node;
}

function el(ctx, tag, className, text) {
  const node = ctx.document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
