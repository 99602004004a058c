import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from '../context.ts';

/** An authenticated request under the API prefix, as route handlers see it. */
export interface ApiRequest {
  readonly method: string;
  /** Path segments relative to the prefix, percent-decoded: ['projects', 'p', 'instances', id]. */
  readonly segments: readonly string[];
  /** Query parameters, decoded once; bare action keys map to ''. */
  readonly query: ReadonlyMap<string, string>;
  readonly body: string;
  readonly caller: Caller;
  readonly headers: IncomingHttpHeaders;
  /** Faults that act inside a handler: a wrong record checksum in tunnel data. */
  readonly faults?: { readonly corruptChecksum: boolean };
}
