/**
 * What MaxCompute accepts as an instance id, a project name and a task name, as pure predicates.
 * Both the client (before it builds a request path) and the Slack front door (before it answers a
 * command) check input with these, each raising its own error, so neither reaches into the other.
 * The accepted alphabets have no `/`, `.`, `%` or whitespace: no input can change a request path.
 */

/** Path-safe and liberal: real ids look like `20160519101349613gzbzufck2`, MCQA ones end in `_mcqa`. */
const INSTANCE_ID = /^[A-Za-z0-9_]{8,64}$/;
/** MaxCompute project names: letters, digits and underscores. */
const PROJECT = /^[A-Za-z0-9_]{1,128}$/;
/** Task and XFlow names go into query values (encoded), but stay conservative anyway. */
const TASK_NAME = /^[A-Za-z0-9_.-]{1,256}$/;

export function isInstanceId(text: string): boolean {
  return INSTANCE_ID.test(text);
}

export function isProjectName(text: string): boolean {
  return PROJECT.test(text);
}

export function isTaskName(text: string): boolean {
  return TASK_NAME.test(text);
}
