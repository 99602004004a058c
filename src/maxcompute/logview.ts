import { isLocalOrIpEndpoint } from './endpoint.ts';
import { MaxComputeError } from './errors.ts';
import { type CallOptions, discoverHost, type InstanceRef, signLogviewToken } from './instance-api.ts';
import type { RequestPipeline } from './request-pipeline.ts';

/**
 * Logview links. Legacy Logview carries a read token from the authorization endpoint; Job
 * Insights (Logview v2) needs only the region and is used, as in PyODPS, when a region is known and
 * the endpoint is not a bare IP, unless legacy Logview is forced either way.
 * See docs/maxcompute-protocol.md, "Logview links".
 */

export interface LogviewOptions {
  /** Explicit legacy Logview host (`ODPS_LOGVIEW_HOST`); otherwise asked of the service. */
  readonly host?: string;
  /** Explicit Job Insights host; otherwise asked of the service. */
  readonly jobInsightHost?: string;
  /** true: always legacy; false: Job Insights whenever a region is known; undefined: PyODPS's choice. */
  readonly legacy?: boolean;
  /** Token lifetime; PyODPS's default is 720 h (30 days). */
  readonly hours?: number;
}

export const DEFAULT_LOGVIEW_HOURS = 720;
const FALLBACK_LOGVIEW_HOST = 'http://logview.aliyun.com';
const FALLBACK_JOB_INSIGHT_HOST = 'https://maxcompute.console.aliyun.com';

export class LogviewLinks {
  readonly #pipeline: RequestPipeline;
  readonly #region: string | undefined;
  readonly #options: LogviewOptions;
  #logviewHost: Promise<string> | undefined;
  #jobInsightHost: Promise<string> | undefined;

  constructor(pipeline: RequestPipeline, region: string | undefined, options: LogviewOptions = {}) {
    this.#pipeline = pipeline;
    this.#region = region;
    this.#options = options;
  }

  get defaultHours(): number {
    return this.#options.hours ?? DEFAULT_LOGVIEW_HOURS;
  }

  /** Whether links need a token request (legacy) or are built without any request (Job Insights). */
  get usesJobInsights(): boolean {
    if (this.#region === undefined || this.#options.legacy === true) return false;
    if (this.#options.legacy === false) return true;
    return !isLocalOrIpEndpoint(this.#pipeline.endpoint);
  }

  async address(ref: InstanceRef, hours = this.defaultHours, options: CallOptions = {}): Promise<string> {
    const query = `h=${this.#pipeline.endpoint}&p=${ref.project}&i=${ref.id}`;
    if (this.usesJobInsights) {
      const host = await this.#discoverOnce('webconsole', options);
      return `${host}/${this.#region}/job-insights?${query}`;
    }
    const [host, token] = await Promise.all([
      this.#discoverOnce('logview', options),
      signLogviewToken(this.#pipeline, ref, hours, options),
    ]);
    // Concatenated without URL-encoding, as PyODPS and the Java SDK do.
    return `${host}/logview/?${query}&token=${token}`;
  }

  /** Host discovery happens once per client; a failed lookup falls back to the public default. */
  #discoverOnce(which: 'logview' | 'webconsole', options: CallOptions): Promise<string> {
    if (which === 'logview') {
      this.#logviewHost ??= this.#discover(which, this.#options.host, FALLBACK_LOGVIEW_HOST, options);
      return this.#logviewHost;
    }
    this.#jobInsightHost ??= this.#discover(which, this.#options.jobInsightHost, FALLBACK_JOB_INSIGHT_HOST, options);
    return this.#jobInsightHost;
  }

  async #discover(
    which: 'logview' | 'webconsole',
    explicit: string | undefined,
    fallback: string,
    options: CallOptions,
  ): Promise<string> {
    if (explicit !== undefined) return stripSlash(explicit);
    try {
      return stripSlash((await discoverHost(this.#pipeline, which, options)) ?? fallback);
    } catch (error) {
      if (error instanceof MaxComputeError && error.retryable) {
        // A transient failure must not pin the fallback for the life of the client.
        if (which === 'logview') this.#logviewHost = undefined;
        else this.#jobInsightHost = undefined;
        throw error;
      }
      return fallback;
    }
  }
}

function stripSlash(host: string): string {
  return host.endsWith('/') ? host.slice(0, -1) : host;
}
