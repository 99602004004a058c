import { createHash } from 'node:crypto';
import {
  type CredentialAuthority,
  sessionPrincipal,
  type TemporaryCredential,
} from '../access/credential-authority.ts';
import { parseRoleArn, roleKey } from '../access/role-arn.ts';
import { maxSessionSeconds, type RoleDirectory } from '../access/roles.ts';
import type { EmulatorAccount, EmulatorRole } from '../options.ts';
import {
  invalidDuration,
  invalidRoleArn,
  invalidSessionName,
  missingParameter,
  notTrusted,
  policyGrammar,
  policyTooLong,
  roleNotFound,
  rootAccountRefused,
} from './sts-error.ts';

export const MIN_DURATION_SECONDS = 900;
export const DEFAULT_DURATION_SECONDS = 3600;
/** STS's limit on a session Policy since 2022 (it was 1024). */
export const MAX_POLICY_LENGTH = 2048;
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;

export interface AssumeRoleContext {
  readonly roles: RoleDirectory;
  readonly authority: CredentialAuthority;
  readonly nowMs: number;
}

export interface AssumeRoleAnswer {
  readonly AssumedRoleUser: { readonly Arn: string; readonly AssumedRoleId: string };
  readonly Credentials: {
    readonly AccessKeyId: string;
    readonly AccessKeySecret: string;
    readonly SecurityToken: string;
    readonly Expiration: string;
  };
}

/**
 * AssumeRole for an authenticated caller: the parameters well formed, the role existing, the
 * caller a RAM identity the role's trust policy names, the duration within 900 s and the role's
 * MaxSessionDuration. A session Policy is checked for size and grammar but does not narrow what
 * the credentials may do in the emulator.
 */
export function assumeRole(
  params: ReadonlyMap<string, string>,
  caller: EmulatorAccount,
  context: AssumeRoleContext,
): AssumeRoleAnswer {
  const arn = requiredParam(params, 'RoleArn');
  const name = parseRoleArn(arn);
  if (name === undefined) throw invalidRoleArn();
  const sessionName = requiredParam(params, 'RoleSessionName');
  if (!SESSION_NAME.test(sessionName)) throw invalidSessionName();
  const policy = params.get('Policy');
  if (policy !== undefined) checkPolicy(policy);
  if (caller.owner.startsWith('ALIYUN$')) throw rootAccountRefused();
  const role = context.roles.find(arn);
  if (role === undefined) throw roleNotFound(arn);
  if (!role.trustedAccessIds.includes(caller.accessId)) throw notTrusted();
  const seconds = durationSeconds(params.get('DurationSeconds'), role);

  // The role as configured names the session, however the caller spelled its name's case.
  const roleName = parseRoleArn(role.arn)?.roleName ?? name.roleName;
  const session = {
    role,
    accountId: name.accountId,
    roleName,
    sessionName,
    principal: sessionPrincipal(name.accountId, roleName, sessionName),
  };
  const credential = context.authority.issue(session, context.nowMs + seconds * 1000, context.nowMs);
  return answer(credential, roleId(roleKey(name)));
}

function requiredParam(params: ReadonlyMap<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

function durationSeconds(text: string | undefined, role: EmulatorRole): number {
  const max = maxSessionSeconds(role);
  if (text === undefined || text === '') return DEFAULT_DURATION_SECONDS;
  const seconds = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds >= MIN_DURATION_SECONDS && seconds <= max)) throw invalidDuration(max);
  return seconds;
}

/** A RAM policy document: a JSON object with a Version and a list of Statements. */
function checkPolicy(policy: string): void {
  if (policy.length > MAX_POLICY_LENGTH) throw policyTooLong(MAX_POLICY_LENGTH);
  let document: unknown;
  try {
    document = JSON.parse(policy);
  } catch {
    throw policyGrammar();
  }
  const shaped =
    typeof document === 'object' &&
    document !== null &&
    typeof (document as { Version?: unknown }).Version === 'string' &&
    Array.isArray((document as { Statement?: unknown }).Statement);
  if (!shaped) throw policyGrammar();
}

function answer(credential: TemporaryCredential, id: string): AssumeRoleAnswer {
  const { session } = credential;
  return {
    AssumedRoleUser: {
      Arn: `acs:ram::${session.accountId}:role/${session.roleName}/${session.sessionName}`,
      AssumedRoleId: `${id}:${session.sessionName}`,
    },
    Credentials: {
      AccessKeyId: credential.accessKeyId,
      AccessKeySecret: credential.secret,
      SecurityToken: credential.securityToken,
      Expiration: new Date(credential.expiresAtMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}

/** RAM's role ids are 17-19 digit numbers; the same role always gets the same one. */
function roleId(key: string): string {
  const digest = createHash('sha256').update(key).digest();
  return `3${digest.readBigUInt64BE(0).toString().padStart(20, '0').slice(-17)}`;
}
