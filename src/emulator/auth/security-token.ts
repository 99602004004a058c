import { timingSafeEqual } from 'node:crypto';
import type { TemporaryCredential } from '../access/credential-authority.ts';
import { ApiError } from '../http/api-error.ts';

/**
 * A request signed with temporary credentials must carry the credential's SecurityToken in
 * `authorization-sts-token`, and the credential must not have expired by the emulator's clock.
 * MaxCompute's codes for these refusals are UNVERIFIED (no capture or document shows them): 401
 * `InvalidSecurityToken` for a missing or wrong token, as the emulator already answered for
 * accounts that require one, and 401 `SecurityTokenExpired` (OSS's name for the same condition)
 * for an expired one, so a client can tell "get new credentials" from "these were never valid".
 * See docs/maxcompute-protocol.md, "Temporary credentials from STS".
 */
export function checkSecurityToken(credential: TemporaryCredential, token: string | undefined, nowMs: number): void {
  if (token === undefined || !sameText(token, credential.securityToken)) {
    throw new ApiError(401, 'InvalidSecurityToken', 'The STS security token is missing or invalid');
  }
  if (nowMs >= credential.expiresAtMs) {
    const expiredAt = new Date(credential.expiresAtMs).toISOString();
    throw new ApiError(401, 'SecurityTokenExpired', `The STS security token expired at ${expiredAt}`);
  }
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
