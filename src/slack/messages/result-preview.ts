import type { KnownBlock, RawTextElement, TableBlock } from '@slack/types';
import type { InstanceResult, ResultTable } from '../../tracker/maxcompute-gateway.ts';
import { RESULT_API_ROW_CAP, type ResultCompleteness } from '../../tracker/maxcompute-gateway.ts';
import type { Translator } from '../i18n/catalog.ts';
import { formatCount } from '../i18n/format.ts';
import { countOf } from '../i18n/plural.ts';
import { LIMITS } from './limits.ts';
import type { SlackMessage } from './message.ts';
import { escapeMrkdwn, slackLength, truncate } from './mrkdwn.ts';

/**
 * The result preview posted in the job's thread: a native `table` block whose cells are raw text,
 * so nothing in the data can mention anyone or render as a link. It fits every limit by cutting
 * rows, columns and long cells; `complete` says whether the reader saw everything (if not, the
 * caller attaches the CSV). A result MaxCompute cut (or may have cut) says so in its caption and is
 * never complete.
 */
export interface PreviewOptions {
  readonly maxRows: number;
  readonly maxColumns: number;
  readonly maxCellChars: number;
  /** A cut result is being exported whole (the file under the preview): the caption says so. */
  readonly exporting?: boolean;
}

export const DEFAULT_PREVIEW: PreviewOptions = { maxRows: 20, maxColumns: 10, maxCellChars: 80 };

const NULL_CELL = '∅';
/** Text budget for the table's cells, leaving room for the caption and Slack's container overhead. */
const CELL_BUDGET = LIMITS.budgetTotalText - 1000;

export interface Preview {
  readonly message: SlackMessage;
  readonly complete: boolean;
  readonly rowsShown: number;
}

export function resultPreview(
  table: ResultTable,
  t: Translator,
  options: PreviewOptions = DEFAULT_PREVIEW,
  completeness: ResultCompleteness = 'complete',
): Preview {
  const total = table.rows.length;
  if (table.columns.length === 0 || total === 0) {
    const text = t('result.noRows');
    return {
      message: {
        text: escapeMrkdwn(text),
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } }],
      },
      complete: true,
      rowsShown: 0,
    };
  }
  const columns = Math.min(table.columns.length, options.maxColumns, LIMITS.tableCells);
  let cellsCut = false;
  const cell = (value: string | null): RawTextElement => {
    const text = value === null ? NULL_CELL : value === '' ? ' ' : truncate(value, options.maxCellChars);
    if (value !== null && text !== value && value !== '') cellsCut = true;
    return { type: 'raw_text', text };
  };
  const header = table.columns.slice(0, columns).map((name) => cell(name));
  const rows: RawTextElement[][] = [header];
  let used = header.reduce((sum, each) => sum + slackLength(each.text), 0);
  const maxRows = Math.min(options.maxRows, LIMITS.tableRows - 1);
  for (const row of table.rows) {
    if (rows.length - 1 >= maxRows) break;
    const cells = row.slice(0, columns).map((value) => cell(value));
    const size = cells.reduce((sum, each) => sum + slackLength(each.text), 0);
    if (used + size > CELL_BUDGET) break;
    rows.push(cells);
    used += size;
  }
  const shown = rows.length - 1;
  const caption = previewCaption(shown, total, completeness, options.exporting === true, t);
  const tableBlock: TableBlock = {
    type: 'table',
    rows,
    column_settings: header.map(() => ({ is_wrapped: true })),
  };
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(caption)}*` } },
    tableBlock,
  ];
  if (columns < table.columns.length) {
    const note = t('result.previewCols', { shown: columns, total: table.columns.length });
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(note) }] });
  }
  return {
    message: { text: escapeMrkdwn(caption), blocks },
    complete: completeness === 'complete' && shown === total && columns === table.columns.length && !cellsCut,
    rowsShown: shown,
  };
}

/** Rows a table preview shows at most, whatever `--limit` asked: the table block's 100 rows less its header. */
const MAX_PREVIEW_ROWS = 99;

/**
 * The preview of a table or text result, as `/odps result` and the notice both show it: a table at
 * `previewRows` rows (`--limit`; 20 when absent, 99 at most), a text literal and cut if long.
 */
export function previewOf(
  instanceId: string,
  result: Extract<InstanceResult, { kind: 'table' | 'text' }>,
  previewRows: number | undefined,
  t: Translator,
  exporting = false,
): Preview {
  if (result.kind === 'text') return textResult(instanceId, result.text, t);
  const maxRows = Math.min(previewRows ?? DEFAULT_PREVIEW.maxRows, MAX_PREVIEW_ROWS);
  return resultPreview(result.table, t, { ...DEFAULT_PREVIEW, maxRows, exporting }, result.completeness);
}

function previewCaption(
  shown: number,
  total: number,
  completeness: ResultCompleteness,
  exporting: boolean,
  t: Translator,
): string {
  const figures = {
    shown: formatCount(shown, t.locale),
    total: countOf(t, 'rows', total),
    cap: formatCount(RESULT_API_ROW_CAP, t.locale),
  };
  // A cut result being exported whole: the file below is all of it, so the caption says that instead.
  if (exporting && completeness !== 'complete') {
    return t('result.previewExporting', figures);
  }
  if (completeness === 'truncated') return t('result.previewPartial', figures);
  if (completeness === 'unknown') return t('result.previewUnknown', figures);
  return shown < total ? t('result.preview', figures) : t('result.previewAll', figures);
}

const TEXT_PREVIEW_CHARS = 3500;

/** A text result (desc output, DDL messages): preformatted and literal; long ones go to a file too. */
export function textResult(instanceId: string, text: string, t: Translator): Preview {
  const shown = truncate(text.trimEnd(), TEXT_PREVIEW_CHARS);
  const title = t('result.text', { instanceId });
  return {
    message: {
      text: escapeMrkdwn(title),
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(title)}*` } },
        {
          type: 'rich_text',
          elements: [{ type: 'rich_text_preformatted', elements: [{ type: 'text', text: shown || ' ' }] }],
        },
      ],
    },
    complete: shown === text.trimEnd(),
    rowsShown: 0,
  };
}
