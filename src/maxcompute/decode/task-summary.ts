/**
 * `?instancesummary`: JSON `{"Instance":{"JsonSummary":"<json text>","Summary":"text"}}`.
 * The summary is informational, so a JsonSummary that does not parse to an object reads as `{}`;
 * only an outer body that is not a JSON object is a decode error.
 */
import { MaxComputeDecodeError } from '../errors.ts';
import type { TaskSummary } from '../types.ts';

const WHAT = 'instancesummary';

type JsonObject = Readonly<Record<string, unknown>>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function decodeTaskSummary(body: string): TaskSummary {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (cause) {
    throw new MaxComputeDecodeError(WHAT, 'body is not JSON', { cause });
  }
  if (!isJsonObject(doc)) throw new MaxComputeDecodeError(WHAT, 'body is not a JSON object');
  // PyODPS answers "no summary" when Instance is missing; here that is an empty summary.
  const instance = isJsonObject(doc.Instance) ? doc.Instance : {};
  return {
    json: parseJsonSummary(instance.JsonSummary),
    text: typeof instance.Summary === 'string' ? instance.Summary : '',
  };
}

function parseJsonSummary(value: unknown): JsonObject {
  if (isJsonObject(value)) return value;
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
