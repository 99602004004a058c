/**
 * An SQLCost task's result text: JSON `{"Cost":{"SQL":{"Input":…,"Complexity":…,"UDF":…}}}`, the
 * document PyODPS's `get_sql_task_cost` and the Java console read. The SDKs disagree on the value
 * types (the Java SDK's own example has strings, `"Input": "1840"`; PyODPS's tests compare numbers),
 * so both are read. A missing `UDF` is 0; a missing or unreadable `Input` or `Complexity` is an error:
 * an estimate without them says nothing. Keys are matched without regard to case.
 * See docs/maxcompute-protocol.md, "Estimating SQL cost (the SQLCost task)".
 */
import { MaxComputeDecodeError } from '../errors.ts';
import type { SqlCostEstimate } from '../types.ts';

const WHAT = 'sqlcost';

type JsonObject = Readonly<Record<string, unknown>>;

export function decodeSqlCost(text: string): SqlCostEstimate {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw refused(`the result is not JSON: '${text.trim().slice(0, 60)}'`, cause);
  }
  const sql = member(member(doc, 'Cost'), 'SQL');
  if (!isJsonObject(sql)) throw refused('the result has no Cost.SQL object');
  const udf = member(sql, 'UDF');
  return {
    inputBytes: count(member(sql, 'Input'), 'Input'),
    complexity: positive(member(sql, 'Complexity'), 'Complexity'),
    udfCount: udf === undefined || udf === null ? 0 : count(udf, 'UDF'),
  };
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function member(value: unknown, name: string): unknown {
  if (!isJsonObject(value)) return undefined;
  const key = Object.keys(value).find((each) => each.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : value[key];
}

/** A JSON number or a number written as a string (`"1840"`, `" 1.0 "`); anything else is undefined. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** A non-negative whole number. Bytes past 2^53 (8 PiB) lose their last digits, as any JSON number would. */
function count(value: unknown, name: string): number {
  const parsed = numberOf(value);
  if (parsed === undefined || parsed < 0 || !Number.isInteger(parsed)) {
    throw refused(`${name} is not a non-negative whole number: ${JSON.stringify(value) ?? 'missing'}`);
  }
  return parsed;
}

function positive(value: unknown, name: string): number {
  const parsed = numberOf(value);
  if (parsed === undefined || parsed <= 0) {
    throw refused(`${name} is not a positive number: ${JSON.stringify(value) ?? 'missing'}`);
  }
  return parsed;
}

/** Reading the same task result again gives the same text, so a bad one is not worth retrying. */
function refused(message: string, cause?: unknown): MaxComputeDecodeError {
  return new MaxComputeDecodeError(WHAT, message, { cause, retryable: false });
}
