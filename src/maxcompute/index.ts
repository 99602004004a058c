export { type Clock, systemClock } from '../shared/clock.ts';
export {
  fourRetriesInThirtySeconds,
  noRetryPolicy,
  type RetryPolicy,
  rapidRetryPolicy,
} from '../shared/retry-policy.ts';
export {
  type EstimateSqlCostOptions,
  type Hints,
  type ListInstancesFilter,
  MaxComputeClient,
  type MaxComputeClientOptions,
  type RunSqlOptions,
  type RunXflowOptions,
} from './client.ts';
export * from './errors.ts';
export { isValidInstanceId, validateInstanceId, validateProject } from './identifiers.ts';
export { Instance } from './instance.ts';
export type { InstanceRef, StopOutcome } from './instance-api.ts';
export type { LogviewOptions } from './logview.ts';
export { formatStageProgress } from './progress-format.ts';
export type { CredentialSource, Credentials, CredentialsProvider } from './request-pipeline.ts';
export type { TunnelColumn, TunnelInterval, TunnelRow, TunnelValue } from './tunnel/columns.ts';
export type { ResultReader, ResultReaderOptions } from './tunnel/result-reader.ts';
export * from './types.ts';
export type { WaitOptions } from './wait.ts';
