import { isInstanceId, isProjectName, isTaskName } from '../shared/maxcompute-names.ts';
import { MaxComputeInvalidInputError } from './errors.ts';

/**
 * Everything a caller passes that ends up in a request path is checked here first, by the rules of
 * src/shared/maxcompute-names.ts, so no input can change the path.
 * See docs/maxcompute-protocol.md, "Instance ids and input validation".
 */

const MAX_SHOWN = 40;

export function validateInstanceId(input: string): string {
  const id = input.trim();
  if (!isInstanceId(id)) {
    throw new MaxComputeInvalidInputError(
      'instanceId',
      `Not a MaxCompute instance id: ${show(input)} (expected 8-64 letters, digits or underscores)`,
    );
  }
  return id;
}

export function isValidInstanceId(input: string): boolean {
  return isInstanceId(input.trim());
}

export function validateProject(input: string): string {
  const project = input.trim();
  if (!isProjectName(project)) {
    throw new MaxComputeInvalidInputError('project', `Not a MaxCompute project name: ${show(input)}`);
  }
  return project;
}

export function validateTaskName(input: string): string {
  if (!isTaskName(input)) throw new MaxComputeInvalidInputError('taskName', `Not a task name: ${show(input)}`);
  return input;
}

/** A short, printable rendering of rejected input for error messages (never the whole blob). */
function show(input: string): string {
  const printable = JSON.stringify(input.length > MAX_SHOWN ? `${input.slice(0, MAX_SHOWN)}…` : input);
  return printable;
}
