/**
 * `?result`: each task's result text in document order. A synchronous create answers with
 * the same document, hence {@link decodeSyncCreateBody}.
 * See docs/maxcompute-protocol.md, "Instance results (?result) and the result descriptor".
 */
import type { TaskResult } from '../types.ts';
import { readResult } from './result-text.ts';
import { toTaskStatus } from './statuses.ts';
import { attribute, child, children, optionalText, parseXml, requiredText, type XmlValue } from './xml.ts';

export function decodeTaskResults(body: string): TaskResult[] {
  return decodeResultsDocument('result', body);
}

/** Body of a 201 create: empty for the usual async instance, task results for a sync one. */
export function decodeSyncCreateBody(body: string): TaskResult[] {
  return body.trim() === '' ? [] : decodeResultsDocument('create response', body);
}

function decodeResultsDocument(what: string, body: string): TaskResult[] {
  const instance = parseXml(what, body, 'Instance');
  return children(child(instance, 'Tasks'), 'Task').map((task) => decodeTask(what, task));
}

function decodeTask(what: string, task: XmlValue): TaskResult {
  const { format, text } = readResult(what, child(task, 'Result'));
  const statusText = optionalText(task, 'Status');
  const descriptor = parseDescriptor(optionalText(task, 'ResultDescriptor'));
  return {
    name: requiredText(what, task, 'Name'),
    type: attribute(task, 'Type') ?? '',
    format,
    text,
    ...(statusText !== undefined && { status: toTaskStatus(what, statusText) }),
    ...(descriptor !== undefined && { descriptor }),
  };
}

/**
 * The descriptor is advisory: JSON that is not an object is ignored rather than fatal.
 * See docs/maxcompute-protocol.md, "Instance results (?result) and the result descriptor".
 */
function parseDescriptor(text: string | undefined): Readonly<Record<string, unknown>> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    return isObject ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
