/**
 * Why a person's identity could not be decided. Neither is a decision: the command must stop and say
 * so, never run under the bot's account instead (a failed read is not "unmapped").
 */
export const IdentityErrorCode = {
  /** The mapping store did not answer (DynamoDB throttled, unreachable, refused the call). */
  StoreUnavailable: 'identity_store_unavailable',
  /** Slack did not say who is in a mapped user group (usergroups.users.list failed). */
  MembershipUnavailable: 'identity_membership_unavailable',
} as const;
export type IdentityErrorCode = (typeof IdentityErrorCode)[keyof typeof IdentityErrorCode];

export class IdentityResolutionError extends Error {
  readonly code: IdentityErrorCode;
  /** The cause's own `retryable` when it has one (a StoreError does); otherwise false. */
  readonly retryable: boolean;
  /** The user group whose membership could not be read. */
  readonly groupId?: string;

  constructor(code: IdentityErrorCode, message: string, options: { cause: unknown; groupId?: string }) {
    super(message, { cause: options.cause });
    this.name = 'IdentityResolutionError';
    this.code = code;
    this.retryable = retryableOf(options.cause);
    if (options.groupId !== undefined) this.groupId = options.groupId;
  }
}

function retryableOf(cause: unknown): boolean {
  const flag = typeof cause === 'object' && cause !== null ? (cause as { retryable?: unknown }).retryable : undefined;
  return flag === true;
}
