import type { CallOptions, InstanceRef } from '../instance-api.ts';
import type { RequestPipeline } from '../request-pipeline.ts';
import { ResultReader, type ResultReaderOptions, type TunnelReadContext } from './result-reader.ts';
import { createDownloadSession, discoverTunnelEndpoint } from './tunnel-api.ts';

/**
 * Where each project's tunnel is: the configured endpoint (`ODPS_TUNNEL_ENDPOINT`) when there is
 * one, else asked of the service once per project and remembered (a failed answer is asked again).
 */
export class TunnelEndpoints {
  readonly #pipeline: RequestPipeline;
  readonly #configured: string | undefined;
  readonly #known = new Map<string, Promise<string>>();

  constructor(pipeline: RequestPipeline, configured?: string) {
    this.#pipeline = pipeline;
    this.#configured = configured?.replace(/\/+$/, '');
  }

  endpointFor(project: string, options: CallOptions): Promise<string> {
    if (this.#configured !== undefined) return Promise.resolve(this.#configured);
    let known = this.#known.get(project);
    if (known === undefined) {
      known = discoverTunnelEndpoint(this.#pipeline, project, options);
      this.#known.set(project, known);
      known.catch(() => this.#known.delete(project));
    }
    return known;
  }
}

/**
 * PyODPS's `open_reader(tunnel=True)`: a download session on the instance's result (the limit flag
 * off: every row), then a reader of its rows. The instance must have terminated successfully.
 */
export async function openResultReader(
  context: TunnelReadContext & { readonly tunnel: TunnelEndpoints },
  ref: InstanceRef,
  options: ResultReaderOptions = {},
): Promise<ResultReader> {
  const endpoint = await context.tunnel.endpointFor(ref.project, options);
  const session = await createDownloadSession(context.pipeline, endpoint, ref, options);
  return new ResultReader(context, { endpoint, ref }, session, options);
}
