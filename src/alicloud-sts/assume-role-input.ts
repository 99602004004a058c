import { parseRoleArn } from '../shared/role-arn.ts';
import { invalidInput } from './errors.ts';

/**
 * What AssumeRole takes, checked before any request against the limits STS documents for it
 * (the 2015-04-01 AssumeRole reference, as the sts20150401 SDK's request model repeats them).
 * See docs/alicloud-sts.md, "Parameters".
 */
export interface AssumeRoleInput {
  /** `acs:ram::<account id>:role/<role name>`, as src/shared/role-arn.ts parses it. */
  readonly roleArn: string;
  /** Who uses the credentials, as ActionTrail and MaxCompute show it: 2–64 of `A–Z a–z 0–9 . @ _ -`. */
  readonly roleSessionName: string;
  /** 900 up to the role's MaxSessionDuration (at most 43200); STS's default is 3600. */
  readonly durationSeconds?: number;
  /** A session policy (JSON, at most 2048 characters) that narrows the role's permissions. */
  readonly policy?: string;
  /** The role's external ID, when its trust policy asks for one. */
  readonly externalId?: string;
}

const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
const EXTERNAL_ID = /^[A-Za-z0-9_+=,.@:/-]{2,1224}$/;
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43_200;
export const MAX_POLICY_LENGTH = 2048;

/** Throws `invalid_input` naming the first problem; values are named only where they are not secret. */
export function validateAssumeRoleInput(input: AssumeRoleInput): void {
  if (typeof input.roleArn !== 'string' || parseRoleArn(input.roleArn) === undefined) {
    throw invalidInput(
      `roleArn ${JSON.stringify(input.roleArn)} is not a RAM role ARN (acs:ram::<account id>:role/<name>)`,
    );
  }
  if (typeof input.roleSessionName !== 'string' || !SESSION_NAME.test(input.roleSessionName)) {
    throw invalidInput(
      `roleSessionName ${JSON.stringify(input.roleSessionName)} must be 2–64 characters of letters, digits and . @ _ -`,
    );
  }
  const duration = input.durationSeconds;
  if (
    duration !== undefined &&
    (!Number.isInteger(duration) || duration < MIN_DURATION_SECONDS || duration > MAX_DURATION_SECONDS)
  ) {
    throw invalidInput(
      `durationSeconds ${duration} must be a whole number from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}`,
    );
  }
  if (input.policy !== undefined) validatePolicy(input.policy);
  if (input.externalId !== undefined && !EXTERNAL_ID.test(input.externalId)) {
    throw invalidInput('externalId must be 2–1224 characters of letters, digits and _ + = , . @ : / -');
  }
}

function validatePolicy(policy: string): void {
  if (policy.length === 0 || policy.length > MAX_POLICY_LENGTH) {
    throw invalidInput(`policy must be 1–${MAX_POLICY_LENGTH} characters (it has ${policy.length})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch (error) {
    throw invalidInput(`policy is not valid JSON: ${(error as Error).message}`);
  }
  // A policy document is an object ({"Version": "1", "Statement": [...]}); STS would refuse anything else.
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw invalidInput('policy must be a JSON object (a policy document)');
  }
}
