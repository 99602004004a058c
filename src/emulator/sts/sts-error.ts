/**
 * STS's refusals: the HTTP status, the Code and the Message real STS (the Alibaba Cloud API gateway
 * in front of it) answers. Texts come from Alibaba Cloud's STS and API-gateway error documentation;
 * the few that are not documented there are marked UNVERIFIED (see src/emulator/README.md).
 */
export class StsError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** `Missing<Name>`: the gateway's form for an absent required parameter. */
export const missingParameter = (name: string) =>
  new StsError(400, `Missing${name}`, `${name} is mandatory for this action.`);

export const invalidAction = () =>
  new StsError(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
export const invalidVersion = () => new StsError(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
/** The stand-in answers JSON only; real STS also speaks XML. An emulator's refusal, not STS's. */
export const unsupportedFormat = (format: string) =>
  new StsError(400, 'InvalidParameter.Format', `Format ${format} is not emulated: the STS stand-in answers JSON only.`);
/** UNVERIFIED code: the gateway's answer to another SignatureMethod is undocumented. */
export const invalidSignatureMethod = () =>
  new StsError(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.');
/**
 * The V3 signature (`Authorization: ACS3-HMAC-SHA256 …`, the default of Alibaba's current SDKs) is
 * real STS's too, but not the stand-in's: an emulator's refusal that says how to sign instead.
 */
export const v3SignatureNotEmulated = () =>
  new StsError(
    400,
    'InvalidSignatureMethod',
    "ACS3-HMAC-SHA256 (V3) signatures are not emulated: sign RPC style, SignatureMethod=HMAC-SHA1 and SignatureVersion=1.0 (Alibaba's SDK: signatureAlgorithm 'v2').",
  );
/** UNVERIFIED code: the gateway's answer to another SignatureVersion is undocumented. */
export const invalidSignatureVersion = () =>
  new StsError(400, 'InvalidSignatureVersion', 'Specified signature version is not valid.');
export const accessKeyNotFound = () =>
  new StsError(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
export const timestampMalformed = () =>
  new StsError(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
export const timestampExpired = () =>
  new StsError(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
export const nonceUsed = () => new StsError(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
/** As the gateway does, the message shows the string it signed, so a client can see where it differs. */
export const signatureMismatch = (stringToSign: string) =>
  new StsError(
    400,
    'SignatureDoesNotMatch',
    `Specified signature does not match our calculation. server string to sign is:${stringToSign}`,
  );

export const invalidRoleArn = () =>
  new StsError(400, 'InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.');
export const roleNotFound = (arn: string) => new StsError(404, 'EntityNotExist.Role', `The role not exists: ${arn}.`);
export const rootAccountRefused = () => new StsError(403, 'NoPermission', 'Roles may not be assumed by root accounts.');
export const notTrusted = () =>
  new StsError(403, 'NoPermission', 'You are not authorized to do this action. You should be authorized by RAM.');
export const invalidSessionName = () =>
  new StsError(400, 'InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.');
/** The documented text names STS's default bounds; a role with a longer MaxSessionDuration names its own. */
export const invalidDuration = (maxSeconds: number) =>
  new StsError(
    400,
    'InvalidParameter.DurationSeconds',
    `The Min/Max value of DurationSeconds is 15min/${maxSeconds % 3600 === 0 ? `${maxSeconds / 3600}hr` : `${maxSeconds}s`}.`,
  );
export const policyGrammar = () =>
  new StsError(400, 'InvalidParameter.PolicyGrammar', 'The parameter Policy has not passed grammar check.');
/** UNVERIFIED code: STS documents the 2048-character limit, not the code it answers past it. */
export const policyTooLong = (limit: number) =>
  new StsError(400, 'InvalidParameter.PolicySize', `The size of Policy must be smaller than ${limit} characters.`);

export const throttled = () => new StsError(400, 'Throttling.User', 'Request was denied due to user flow control.');
export const unavailable = () =>
  new StsError(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.');
export const internalError = () => new StsError(500, 'InternalError', 'STS Server Internal Error happened.');
