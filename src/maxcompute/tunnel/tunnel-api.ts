import { MaxComputeDecodeError } from '../errors.ts';
import { type CallOptions, type InstanceRef, instancePath } from '../instance-api.ts';
import type { RequestPipeline, StreamResponse } from '../request-pipeline.ts';
import type { TunnelColumn } from './columns.ts';

/**
 * The Instance Tunnel's requests (docs/maxcompute-protocol.md, "The Instance Tunnel"): where the
 * tunnel is, a download session on an instance's result, and one range of its rows.
 */

/** Sent (and signed) on every tunnel request, as PyODPS and the Java SDK send it. */
const TUNNEL_HEADERS = { 'x-odps-tunnel-version': '6' } as const;

export interface DownloadSession {
  readonly id: string;
  readonly recordCount: number;
  readonly columns: readonly TunnelColumn[];
}

/** `GET /projects/{p}/tunnel?service` on the service endpoint: a host, to which the endpoint's scheme is added. */
export function discoverTunnelEndpoint(
  pipeline: RequestPipeline,
  project: string,
  options: CallOptions,
): Promise<string> {
  return pipeline.send({
    method: 'GET',
    path: `/projects/${project}/tunnel`,
    action: 'service',
    retry: 'idempotent',
    signal: options.signal,
    decode: (response) => tunnelEndpointFrom(pipeline.endpoint, response.body),
  });
}

export function tunnelEndpointFrom(serviceEndpoint: string, body: string): string {
  const address = body.trim().replace(/\/+$/, '');
  if (address === '' || /\s/.test(address)) throw new MaxComputeDecodeError('tunnel service', 'no tunnel address');
  if (/^https?:\/\//i.test(address)) return address;
  return `${new URL(serviceEndpoint).protocol}//${address}`;
}

/** `POST …/instances/{id}?downloads`, the limit flag off. Creating a session changes nothing, so it is retried. */
export function createDownloadSession(
  pipeline: RequestPipeline,
  endpoint: string,
  ref: InstanceRef,
  options: CallOptions,
): Promise<DownloadSession> {
  return pipeline.send({
    method: 'POST',
    endpoint,
    path: instancePath(ref),
    action: 'downloads',
    headers: TUNNEL_HEADERS,
    body: '',
    retry: 'idempotent',
    signal: options.signal,
    decode: (response) => decodeDownloadSession(response.body),
  });
}

/** `GET …/instances/{id}?downloadid=…&rowrange=(start,count)&data`, its body left to the caller. */
export function openRowRange(
  pipeline: RequestPipeline,
  endpoint: string,
  ref: InstanceRef,
  range: { readonly downloadId: string; readonly start: number; readonly count: number; readonly compress: boolean },
  options: CallOptions,
): Promise<StreamResponse> {
  return pipeline.openStream({
    method: 'GET',
    endpoint,
    path: instancePath(ref),
    action: 'data',
    params: { downloadid: range.downloadId, rowrange: `(${range.start},${range.count})` },
    headers: range.compress ? { ...TUNNEL_HEADERS, 'Accept-Encoding': 'deflate' } : TUNNEL_HEADERS,
    signal: options.signal,
  });
}

/** The session document: `DownloadID`, `Status`, `RecordCount`, `Schema.columns[]` (name, type, nullable). */
export function decodeDownloadSession(body: string): DownloadSession {
  const fail = (message: string, retryable = true) =>
    new MaxComputeDecodeError('download session', message, { retryable });
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw new MaxComputeDecodeError('download session', 'the answer is not JSON', { cause: error });
  }
  const root = (typeof document === 'object' && document !== null ? document : {}) as Record<string, unknown>;
  const id = root.DownloadID;
  if (typeof id !== 'string' || id === '') throw fail('no DownloadID');
  const status = String(root.Status ?? 'normal').toUpperCase();
  if (status !== 'NORMAL') throw fail(`the session is ${status}`, false);
  const recordCount = Number(root.RecordCount);
  if (!Number.isSafeInteger(recordCount) || recordCount < 0) throw fail(`RecordCount ${String(root.RecordCount)}`);
  const schema = (root.Schema ?? {}) as { columns?: unknown };
  if (!Array.isArray(schema.columns)) throw fail('no Schema.columns');
  const columns = schema.columns.map((column: Record<string, unknown>) => {
    if (typeof column?.name !== 'string' || typeof column.type !== 'string')
      throw fail('a column without name or type');
    return { name: column.name, type: column.type.trim().toLowerCase(), nullable: column.nullable !== false };
  });
  return { id, recordCount, columns };
}
