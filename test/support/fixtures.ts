import { readFileSync } from 'node:fs';

/**
 * The conformance data copied from the protocol notes (test/fixtures/maxcompute-vectors.json):
 * PyODPS signing vectors, and the exchanges PyODPS 0.13.1 was captured making. One loader for every suite.
 */
export interface SigningVector {
  readonly name: string;
  readonly method: string;
  readonly endpoint: string;
  readonly wire_request_target: string;
  readonly headers: readonly [string, string][];
  readonly body: string | null;
  readonly access_id: string;
  readonly secret: string;
  readonly region: string | null;
  readonly v4_scope_date: string | null;
  readonly canonical_string: string;
  readonly authorization: string;
  readonly decode_once_canonical_string?: string;
  readonly decode_once_authorization?: string;
}

export interface CapturedExchange {
  readonly seq: number;
  readonly request: {
    readonly method: string;
    readonly target: string;
    readonly headers: readonly [string, string][];
    readonly body: string;
  };
  readonly canonical_string?: string;
  readonly signature_version?: string;
  readonly response: { readonly status: number; readonly headers: readonly [string, string][]; readonly body: string };
}

export interface CaptureStep {
  readonly step: string;
  readonly pyodps_result: Readonly<Record<string, unknown>>;
  readonly exchanges: readonly CapturedExchange[];
}

export interface MaxComputeVectors {
  readonly capture_credentials: { readonly access_id: string; readonly secret: string; readonly project: string };
  readonly signing_vectors: readonly SigningVector[];
  readonly v4_key_chain: Readonly<Record<string, string>>;
  readonly captures: readonly CaptureStep[];
}

export const vectors: MaxComputeVectors = JSON.parse(
  readFileSync(new URL('../fixtures/maxcompute-vectors.json', import.meta.url), 'utf8'),
);

/** A header of a captured exchange, by case-insensitive name. */
export function headerValue(headers: readonly (readonly [string, string])[], name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}
