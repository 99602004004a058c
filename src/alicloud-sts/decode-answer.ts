import { isRetryableRefusal, StsClientErrorCode, StsError } from './errors.ts';
import { redactSecrets } from './redaction.ts';

/**
 * Reads STS's answer to AssumeRole (Format=JSON). Success:
 * `{RequestId, AssumedRoleUser: {Arn, AssumedRoleId}, Credentials: {AccessKeyId, AccessKeySecret,
 * SecurityToken, Expiration}}`; a refusal: `{RequestId, HostId, Code, Message, Recommend}`. Anything
 * else becomes `malformed_response` with the status, never a crash. See docs/alicloud-sts.md, "Response".
 */

/** Temporary credentials for the role, and who STS says is using them. */
export interface AssumedRole {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  /** When STS stops honouring them (STS's `Expiration`, UTC). */
  readonly expiration: Date;
  /** `<role id>:<session name>`. */
  readonly assumedRoleId?: string;
  /** `acs:ram::<account>:role/<role name>/<session name>`. */
  readonly arn?: string;
  readonly requestId?: string;
}

type Json = Readonly<Record<string, unknown>>;

/** An instant with its zone stated; STS writes `2015-04-09T11:52:19Z`. A zone-less time would be read as local. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Turns one HTTP answer into the assumed role, or throws the {@link StsError} it amounts to.
 * `secrets` are kept out of any message built from the body.
 */
export function decodeAnswer(status: number, body: string, secrets: readonly (string | undefined)[]): AssumedRole {
  const json = parseObject(body);
  const succeeded = status >= 200 && status < 300;
  if (succeeded && json?.Credentials !== undefined) {
    const role = readAssumedRole(json);
    if (role !== undefined) return role;
    throw malformed(status, 'its Credentials are incomplete', json);
  }
  if (json !== undefined && typeof json.Code === 'string' && json.Code !== '') throw refusal(status, json, secrets);
  throw malformed(status, json === undefined ? 'the body is not a JSON object' : 'it has neither Credentials nor Code');
}

function parseObject(body: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function readAssumedRole(json: Json): AssumedRole | undefined {
  const credentials = objectAt(json, 'Credentials');
  if (credentials === undefined) return undefined;
  const accessKeyId = text(credentials.AccessKeyId);
  const accessKeySecret = text(credentials.AccessKeySecret);
  const securityToken = text(credentials.SecurityToken);
  const expiration = text(credentials.Expiration);
  if (!accessKeyId || !accessKeySecret || !securityToken || !expiration || !ISO_INSTANT.test(expiration)) {
    return undefined;
  }
  const user = objectAt(json, 'AssumedRoleUser');
  return {
    accessKeyId,
    accessKeySecret,
    securityToken,
    expiration: new Date(expiration),
    assumedRoleId: text(user?.AssumedRoleId),
    arn: text(user?.Arn),
    requestId: text(json.RequestId),
  };
}

function refusal(status: number, json: Json, secrets: readonly (string | undefined)[]): StsError {
  const code = String(json.Code);
  const requestId = text(json.RequestId);
  const stsMessage = redactSecrets(text(json.Message) ?? '(no message)', secrets);
  return new StsError({
    code,
    status,
    requestId,
    recommend: text(json.Recommend),
    retryable: isRetryableRefusal(code, status),
    message: `STS refused AssumeRole: ${code} (HTTP ${status}): ${stsMessage}${requestId ? ` [request ${requestId}]` : ''}`,
  });
}

/**
 * A 2xx body we cannot read is most often a cut transfer, and a bare 5xx or 429 (a proxy's page) is
 * transient: those are retried. Any other status with an unreadable body is not.
 */
function malformed(status: number, why: string, json?: Json): StsError {
  const requestId = json === undefined ? undefined : text(json.RequestId);
  const retryable = (status >= 200 && status < 300) || status >= 500 || status === 429;
  return new StsError({
    code: StsClientErrorCode.MalformedResponse,
    status,
    requestId,
    retryable,
    message: `STS answered AssumeRole with HTTP ${status}, but ${why}`,
  });
}

function objectAt(json: Json, key: string): Json | undefined {
  const value = json[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
