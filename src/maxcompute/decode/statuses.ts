/**
 * Canonical instance and task statuses. An unknown value is a decode error marked not retryable:
 * unlike a truncated body, asking again returns the same unknown word.
 */
import { MaxComputeDecodeError } from '../errors.ts';
import { InstanceStatus, TaskStatus } from '../types.ts';

const INSTANCE_STATUSES = new Map<string, InstanceStatus>(
  Object.values(InstanceStatus).map((s) => [s.toUpperCase(), s]),
);

const TASK_STATUSES = new Map<string, TaskStatus>([
  ...Object.values(TaskStatus).map((s): [string, TaskStatus] => [s, s]),
  // Old fixtures spell Failed this way.
  ['FAIL', TaskStatus.Failed],
]);

/** `Running` / `Suspended` / `Terminated`, accepted in any case, returned canonical. */
export function toInstanceStatus(what: string, text: string): InstanceStatus {
  const status = INSTANCE_STATUSES.get(text.trim().toUpperCase());
  if (status === undefined) {
    throw new MaxComputeDecodeError(what, `unknown instance status '${clip(text)}'`, { retryable: false });
  }
  return status;
}

/** Task status upper-cased as PyODPS does; `FAIL` reads as FAILED; any other word is refused. */
export function toTaskStatus(what: string, text: string): TaskStatus {
  const status = TASK_STATUSES.get(text.trim().toUpperCase());
  if (status === undefined) {
    const known = Object.values(TaskStatus).join(', ');
    throw new MaxComputeDecodeError(what, `unknown task status '${clip(text)}' (known: ${known})`, {
      retryable: false,
    });
  }
  return status;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
