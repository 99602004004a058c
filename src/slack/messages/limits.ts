import type { KnownBlock } from '@slack/types';
import { slackLength } from './mrkdwn.ts';

/**
 * Block Kit limits (Slack's block reference). `msg_blocks_too_long`
 * appears near 12k characters of block text even when every single limit holds, so builders keep a
 * margin below `MAX_TOTAL_TEXT`.
 */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  /** Any other text object (a context element, a field's own limit is lower). */
  textObject: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  header: 150,
  buttonText: 75,
  buttonValue: 2000,
  confirmTitle: 100,
  confirmText: 300,
  tableRows: 100,
  tableCells: 20,
  tableCellText: 10_000,
  maxTotalText: 12_000,
  /** What our builders aim for, under the undocumented aggregate limit. */
  budgetTotalText: 9_000,
} as const;

/** Every limit a message breaks, as readable problems; empty when the message is within limits. */
export function blockKitProblems(blocks: readonly KnownBlock[]): string[] {
  const problems: string[] = [];
  if (blocks.length > LIMITS.blocks) problems.push(`${blocks.length} blocks > ${LIMITS.blocks}`);
  let tables = 0;
  let total = 0;
  for (const block of blocks) {
    total += textLength(block);
    if (block.type === 'section' && block.text && slackLength(block.text.text) > LIMITS.sectionText) {
      problems.push(`section text ${slackLength(block.text.text)} > ${LIMITS.sectionText}`);
    }
    if (block.type === 'section' && block.fields) {
      if (block.fields.length > LIMITS.sectionFields)
        problems.push(`${block.fields.length} fields > ${LIMITS.sectionFields}`);
      for (const field of block.fields) {
        if (slackLength(field.text) > LIMITS.sectionFieldText) problems.push(`field text > ${LIMITS.sectionFieldText}`);
      }
    }
    if (block.type === 'context') {
      for (const element of block.elements) {
        if ('text' in element && typeof element.text === 'string' && slackLength(element.text) > LIMITS.textObject) {
          problems.push(`context text ${slackLength(element.text)} > ${LIMITS.textObject}`);
        }
      }
    }
    if (block.type === 'header' && slackLength(block.text.text) > LIMITS.header) problems.push('header too long');
    if (block.type === 'table') {
      tables++;
      if (block.rows.length > LIMITS.tableRows) problems.push(`table rows ${block.rows.length} > ${LIMITS.tableRows}`);
      for (const row of block.rows) {
        if (row.length > LIMITS.tableCells) problems.push(`table row of ${row.length} cells > ${LIMITS.tableCells}`);
        for (const cell of row) if (cell.type === 'raw_text' && cell.text.length === 0) problems.push('empty raw_text');
      }
    }
  }
  if (tables > 1) problems.push(`${tables} table blocks > 1`);
  if (total > LIMITS.maxTotalText) problems.push(`block text ${total} > ${LIMITS.maxTotalText}`);
  return problems;
}

/** Characters of text a block carries, counted recursively over every `text` string in it. */
export function textLength(value: unknown): number {
  if (typeof value === 'string') return 0;
  if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  let sum = 0;
  for (const [key, inner] of Object.entries(value)) {
    sum += key === 'text' && typeof inner === 'string' ? slackLength(inner) : textLength(inner);
  }
  return sum;
}
