import { type InstanceResult, RESULT_API_ROW_CAP } from '../../tracker/maxcompute-gateway.ts';
import type { Translator } from '../i18n/catalog.ts';
import { formatBytes, formatCount } from '../i18n/format.ts';
import { countOf } from '../i18n/plural.ts';

type FileResult = Extract<InstanceResult, { kind: 'table' | 'text' }>;

export interface ResultFile {
  readonly filename: string;
  readonly content: string;
  readonly comment: string;
}

/**
 * The file attached under a result: the CSV of a table (or the text of a text result), named after
 * the instance, with a comment that says honestly what it holds. A CSV MaxCompute cut (or may have
 * cut) at its result API's cap is "partial", never "full". `/odps result` and the tracker's notice
 * both attach it through the result poster (src/slack/result-poster.ts).
 */
export function resultFile(instanceId: string, result: FileResult, t: Translator): ResultFile {
  const content = result.kind === 'table' ? result.csv : result.text;
  const size = formatBytes(Buffer.byteLength(content), t.locale);
  if (result.kind === 'text') {
    return { filename: `${instanceId}.txt`, content, comment: t('result.textComment', { size }) };
  }
  const figures = {
    rows: countOf(t, 'rows', result.table.rows.length),
    size,
    cap: formatCount(RESULT_API_ROW_CAP, t.locale),
  };
  const key =
    result.completeness === 'truncated'
      ? 'result.csvPartial'
      : result.completeness === 'unknown'
        ? 'result.csvUnknown'
        : 'result.csvComment';
  return { filename: `${instanceId}.csv`, content, comment: t(key, figures) };
}
