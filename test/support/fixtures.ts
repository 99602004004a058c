import { readFileSync } from 'node:fs';

/** The conformance data copied from the protocol notes: PyODPS signing vectors and captured exchanges. */
export interface SigningVector {
  readonly name: string;
  readonly method: string;
  readonly endpoint: string;
  readonly wire_request_target: string;
  readonly headers: readonly (readonly [string, string])[];
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

export interface MaxComputeVectors {
  readonly signing_vectors: readonly SigningVector[];
  readonly v4_key_chain: Readonly<Record<string, string>>;
  readonly capture_credentials: { readonly access_id: string; readonly secret: string; readonly project: string };
  readonly captures: readonly unknown[];
}

export function loadVectors(): MaxComputeVectors {
  return JSON.parse(readFileSync(new URL('../fixtures/maxcompute-vectors.json', import.meta.url), 'utf8'));
}
