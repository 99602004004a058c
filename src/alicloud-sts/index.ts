export {
  type AssumeRoleInput,
  MAX_DURATION_SECONDS,
  MAX_POLICY_LENGTH,
  MIN_DURATION_SECONDS,
  validateAssumeRoleInput,
} from './assume-role-input.ts';
export { STS_API_VERSION, type StsCredentials } from './assume-role-request.ts';
export type { AssumedRole } from './decode-answer.ts';
export { StsClientErrorCode, StsError } from './errors.ts';
export { type AssumeRoleOptions, StsClient, type StsClientOptions } from './sts-client.ts';
