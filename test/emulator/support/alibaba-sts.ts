import openapi from '@alicloud/openapi-core';
import sts from '@alicloud/sts20150401';

/**
 * Alibaba's own STS SDK (@alicloud/sts20150401) as the client of the stand-in: if it can assume a
 * role and read the answer, the stand-in speaks STS's protocol, not just this repository's idea of it.
 * The SDK signs RPC style (HMAC-SHA1) with `signatureAlgorithm: 'v2'`; its default is the V3
 * (ACS3-HMAC-SHA256) signature, which the stand-in refuses by name.
 */
export interface StsCaller {
  readonly accessId: string;
  readonly secret: string;
}

export interface AssumeRoleInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
}

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  readonly expiration: string;
  readonly arn: string;
  readonly assumedRoleId: string;
  readonly requestId: string;
}

/** What the SDK throws for an error answer: its code, HTTP status and the parsed body. */
export interface SdkError {
  readonly code: string;
  readonly statusCode: number;
  readonly name: string;
  readonly data: Record<string, unknown>;
}

/** `v2`: the RPC signature (HMAC-SHA1); `sdk-default`: whatever the SDK signs with when not told. */
export type Signing = 'v2' | 'sdk-default';

export function stsClient(endpoint: string, caller: StsCaller, signing: Signing = 'v2') {
  const url = new URL(endpoint);
  const config = new openapi.$OpenApiUtil.Config({
    accessKeyId: caller.accessId,
    accessKeySecret: caller.secret,
    endpoint: url.host,
    protocol: url.protocol.replace(':', ''),
    ...(signing === 'v2' ? { signatureAlgorithm: 'v2' } : {}),
  });
  return new sts.default(config);
}

export async function assumeRole(
  endpoint: string,
  caller: StsCaller,
  input: AssumeRoleInput,
  signing: Signing = 'v2',
): Promise<IssuedCredentials> {
  const response = await stsClient(endpoint, caller, signing).assumeRole(new sts.AssumeRoleRequest(input));
  const body = response.body;
  return {
    accessKeyId: body?.credentials?.accessKeyId ?? '',
    accessKeySecret: body?.credentials?.accessKeySecret ?? '',
    securityToken: body?.credentials?.securityToken ?? '',
    expiration: body?.credentials?.expiration ?? '',
    arn: body?.assumedRoleUser?.arn ?? '',
    assumedRoleId: body?.assumedRoleUser?.assumedRoleId ?? '',
    requestId: body?.requestId ?? '',
  };
}

/** The SDK's error for a refused AssumeRole, or a failed assertion if it was not refused. */
export async function refusal(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('AssumeRole was expected to be refused');
}
