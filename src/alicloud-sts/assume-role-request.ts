import type { AssumeRoleInput } from './assume-role-input.ts';
import { percentEncode, rpcSignature, rpcTimestamp } from './rpc-signature.ts';

/**
 * The AssumeRole request as Alibaba's own RAM-role credentials provider sends it (aliyun/credentials-nodejs,
 * src/providers/ram_role_arn.ts): POST to the endpoint's root, the common parameters and the
 * `Signature` in the query string, the operation's parameters in an `application/x-www-form-urlencoded`
 * body, and the signature over both. Pure: the clock's reading and the nonce come from the caller.
 * See docs/alicloud-sts.md, "Request".
 */

export const STS_API_VERSION = '2015-04-01';
export const ASSUME_ROLE_METHOD = 'POST';

/** The caller's own credentials (the bot's): a RAM user's AccessKey, or temporary ones with their token. */
export interface StsCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface SignedAssumeRole {
  /** Already encoded: `Action=AssumeRole&…&Signature=…`. */
  readonly query: string;
  /** Already encoded form body: `RoleArn=…&RoleSessionName=…`. */
  readonly body: string;
  /** For tests and a verifier: every parameter as signed, without the signature. */
  readonly signedParams: Readonly<Record<string, string>>;
}

export interface SigningMoment {
  /** Epoch milliseconds; sent to the second. */
  readonly now: number;
  /** Unique per request: STS refuses a nonce it has seen (replay protection). */
  readonly nonce: string;
}

export function signAssumeRole(
  input: AssumeRoleInput,
  credentials: StsCredentials,
  moment: SigningMoment,
): SignedAssumeRole {
  const common: Record<string, string> = {
    Action: 'AssumeRole',
    Format: 'JSON',
    Version: STS_API_VERSION,
    AccessKeyId: credentials.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: moment.nonce,
    Timestamp: rpcTimestamp(moment.now),
  };
  if (credentials.securityToken) common.SecurityToken = credentials.securityToken;
  const form = operationParameters(input);
  const signedParams = { ...common, ...form };
  const signature = rpcSignature(ASSUME_ROLE_METHOD, signedParams, credentials.accessKeySecret);
  return { query: encodePairs({ ...common, Signature: signature }), body: encodePairs(form), signedParams };
}

function operationParameters(input: AssumeRoleInput): Record<string, string> {
  const form: Record<string, string> = { RoleArn: input.roleArn, RoleSessionName: input.roleSessionName };
  if (input.durationSeconds !== undefined) form.DurationSeconds = String(input.durationSeconds);
  if (input.policy !== undefined) form.Policy = input.policy;
  if (input.externalId !== undefined) form.ExternalId = input.externalId;
  return form;
}

/** RFC 3986 encoding is also a valid form encoding (`%20` for a space is as good as `+`). */
function encodePairs(params: Readonly<Record<string, string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`)
    .join('&');
}
