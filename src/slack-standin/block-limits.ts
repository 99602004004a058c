/**
 * Block Kit limits Slack enforces on chat.postMessage / chat.update / chat.postEphemeral, checked
 * here so a test catches a layout that real Slack would refuse (the bot would then post nothing).
 *
 * | check                                              | Slack's answer        |
 * | -------------------------------------------------- | --------------------- |
 * | `blocks` not a JSON array                          | invalid_blocks_format |
 * | more than 50 blocks                                | invalid_blocks        |
 * | section `text` over 3,000 characters               | invalid_blocks        |
 * | section with more than 10 fields / a field > 2,000 | invalid_blocks        |
 * | header text over 150 characters                    | invalid_blocks        |
 * | a context element's text over 3,000 characters      | invalid_blocks        |
 * | more than one `table` block                        | invalid_blocks        |
 * | table over 100 rows or 20 cells in a row           | invalid_blocks        |
 * | table `raw_text` cell with empty text              | invalid_blocks        |
 * | all `text` strings in the blocks over 12,000 chars | msg_blocks_too_long   |
 *
 * The 12,000 total is the maintainers' hint for the aggregate limit (bolt-js #2509, #2867); Slack's
 * real threshold wanders between about 11k and 13k, so staying well under it is the safe reading.
 * Like Slack, the answer carries `response_metadata.messages` naming the offending block by JSON pointer.
 */

export const BLOCK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  /** A text object anywhere else, such as a context element. */
  textObject: 3000,
  tablesPerMessage: 1,
  tableRows: 100,
  tableCellsPerRow: 20,
  totalBlockText: 12_000,
} as const;

export type BlocksVerdict =
  | { ok: true }
  | { ok: false; error: 'invalid_blocks' | 'invalid_blocks_format' | 'msg_blocks_too_long'; messages: string[] };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null;

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

/** Checks one block; returns Slack-style "[ERROR] … [json-pointer:/blocks/i/…]" lines. */
function blockProblems(block: unknown, index: number): string[] {
  const at = `/blocks/${index}`;
  if (!isObject(block) || typeof block.type !== 'string')
    return [`[ERROR] missing required field: type [json-pointer:${at}]`];
  const problems: string[] = [];
  if (block.type === 'section') {
    const text = textOf(block.text);
    if (text !== undefined && text.length > BLOCK_LIMITS.sectionText) {
      problems.push(
        `[ERROR] must be less than ${BLOCK_LIMITS.sectionText + 1} characters [json-pointer:${at}/text/text]`,
      );
    }
    const fields = Array.isArray(block.fields) ? block.fields : [];
    if (fields.length > BLOCK_LIMITS.sectionFields) {
      problems.push(`[ERROR] must provide at most ${BLOCK_LIMITS.sectionFields} items [json-pointer:${at}/fields]`);
    }
    fields.forEach((field, f) => {
      if ((textOf(field)?.length ?? 0) > BLOCK_LIMITS.sectionFieldText) {
        problems.push(
          `[ERROR] must be less than ${BLOCK_LIMITS.sectionFieldText + 1} characters [json-pointer:${at}/fields/${f}/text]`,
        );
      }
    });
  } else if (block.type === 'header') {
    if ((textOf(block.text)?.length ?? 0) > BLOCK_LIMITS.headerText) {
      problems.push(
        `[ERROR] must be less than ${BLOCK_LIMITS.headerText + 1} characters [json-pointer:${at}/text/text]`,
      );
    }
  } else if (block.type === 'table') {
    problems.push(...tableProblems(block, at));
  } else if (block.type === 'context') {
    const elements = Array.isArray(block.elements) ? block.elements : [];
    elements.forEach((element, e) => {
      if ((textOf(element)?.length ?? 0) > BLOCK_LIMITS.textObject) {
        problems.push(
          `[ERROR] must be less than ${BLOCK_LIMITS.textObject + 1} characters [json-pointer:${at}/elements/${e}/text]`,
        );
      }
    });
  }
  return problems;
}

function tableProblems(table: Json, at: string): string[] {
  const rows = Array.isArray(table.rows) ? table.rows : [];
  const problems: string[] = [];
  if (rows.length === 0) problems.push(`[ERROR] must provide at least 1 item [json-pointer:${at}/rows]`);
  if (rows.length > BLOCK_LIMITS.tableRows) {
    problems.push(`[ERROR] must provide at most ${BLOCK_LIMITS.tableRows} items [json-pointer:${at}/rows]`);
  }
  rows.forEach((row, r) => {
    const cells = Array.isArray(row) ? row : [];
    if (cells.length > BLOCK_LIMITS.tableCellsPerRow) {
      problems.push(
        `[ERROR] must provide at most ${BLOCK_LIMITS.tableCellsPerRow} items [json-pointer:${at}/rows/${r}]`,
      );
    }
    cells.forEach((cell, c) => {
      if (isObject(cell) && cell.type === 'raw_text' && (typeof cell.text !== 'string' || cell.text.length === 0)) {
        problems.push(`[ERROR] must be at least 1 character [json-pointer:${at}/rows/${r}/${c}/text]`);
      }
    });
  });
  return problems;
}

/** Sum of every `text` string anywhere in the blocks: what Slack counts toward msg_blocks_too_long. */
export function totalBlockText(value: unknown): number {
  if (Array.isArray(value)) return value.reduce<number>((sum, item) => sum + totalBlockText(item), 0);
  if (!isObject(value)) return 0;
  let sum = 0;
  for (const [key, child] of Object.entries(value)) {
    sum += key === 'text' && typeof child === 'string' ? child.length : totalBlockText(child);
  }
  return sum;
}

/** `blocks` as the stand-in received it: undefined (none), an array, or a string that failed to parse. */
export function checkBlocks(blocks: unknown): BlocksVerdict {
  if (blocks === undefined) return { ok: true };
  if (!Array.isArray(blocks)) {
    return {
      ok: false,
      error: 'invalid_blocks_format',
      messages: ['[ERROR] expected an array [json-pointer:/blocks]'],
    };
  }
  const problems: string[] = [];
  if (blocks.length > BLOCK_LIMITS.blocksPerMessage) {
    problems.push(`[ERROR] must provide at most ${BLOCK_LIMITS.blocksPerMessage} items [json-pointer:/blocks]`);
  }
  const tables = blocks.filter((block) => isObject(block) && block.type === 'table').length;
  if (tables > BLOCK_LIMITS.tablesPerMessage) {
    problems.push(
      `[ERROR] only ${BLOCK_LIMITS.tablesPerMessage} table block is allowed per message [json-pointer:/blocks]`,
    );
  }
  blocks.forEach((block, index) => {
    problems.push(...blockProblems(block, index));
  });
  if (problems.length > 0) return { ok: false, error: 'invalid_blocks', messages: problems };
  const total = totalBlockText(blocks);
  if (total > BLOCK_LIMITS.totalBlockText) {
    return {
      ok: false,
      error: 'msg_blocks_too_long',
      messages: [
        `[ERROR] blocks carry ${total} characters of text, over ${BLOCK_LIMITS.totalBlockText} [json-pointer:/blocks]`,
      ],
    };
  }
  return { ok: true };
}
