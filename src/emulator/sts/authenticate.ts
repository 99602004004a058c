import type { EmulatorAccount } from '../options.ts';
import type { NonceLedger } from './nonce-ledger.ts';
import { signatureMatches, stringToSign } from './rpc-signature.ts';
import {
  accessKeyNotFound,
  invalidAction,
  invalidSignatureMethod,
  invalidSignatureVersion,
  invalidVersion,
  missingParameter,
  nonceUsed,
  signatureMismatch,
  timestampExpired,
  timestampMalformed,
  unsupportedFormat,
} from './sts-error.ts';

export const STS_VERSION = '2015-04-01';
/** The actions the stand-in answers; STS has more (GetCallerIdentity, AssumeRoleWithSAML, …). */
const EMULATED_ACTIONS = ['AssumeRole'];
/** How far the request's Timestamp may be from the server's clock, either way. */
export const TIMESTAMP_WINDOW_MS = 15 * 60_000;
const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

export interface AuthenticateContext {
  readonly accounts: readonly EmulatorAccount[];
  readonly nowMs: number;
  readonly nonces: NonceLedger;
}

/**
 * The common parameters of an RPC request, checked as the API gateway does before STS sees the
 * request: the API named, the Timestamp fresh, the signature the caller's secret gives, the nonce
 * never seen. Returns the signing account, or throws the StsError the gateway would answer with.
 */
export function authenticate(
  method: string,
  params: ReadonlyMap<string, string>,
  context: AuthenticateContext,
): EmulatorAccount {
  const format = params.get('Format') ?? 'JSON';
  if (format.toUpperCase() !== 'JSON') throw unsupportedFormat(format);
  const version = required(params, 'Version');
  if (version !== STS_VERSION) throw invalidVersion();
  if (!EMULATED_ACTIONS.includes(required(params, 'Action'))) throw invalidAction();
  const accessKeyId = required(params, 'AccessKeyId');
  if (required(params, 'SignatureMethod') !== 'HMAC-SHA1') throw invalidSignatureMethod();
  if (required(params, 'SignatureVersion') !== '1.0') throw invalidSignatureVersion();
  checkTimestamp(required(params, 'Timestamp'), context.nowMs);
  const nonce = required(params, 'SignatureNonce');
  const signature = required(params, 'Signature');

  const account = context.accounts.find((candidate) => candidate.accessId === accessKeyId);
  if (account === undefined) throw accessKeyNotFound();
  const toSign = signedText(method, params);
  if (toSign === undefined || !signatureMatches(toSign, account.secret, signature)) {
    throw signatureMismatch(toSign ?? '');
  }
  // After the signature: a forged request must not use up a legitimate client's nonce.
  if (!context.nonces.claim(accessKeyId, nonce, context.nowMs)) throw nonceUsed();
  return account;
}

function required(params: ReadonlyMap<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

function checkTimestamp(text: string, nowMs: number): void {
  const match = ISO_UTC.exec(text);
  const atMs = match === null ? Number.NaN : Date.parse(text);
  if (Number.isNaN(atMs)) throw timestampMalformed();
  if (Math.abs(atMs - nowMs) > TIMESTAMP_WINDOW_MS) throw timestampExpired();
}

/** Undefined when a value cannot be encoded (a lone UTF-16 surrogate): no client could have signed it. */
function signedText(method: string, params: ReadonlyMap<string, string>): string | undefined {
  try {
    return stringToSign(method, params);
  } catch {
    return undefined;
  }
}
