import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TemporaryCredential } from '../access/credential-authority.ts';
import type { Caller } from '../context.ts';
import { ApiError } from '../http/api-error.ts';
import { parseHttpDate, utcDay } from '../http/http-date.ts';
import type { EmulatorAccount } from '../options.ts';
import { type CanonicalInput, canonicalStrings } from './canonical.ts';
import { checkSecurityToken } from './security-token.ts';

/** Parsed `Authorization: ODPS <id>:<sig>` (v2) or `ODPS <id>/<day>/<region>/odps/aliyun_v4_request:<sig>` (v4). */
interface ParsedAuthorization {
  readonly accessId: string;
  readonly signature: string;
  readonly v4?: { readonly day: string; readonly region: string };
}

const V4_TERMINATOR = 'aliyun_v4_request';
const DAY_MS = 86_400_000;

export interface VerifyContext {
  readonly accounts: readonly EmulatorAccount[];
  readonly nowMs: number;
  readonly maxClockSkewMs: number;
  /** Temporary credentials the STS stand-in issued, by their access key id. */
  readonly temporary?: (accessId: string) => TemporaryCredential | undefined;
}

/**
 * Returns the caller (an account, or a role's session under temporary credentials, whose secret
 * signs the same way), or throws the ApiError the service would answer with.
 */
export function verifyRequest(input: CanonicalInput, context: VerifyContext): Caller {
  const header = single(input.headers.authorization);
  if (header === undefined || header.trim() === '') {
    throw new ApiError(401, 'AuthorizationRequired', 'The request has no Authorization header');
  }
  const parsed = parseAuthorization(header.trim());
  const temporary = context.temporary?.(parsed.accessId);
  const account = context.accounts.find((a) => a.accessId === parsed.accessId) ?? asAccount(temporary);
  if (account === undefined) {
    throw new ApiError(401, 'ODPS-0410051', `Invalid credentials - accessKeyId not found: ${parsed.accessId}`);
  }
  const dateMs = parseHttpDate(single(input.headers.date));
  if (dateMs === undefined) {
    throw new ApiError(
      400,
      'ODPS-0410001',
      'Missing authentication parameters - the Date header is missing or invalid',
    );
  }
  if (Math.abs(dateMs - context.nowMs) > context.maxClockSkewMs) {
    throw new ApiError(
      403,
      'RequestTimeTooSkewed',
      `The difference between the request time and the server's time is too large: max_interval_date:${context.maxClockSkewMs}`,
    );
  }
  if (parsed.v4 !== undefined) checkScopeDay(parsed.v4.day, context.nowMs);

  const key = parsed.v4 === undefined ? Buffer.from(account.secret, 'utf8') : v4Key(account.secret, parsed.v4);
  const expected = Buffer.from(parsed.signature, 'utf8');
  const matches = canonicalStrings(input).some((canonical) => {
    const actual = Buffer.from(createHmac('sha1', key).update(canonical, 'utf8').digest('base64'), 'utf8');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
  if (!matches) throw new ApiError(401, 'SignatureNotMatch', 'The request signature does not match');

  const token = single(input.headers['authorization-sts-token']);
  if (temporary !== undefined) {
    checkSecurityToken(temporary, token, context.nowMs);
    return { account, session: temporary.session };
  }
  if (account.securityToken !== undefined && token !== account.securityToken) {
    throw new ApiError(401, 'InvalidSecurityToken', 'The STS security token is missing or invalid');
  }
  return { account };
}

/** A temporary credential signs as an account would, its owner the role session's principal. */
function asAccount(temporary: TemporaryCredential | undefined): EmulatorAccount | undefined {
  if (temporary === undefined) return undefined;
  return { accessId: temporary.accessKeyId, secret: temporary.secret, owner: temporary.session.principal };
}

function parseAuthorization(header: string): ParsedAuthorization {
  const match = /^ODPS ([^:]+):(\S+)$/.exec(header);
  if (match === null) throw new ApiError(401, 'AuthorizationRequired', 'The Authorization header is malformed');
  const credential = match[1] ?? '';
  const signature = match[2] ?? '';
  const parts = credential.split('/');
  if (parts.length === 1) return { accessId: credential, signature };
  const [accessId, day, region, service, terminator] = parts;
  if (parts.length !== 5 || service !== 'odps' || terminator !== V4_TERMINATOR || !/^\d{8}$/.test(day ?? '')) {
    throw new ApiError(401, 'AuthorizationRequired', 'The v4 credential scope is malformed');
  }
  return { accessId: accessId ?? '', signature, v4: { day: day ?? '', region: region ?? '' } };
}

/** The v4 scope day comes from the client's clock; it must be today, yesterday or tomorrow (UTC). */
function checkScopeDay(day: string, nowMs: number): void {
  const near = [nowMs - DAY_MS, nowMs, nowMs + DAY_MS].map(utcDay);
  if (!near.includes(day)) {
    throw new ApiError(401, 'SignatureNotMatch', `The v4 scope date ${day} is not within a day of the server date`);
  }
}

function v4Key(secret: string, scope: { day: string; region: string }): Buffer {
  const kDate = hmacSha256(Buffer.from(`aliyun_v4${secret}`, 'utf8'), scope.day);
  const kRegion = hmacSha256(kDate, scope.region);
  const kService = hmacSha256(kRegion, 'odps');
  return hmacSha256(kService, V4_TERMINATOR);
}

function hmacSha256(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
