import {
  decodeAuthorizationToken,
  decodeInstanceList,
  decodeInstanceStatus,
  decodeTaskProgress,
  decodeTaskResults,
  decodeTaskStatuses,
  decodeTaskSummary,
  decodeXflowActions,
} from './decode/index.ts';
import { MaxComputeServiceError } from './errors.ts';
import { STOP_INSTANCE_XML } from './job-xml.ts';
import type { ApiResponse, RequestPipeline } from './request-pipeline.ts';
import type {
  InstanceListPage,
  InstanceStatusInfo,
  TaskProgress,
  TaskResult,
  TaskStatusesInfo,
  TaskSummary,
  XflowAction,
} from './types.ts';

/**
 * One typed binding per instance request of the protocol. Callers pass ids and projects that were
 * validated already (see identifiers.ts); paths are built only from those.
 */

export interface InstanceRef {
  readonly project: string;
  readonly id: string;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
}

export type StopOutcome =
  | { readonly outcome: 'stop_requested' }
  /** The instance was not running (`InvalidStateSetting`): nothing to stop. */
  | { readonly outcome: 'already_terminated'; readonly serviceMessage: string };

export function instancePath(ref: InstanceRef): string {
  return `/projects/${ref.project}/instances/${ref.id}`;
}

/** A GET on one instance: the one shape every read below shares; reads are always safe to retry. */
function readInstance<T>(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  query: { readonly action?: string; readonly params?: Readonly<Record<string, string>> },
  decode: (response: ApiResponse) => T,
  options: CallOptions,
): Promise<T> {
  return pipeline.send({
    method: 'GET',
    path: instancePath(ref),
    ...query,
    retry: 'idempotent',
    signal: options.signal,
    decode,
  });
}

/**
 * Plain GET, or `?instancestatus`, the variant the server may hold briefly for a change.
 * See docs/maxcompute-protocol.md, "Instance status (plain GET and ?instancestatus)".
 */
export function getInstanceStatus(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  options: CallOptions & { readonly blocking?: boolean } = {},
): Promise<InstanceStatusInfo> {
  const query = options.blocking ? { action: 'instancestatus' } : {};
  return readInstance(
    pipeline,
    ref,
    query,
    (response) => decodeInstanceStatus(response.body, response.headers),
    options,
  );
}

export function getTaskStatuses(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  options: CallOptions = {},
): Promise<TaskStatusesInfo> {
  return readInstance(
    pipeline,
    ref,
    { action: 'taskstatus' },
    (response) => decodeTaskStatuses(response.body),
    options,
  );
}

export function getTaskResults(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  options: CallOptions = {},
): Promise<TaskResult[]> {
  return readInstance(pipeline, ref, { action: 'result' }, (response) => decodeTaskResults(response.body), options);
}

/** The task name goes twice, as PyODPS sends it. */
export function getTaskProgress(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  taskName: string,
  options: CallOptions = {},
): Promise<TaskProgress> {
  const params = { instanceprogress: taskName, taskname: taskName };
  return readInstance(pipeline, ref, { params }, (response) => decodeTaskProgress(response.body), options);
}

export function getTaskSummary(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  taskName: string,
  options: CallOptions = {},
): Promise<TaskSummary> {
  const query = { action: 'instancesummary', params: { taskname: taskName } };
  return readInstance(pipeline, ref, query, (response) => decodeTaskSummary(response.body), options);
}

export function getXflowActions(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  options: CallOptions = {},
): Promise<XflowAction[]> {
  return readInstance(pipeline, ref, { action: 'xresult' }, (response) => decodeXflowActions(response.body), options);
}

/**
 * Stop is a PUT of `Status=Terminated`. A PUT may be retried: if a lost answer hid a successful
 * stop, the retry meets `InvalidStateSetting` and reports `already_terminated`, which is still true.
 * See docs/maxcompute-protocol.md, "Stopping an instance".
 */
export async function stopInstance(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  options: CallOptions = {},
): Promise<StopOutcome> {
  try {
    await pipeline.send({
      method: 'PUT',
      path: instancePath(ref),
      body: STOP_INSTANCE_XML,
      contentType: 'application/xml',
      retry: 'idempotent',
      signal: options.signal,
      decode: () => undefined,
    });
    return { outcome: 'stop_requested' };
  } catch (error) {
    if (error instanceof MaxComputeServiceError && isInvalidStateSetting(error)) {
      return { outcome: 'already_terminated', serviceMessage: error.serviceMessage };
    }
    throw error;
  }
}

/**
 * Clients key on the code, not the HTTP status, which is unverified.
 * See docs/maxcompute-protocol.md, "Unverified, and how the client copes".
 */
function isInvalidStateSetting(error: MaxComputeServiceError): boolean {
  return error.serviceCode === 'InvalidStateSetting' || error.serviceCode.startsWith('ODPS-1224151');
}

export interface ListQuery {
  readonly status?: string;
  readonly daterange?: string;
  readonly onlyowner?: 'yes' | 'no';
  readonly jobname?: string;
  readonly maxitems?: string;
  readonly marker?: string;
}

export function listInstancesPage(
  pipeline: RequestPipeline,
  project: string,
  query: ListQuery,
  options: CallOptions = {},
): Promise<InstanceListPage> {
  return pipeline.send({
    method: 'GET',
    path: `/projects/${project}/instances`,
    params: { ...query },
    retry: 'idempotent',
    signal: options.signal,
    decode: (response) => decodeInstanceList(response.body),
  });
}

/** A Logview token scoped to reading one instance. */
export function signLogviewToken(
  pipeline: RequestPipeline,
  ref: InstanceRef,
  hours: number,
  options: CallOptions = {},
): Promise<string> {
  const policy = {
    expires_in_hours: hours,
    policy: {
      Statement: [
        {
          Action: ['odps:Read'],
          Effect: 'Allow',
          Resource: `acs:odps:*:projects/${ref.project}/instances/${ref.id}`,
        },
      ],
      Version: '1',
    },
  };
  return pipeline.send({
    method: 'POST',
    path: `/projects/${ref.project}/authorization`,
    action: 'sign_bearer_token',
    body: JSON.stringify(policy),
    contentType: 'application/json',
    // Signing a token creates nothing that a second copy would harm.
    retry: 'idempotent',
    signal: options.signal,
    decode: (response) => decodeAuthorizationToken(response.body),
  });
}

/**
 * `GET /logview/host` or `/webconsole/host`: a bare host URL as text; trimmed.
 * See docs/maxcompute-protocol.md, "Logview host discovery".
 */
export function discoverHost(
  pipeline: RequestPipeline,
  which: 'logview' | 'webconsole',
  options: CallOptions = {},
): Promise<string | undefined> {
  return pipeline.send({
    method: 'GET',
    path: `/${which}/host`,
    retry: 'idempotent',
    signal: options.signal,
    decode: (response) => response.body.trim() || undefined,
  });
}
