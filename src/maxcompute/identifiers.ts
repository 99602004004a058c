import { MaxComputeInvalidInputError } from './errors.ts';

/**
 * Everything a user types that ends up in a request path is checked here first: the
 * accepted alphabets have no `/`, `.`, `%` or whitespace, so no input can change the path.
 * See docs/maxcompute-protocol.md, "Instance ids and input validation".
 */

/** Path-safe and liberal: real ids look like `20160519101349613gzbzufck2`, MCQA ones end in `_mcqa`. */
const INSTANCE_ID = /^[A-Za-z0-9_]{8,64}$/;
/** MaxCompute project names: letters, digits and underscores. */
const PROJECT = /^[A-Za-z0-9_]{1,128}$/;
/** Task and XFlow names go into query values (encoded), but stay conservative anyway. */
const TASK_NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const MAX_SHOWN = 40;

export function validateInstanceId(input: string): string {
  const id = input.trim();
  if (!INSTANCE_ID.test(id)) {
    throw new MaxComputeInvalidInputError(
      'instanceId',
      `Not a MaxCompute instance id: ${show(input)} (expected 8-64 letters, digits or underscores)`,
    );
  }
  return id;
}

export function isValidInstanceId(input: string): boolean {
  return INSTANCE_ID.test(input.trim());
}

export function validateProject(input: string): string {
  const project = input.trim();
  if (!PROJECT.test(project)) {
    throw new MaxComputeInvalidInputError('project', `Not a MaxCompute project name: ${show(input)}`);
  }
  return project;
}

export function validateTaskName(input: string): string {
  if (!TASK_NAME.test(input)) throw new MaxComputeInvalidInputError('taskName', `Not a task name: ${show(input)}`);
  return input;
}

/** A short, printable rendering of rejected input for error messages (never the whole blob). */
function show(input: string): string {
  const printable = JSON.stringify(input.length > MAX_SHOWN ? `${input.slice(0, MAX_SHOWN)}…` : input);
  return printable;
}

export interface InstanceReference {
  readonly instanceId: string;
  /** From a Logview URL's `p=`; undefined for a bare id. */
  readonly project?: string;
}

/**
 * A bare instance id, or a Logview link a user pasted (legacy `…/logview/?h=&p=&i=&token=` or
 * job-insights `…/<region>/job-insights?h=&p=&i=`). Slack's `<url|label>` wrapping and `&amp;`
 * escaping are undone first. The id and project are validated like any other input.
 */
export function parseInstanceReference(input: string): InstanceReference {
  const text = unwrapSlackLink(input.trim());
  if (!/^https?:\/\//i.test(text)) return { instanceId: validateInstanceId(text) };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MaxComputeInvalidInputError('instanceId', `Not a Logview link: ${show(input)}`);
  }
  const id = url.searchParams.get('i');
  const project = url.searchParams.get('p');
  if (id === null || project === null) {
    throw new MaxComputeInvalidInputError('instanceId', 'That link has no instance (i=) and project (p=) in it');
  }
  return { instanceId: validateInstanceId(id), project: validateProject(project) };
}

function unwrapSlackLink(text: string): string {
  const wrapped = /^<([^|>]*)(?:\|[^>]*)?>$/.exec(text);
  const inner = wrapped?.[1] ?? text;
  return inner.replaceAll('&amp;', '&');
}
