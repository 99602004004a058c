import { invalidParameter, invalidXml } from '../http/api-error.ts';
import { child, childrenNamed, childText, parseXml, type XmlNode, XmlSyntaxError } from '../http/xml-reader.ts';
import type { JobInfo, TaskSpec, XflowSpec } from '../model/instance.ts';

/** A create request body: either a Job of tasks or an XFlow invocation. */
export type Submission =
  | { readonly kind: 'job'; readonly job: JobInfo; readonly tasks: readonly TaskSpec[] }
  | { readonly kind: 'xflow'; readonly spec: XflowSpec; readonly guid: string | undefined };

/** Task element names run as SQL. SQLCost answers with a cost estimate instead of running. */
export const SQL_TASK_TYPES: ReadonlySet<string> = new Set(['SQL', 'SQLRT', 'SQLCost']);

export function parseSubmission(body: string): Submission {
  const root = parseOrThrow(body);
  if (root.name !== 'Instance') throw invalidXml(`expected root element Instance, got ${root.name}`);
  const job = child(root, 'Job');
  if (job !== undefined) return { kind: 'job', ...parseJob(job) };
  const xflow = child(root, 'XflowInstance');
  if (xflow !== undefined) return parseXflow(xflow);
  throw invalidXml('Instance must contain Job or XflowInstance');
}

export function parseOrThrow(body: string): XmlNode {
  try {
    return parseXml(body);
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw invalidXml(error.message);
    throw error;
  }
}

function parseJob(job: XmlNode): { job: JobInfo; tasks: TaskSpec[] } {
  const tasksNode = child(job, 'Tasks');
  const tasks = (tasksNode?.children ?? []).map(parseTask);
  if (tasks.length === 0) throw invalidParameter('Job has no Tasks');
  const names = new Set<string>();
  for (const task of tasks) {
    if (names.has(task.name)) throw invalidParameter(`duplicate task name ${task.name}`);
    names.add(task.name);
  }
  return {
    job: {
      name: childText(job, 'Name') || undefined,
      comment: childText(job, 'Comment') || undefined,
      priority: parsePriority(childText(job, 'Priority')) ?? 9,
      runningCluster: childText(job, 'RunningCluster') || undefined,
      guid: childText(job, 'Guid') || undefined,
    },
    tasks,
  };
}

function parseTask(node: XmlNode): TaskSpec {
  if (!SQL_TASK_TYPES.has(node.name)) throw invalidParameter(`unsupported task type ${node.name}`);
  const name = childText(node, 'Name');
  if (name === undefined || name === '') throw invalidParameter(`${node.name} task has no Name`);
  const query = child(node, 'Query')?.text.trim() ?? '';
  if (query === '') throw invalidParameter(`task ${name} has no Query`);
  return {
    type: node.name,
    name,
    comment: childText(node, 'Comment') || undefined,
    properties: parseProperties(node),
    query,
  };
}

function parseXflow(node: XmlNode): Submission {
  const name = childText(node, 'Xflow');
  if (name === undefined || name === '') throw invalidParameter('XflowInstance has no Xflow name');
  const parameters = childrenNamed(child(node, 'Parameters') ?? node, 'Parameter').map((p) => ({
    key: childText(p, 'Key') ?? '',
    value: childText(p, 'Value') ?? '',
  }));
  return {
    kind: 'xflow',
    spec: {
      project: childText(node, 'Project') ?? '',
      name,
      parameters,
      priority: parsePriority(childText(node, 'Priority')),
      properties: parseProperties(node),
    },
    guid: childText(node, 'Guid') || undefined,
  };
}

function parseProperties(node: XmlNode): [string, string][] {
  return childrenNamed(child(node, 'Config') ?? { name: '', attrs: {}, children: [], text: '' }, 'Property').map(
    (p) => [childText(p, 'Name') ?? '', child(p, 'Value')?.text ?? ''],
  );
}

function parsePriority(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^\d+$/.test(text)) throw invalidParameter(`Priority must be a non-negative integer, got ${text}`);
  return Number(text);
}

/** The `settings` property is a JSON object serialized to a string; values are kept as strings. */
export function settingsOf(properties: readonly (readonly [string, string])[]): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const [name, value] of properties) {
    if (name !== 'settings' || value.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalidParameter('the settings property is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalidParameter('the settings property must be a JSON object');
    }
    for (const [key, v] of Object.entries(parsed)) settings[key] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  return settings;
}
