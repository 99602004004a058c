import { decodeSqlCost } from './decode/index.ts';
import { MaxComputeCostNotEstimableError, MaxComputeInstanceFailedError } from './errors.ts';
import type { Instance } from './instance.ts';
import type { SqlCostEstimate } from './types.ts';
import type { WaitOptions } from './wait.ts';

/**
 * The second half of an estimate, once the SQLCost job is submitted: as PyODPS's `execute_sql_cost`
 * and the Java console do, wait for the instance to succeed, then read the estimate from the task's
 * result (not from its summary, which holds a run's measured cost).
 * See docs/maxcompute-protocol.md, "Estimating SQL cost (the SQLCost task)".
 */
export async function readSqlCost(
  instance: Instance,
  taskName: string,
  options: WaitOptions = {},
): Promise<SqlCostEstimate> {
  try {
    await instance.waitForSuccess(options);
  } catch (error) {
    throw asNotEstimable(error);
  }
  return decodeSqlCost(await instance.getTaskResult(taskName, { signal: options.signal }));
}

/** `ODPS-01…` codes are the SQL module's: the statement's fault, not the service's (`ODPS-00…`). */
const SQL_MODULE_CODE = /^ODPS-01\d{5}$/;

/**
 * A FAILED task with an SQL error means "not this statement". Anything else (a stop, a task failed
 * by the service itself, a timeout, a network error) stays what it was: it says nothing about the SQL.
 */
function asNotEstimable(error: unknown): unknown {
  if (!(error instanceof MaxComputeInstanceFailedError) || error.taskStatus !== 'FAILED') return error;
  const { odpsCode } = error;
  if (odpsCode === undefined || !SQL_MODULE_CODE.test(odpsCode)) return error;
  return new MaxComputeCostNotEstimableError(error, odpsCode);
}
