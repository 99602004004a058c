import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidParameter } from '../http/api-error.ts';

/**
 * Logview bearer tokens. Opaque to clients; here base64url(JSON claims) + '.' +
 * base64url(HMAC-SHA256) under a key that lives and dies with this emulator.
 * See docs/maxcompute-protocol.md, "Legacy Logview and its token".
 */
export interface TokenClaims {
  readonly project: string;
  /** An instance id, or '*' for every instance of the project. */
  readonly instance: string;
  readonly expiresAt: number;
}

export type TokenCheck =
  | { readonly ok: true; readonly claims: TokenClaims }
  | { readonly ok: false; readonly reason: string };

export class LogviewTokens {
  private readonly key = randomBytes(32);

  issue(claims: TokenClaims): string {
    const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  check(token: string, nowMs: number): TokenCheck {
    const [payload, signature, extra] = token.split('.');
    if (payload === undefined || signature === undefined || extra !== undefined) {
      return { ok: false, reason: 'malformed token' };
    }
    const expected = Buffer.from(this.sign(payload));
    const actual = Buffer.from(signature);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      return { ok: false, reason: 'bad signature' };
    }
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return { ok: false, reason: 'malformed token' };
    }
    if (typeof claims.expiresAt !== 'number' || claims.expiresAt <= nowMs) {
      return { ok: false, reason: 'token expired' };
    }
    return { ok: true, claims };
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}

const RESOURCE = /(?:^|:)projects\/([^/]+)\/instances\/([^/]+)$/;
const DEFAULT_HOURS = 24;

/** Reads the sign_bearer_token JSON body into claims for `project`; 400 on anything unusable. */
export function claimsFromPolicy(body: string, project: string, nowMs: number): TokenClaims {
  let request: unknown;
  try {
    request = JSON.parse(body);
  } catch {
    throw invalidParameter('the token request body is not valid JSON');
  }
  const record = asRecord(request);
  const hours = record.expires_in_hours ?? DEFAULT_HOURS;
  if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0) {
    throw invalidParameter('expires_in_hours must be a positive number');
  }
  const statements = asRecord(record.policy).Statement;
  const resources = (Array.isArray(statements) ? statements : [])
    .flatMap((statement) => {
      const resource = asRecord(statement).Resource;
      return Array.isArray(resource) ? resource : [resource];
    })
    .filter((resource): resource is string => typeof resource === 'string');
  if (resources.length === 0) throw invalidParameter('the policy has no Resource');
  const match = resources.map((resource) => RESOURCE.exec(resource)).find((m) => m !== null);
  if (match === undefined || match === null) throw invalidParameter(`unsupported policy Resource: ${resources[0]}`);
  if (match[1] !== project) throw invalidParameter(`the policy Resource names project ${match[1]}, not ${project}`);
  return { project, instance: match[2] ?? '', expiresAt: nowMs + hours * 3_600_000 };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
