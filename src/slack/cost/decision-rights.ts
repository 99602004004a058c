import type { DecisionKind, RunRequest } from '../../tracker/run-requests.ts';
import type { AccessPolicy } from '../access-policy.ts';
import type { MessageKey } from '../i18n/catalog.ts';

/**
 * Who may decide a held query (issue #16): its submitter confirms or cancels it (an admin may cancel
 * it too); an approver approves or rejects it, but never their own query (its submitter may reject it,
 * which is cancelling). Approvers are ODPS_COST_APPROVERS, people and user groups; when none are
 * configured, the admins. Answers the message key of the refusal, or undefined when the click stands.
 */

export interface DecisionRightsDeps {
  readonly approvers: ReadonlySet<string>;
  readonly policy: Pick<AccessPolicy, 'isAdmin'>;
  /** The members of a Slack user group (usergroups.users.list). */
  readonly groupMembers: (groupId: string) => Promise<ReadonlySet<string>>;
}

export async function decisionRefusal(
  request: RunRequest,
  kind: DecisionKind,
  clicker: string,
  deps: DecisionRightsDeps,
): Promise<MessageKey | undefined> {
  const submitter = clicker === request.userId;
  switch (kind) {
    case 'confirmed':
      return submitter ? undefined : 'decision.notSubmitter';
    case 'cancelled':
      return submitter || deps.policy.isAdmin(clicker) ? undefined : 'decision.notSubmitter';
    case 'approved':
      if (submitter) return 'decision.ownQuery';
      return (await isApprover(clicker, deps)) ? undefined : 'decision.notApprover';
    case 'rejected':
      return submitter || (await isApprover(clicker, deps)) ? undefined : 'decision.notApprover';
  }
}

export async function isApprover(userId: string, deps: DecisionRightsDeps): Promise<boolean> {
  if (deps.approvers.size === 0) return deps.policy.isAdmin(userId);
  if (deps.approvers.has(userId)) return true;
  for (const id of deps.approvers) {
    if (id.startsWith('S') && (await deps.groupMembers(id)).has(userId)) return true;
  }
  return false;
}
