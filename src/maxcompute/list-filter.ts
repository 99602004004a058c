import { MaxComputeInvalidInputError } from './errors.ts';
import type { CallOptions, ListQuery } from './instance-api.ts';
import type { InstanceStatus } from './types.ts';

/** PyODPS `list_instances`'s filters, and the query parameters they become. */
export interface ListInstancesFilter extends CallOptions {
  readonly project?: string;
  readonly status?: InstanceStatus;
  /** Only the caller's own instances. */
  readonly onlyOwner?: boolean;
  /** Instances started at or after this time. */
  readonly from?: Date;
  /** Instances started before this time. */
  readonly to?: Date;
  readonly jobName?: string;
  /** `maxitems` per page; the service's default when unset. */
  readonly pageSize?: number;
}

/** Times go as whole seconds (`daterange=from:to`); a range that ends before it starts is refused. */
export function listQuery(filter: ListInstancesFilter): ListQuery {
  const from = filter.from === undefined ? '' : String(Math.floor(filter.from.getTime() / 1000));
  const to = filter.to === undefined ? '' : String(Math.floor(filter.to.getTime() / 1000));
  if (from !== '' && to !== '' && Number(from) >= Number(to)) {
    throw new MaxComputeInvalidInputError('from', 'The start of the time range must be before its end');
  }
  if (filter.pageSize !== undefined && (!Number.isInteger(filter.pageSize) || filter.pageSize < 1)) {
    throw new MaxComputeInvalidInputError('pageSize', 'The page size must be a positive integer');
  }
  return {
    status: filter.status,
    daterange: from === '' && to === '' ? undefined : `${from}:${to}`,
    onlyowner: filter.onlyOwner === undefined ? undefined : filter.onlyOwner ? 'yes' : 'no',
    jobname: filter.jobName,
    maxitems: filter.pageSize === undefined ? undefined : String(filter.pageSize),
  };
}
