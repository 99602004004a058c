/** Response decoders: one per MaxCompute response kind, plus the CSV reader for task results. */
export { decodeAuthorizationToken } from './authorization.ts';
export { type CsvOptions, decodeBackslashEscapes, parseResultCsv } from './csv.ts';
export type { ResponseHeaders } from './headers.ts';
export { parseHttpDate } from './http-date.ts';
export { decodeInstanceList } from './instance-list.ts';
export { decodeInstanceStatus } from './instance-status.ts';
export { decodeServiceError } from './service-error.ts';
export { decodeSqlCost } from './sql-cost.ts';
export { decodeTaskProgress } from './task-progress.ts';
export { decodeSyncCreateBody, decodeTaskResults } from './task-results.ts';
export { decodeTaskStatuses } from './task-statuses.ts';
export { decodeTaskSummary } from './task-summary.ts';
export { decodeXflowActions } from './xflow-actions.ts';
