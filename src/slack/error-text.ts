import { IdentityRefusedError } from '../identity/callers.ts';
import { IdentityResolutionError } from '../identity/identity-errors.ts';
import { GatewayError } from '../tracker/gateway-error.ts';
import type { Translator } from './i18n/catalog.ts';
import { invitingTheBotHelps } from './slack-refusals.ts';

/**
 * The one place that turns an error into words for a Slack user: a translated explanation, plus
 * the service's own text beside it where there is one. Internals (stacks, request details) stay in
 * the log.
 */
export interface UserFacingError {
  readonly explanation: string;
  /** What MaxCompute or Slack said, as it said it. */
  readonly original?: string;
}

export interface ErrorSubject {
  readonly project?: string;
  readonly instanceId?: string;
}

/** STS's codes that mean the role exists but will not be assumed by the bot (its trust policy). */
const ROLE_REFUSED_CODES = ['NoPermission', 'AccessDenied', 'Forbidden', 'InvalidParameter', 'InvalidSecurityToken'];
const ROLE_MISSING_CODES = ['EntityNotExist'];

const PERMISSION_CODES = ['NoPermission', 'AccessDenied', 'ODPS-0130013', 'ODPS-0420095'];

/** MaxCompute refused for want of a permission (the refusal names it in its own words). */
export function isPermissionRefusal(error: unknown): boolean {
  return (
    error instanceof GatewayError &&
    (error.code === 'service' || error.code === 'not_estimable') &&
    PERMISSION_CODES.some((code) => (error.serviceCode ?? '').startsWith(code))
  );
}

export function describeError(error: unknown, t: Translator, subject: ErrorSubject = {}): UserFacingError {
  if (error instanceof GatewayError) return describeGatewayError(error, t, subject);
  if (error instanceof IdentityRefusedError) return { explanation: t('error.identityRefused') };
  if (error instanceof IdentityResolutionError) return { explanation: t('error.identityUnknown') };
  const slackCode = slackErrorCode(error);
  if (slackCode !== undefined) {
    if (invitingTheBotHelps(slackCode)) return { explanation: t('error.notInChannel'), original: slackCode };
    return { explanation: t('error.slack', { code: slackCode }) };
  }
  return { explanation: t('error.internal') };
}

function describeGatewayError(error: GatewayError, t: Translator, subject: ErrorSubject): UserFacingError {
  const serviceCode = error.serviceCode ?? '';
  const serviceMessage = error.serviceMessage ?? '';
  if (error.code === 'service') {
    const original = withCode(serviceCode, serviceMessage);
    if (serviceCode === 'NoSuchObject' && subject.instanceId) {
      return {
        explanation: t('error.noSuchInstance', { instanceId: subject.instanceId, project: subject.project ?? '' }),
      };
    }
    if (serviceCode === 'NoSuchProject')
      return { explanation: t('error.noSuchProject', { project: subject.project ?? '' }), original };
    if (isPermissionRefusal(error)) return { explanation: t('error.permission'), original };
    if (error.retryable) return { explanation: t('error.maxcomputeUnavailable'), original };
    return { explanation: t('error.maxcompute', { code: serviceCode }), original: serviceMessage };
  }
  if (error.code === 'not_estimable') {
    const original = withCode(serviceCode, serviceMessage);
    if (isPermissionRefusal(error)) return { explanation: t('error.permission'), original };
    return { explanation: t('cost.notEstimable'), original: serviceMessage || serviceCode };
  }
  if (error.code === 'identity_unavailable') return describeRoleFailure(error, t);
  if (error.code === 'submit_outcome_unknown') return { explanation: t('error.submitUnknown') };
  if (error.code === 'invalid_input') return { explanation: t('usage.prefix', { problem: error.message }) };
  if (error.code === 'unavailable' || error.retryable) return { explanation: t('error.maxcomputeUnavailable') };
  return { explanation: t('error.internal') };
}

/**
 * MaxCompute's code and message as one text. Its messages usually begin with their code already
 * (`ODPS-0130013:Authorization exception …`): that one is not written twice.
 */
function withCode(code: string, message: string): string {
  if (code === '' || message.startsWith(code)) return message || code;
  return `${code}: ${message}`;
}

/** STS's refusal of the person's role, in words that say who can fix it; STS's own text beside them. */
function describeRoleFailure(error: GatewayError, t: Translator): UserFacingError {
  const code = error.serviceCode ?? '';
  const original = error.serviceMessage === undefined ? undefined : `${code || 'STS'}: ${error.serviceMessage}`;
  const described = (explanation: string) => (original === undefined ? { explanation } : { explanation, original });
  if (!error.retryable && ROLE_MISSING_CODES.some((prefix) => code.startsWith(prefix))) {
    return described(t('error.roleMissing', { code }));
  }
  if (!error.retryable && ROLE_REFUSED_CODES.some((prefix) => code.startsWith(prefix))) {
    return described(t('error.roleRefused', { code }));
  }
  if (error.retryable) return described(t('error.stsUnavailable'));
  return described(t('error.roleRefused', { code: code || 'STS' }));
}

/** @slack/web-api platform errors carry `data.error` (e.g. `not_in_channel`). */
export function slackErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : undefined;
}
