import { MAPPING_PAGE_DEFAULT } from '../../identity/identity-input.ts';
import { type IdentityMapping, type MappingSubject, subjectId } from '../../identity/identity-mappings.ts';
import { audit } from '../audit.ts';
import { mappingChangeMessage, mappingListMessage } from '../messages/identity-mappings.ts';
import { notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, checkBudget, ephemeral } from './context.ts';
import type { AdminAction, ParsedCommand, UsageProblem } from './grammar/parsed-command.ts';
import { adminUsageMessage } from './help.ts';

type AdminCommand = Extract<ParsedCommand, { kind: 'admin' }>;

/**
 * `/odps admin map|unmap|mappings` (issue #17): admins (ODPS_ADMINS) map Slack people and user groups
 * to RAM roles. They work in every ODPS_IDENTITY_MODE, so mappings can be made before the mode is
 * switched. Each one, refusals included, leaves an `admin` audit line with the subject and the role
 * ARNs before and after. A change drops what this function keeps of the old state (the person's
 * credentials for the old role, the group reads), so its own next command sees the new mapping.
 */
export async function admin(command: AdminCommand, context: CommandContext): Promise<CommandReply> {
  const refused = refuseAdmin(command.action.verb, context);
  if (refused) return refused;
  switch (command.action.verb) {
    case 'map':
      return map(command.action, context);
    case 'unmap':
      return unmap(command.action, context);
    case 'mappings':
      return mappings(context);
  }
}

/** A malformed admin command: refused like the others for non-admins, else the admin help with the problem. */
export async function adminUsage(problem: UsageProblem, context: CommandContext): Promise<CommandReply> {
  const refused = refuseAdmin('usage', context);
  if (refused) return refused;
  auditAdmin(context, { verb: 'usage', outcome: problem.code });
  return ephemeral(adminUsageMessage(problem, context.t));
}

function refuseAdmin(verb: AdminAction['verb'] | 'usage', context: CommandContext): CommandReply | undefined {
  const { deps, origin, t } = context;
  const refusal = deps.policy.mayAdminister(origin);
  if (refusal === undefined) return undefined;
  auditAdmin(context, { verb, outcome: 'refused' });
  return ephemeral(notice(t(refusal.key, refusal.params), ':no_entry:'));
}

async function map(action: Extract<AdminAction, { verb: 'map' }>, context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t } = context;
  const mapping: IdentityMapping = {
    subject: action.subject,
    roleArn: action.roleArn,
    mappedBy: origin.userId,
    mappedAt: deps.now(),
  };
  checkBudget(context);
  const previous = await deps.mappings.store.put(mapping);
  forgetCached(action.subject, previous, action.roleArn, context);
  auditAdmin(context, {
    verb: 'map',
    outcome: previous === undefined ? 'mapped' : 'replaced',
    subject: action.subject,
    roleArn: action.roleArn,
    previousRoleArn: previous?.roleArn,
  });
  const change = { kind: 'mapped', mapping, ...(previous ? { previous } : {}) } as const;
  return ephemeral(mappingChangeMessage({ change, mode: deps.callers.mode }, t));
}

async function unmap(action: Extract<AdminAction, { verb: 'unmap' }>, context: CommandContext): Promise<CommandReply> {
  const { deps, t } = context;
  const { subject } = action;
  checkBudget(context);
  const removed = await deps.mappings.store.remove(subject);
  forgetCached(subject, removed, undefined, context);
  auditAdmin(context, {
    verb: 'unmap',
    outcome: removed === undefined ? 'none' : 'removed',
    subject,
    previousRoleArn: removed?.roleArn,
  });
  const { configured } = deps.mappings;
  const configuredRoleArn = (subject.kind === 'user' ? configured.users : configured.groups).get(subjectId(subject));
  const change = { kind: 'unmapped', subject, ...(removed ? { removed } : {}) } as const;
  return ephemeral(
    mappingChangeMessage(
      { change, mode: deps.callers.mode, ...(configuredRoleArn === undefined ? {} : { configuredRoleArn }) },
      t,
    ),
  );
}

async function mappings(context: CommandContext): Promise<CommandReply> {
  const { deps, t } = context;
  const listing = await deps.mappings.store.list({ limit: MAPPING_PAGE_DEFAULT });
  auditAdmin(context, { verb: 'mappings', outcome: 'listed' });
  return ephemeral(
    mappingListMessage(
      {
        stored: listing.mappings,
        more: listing.cursor !== undefined,
        pageSize: MAPPING_PAGE_DEFAULT,
        configured: deps.mappings.configured,
        mode: deps.callers.mode,
      },
      t,
    ),
  );
}

/**
 * A person's credentials for the role they no longer have; after any group change, the group reads
 * (which groups are mapped, and who is in them), so this function's next decision reads them again.
 */
function forgetCached(
  subject: MappingSubject,
  before: IdentityMapping | undefined,
  roleArnNow: string | undefined,
  context: CommandContext,
): void {
  const { callers } = context.deps;
  if (subject.kind === 'group') callers.forgetGroups();
  else if (before !== undefined && before.roleArn !== roleArnNow) callers.forget(subject.userId, before.roleArn);
}

interface AdminAuditFields {
  readonly verb: AdminAction['verb'] | 'usage';
  readonly outcome: string;
  readonly subject?: MappingSubject;
  readonly roleArn?: string;
  readonly previousRoleArn?: string | undefined;
}

/** Beside the command's own audit line: what the admin did to which mapping (never a credential). */
function auditAdmin(context: CommandContext, fields: AdminAuditFields): void {
  const { deps, origin } = context;
  audit(deps.logger, {
    event: 'admin',
    action: `admin.${fields.verb}`,
    team: origin.teamId,
    channel: origin.channelId,
    user: origin.userId,
    requestId: origin.requestId,
    outcome: fields.outcome,
    ...(fields.subject ? { subject: subjectId(fields.subject) } : {}),
    ...(fields.roleArn ? { roleArn: fields.roleArn } : {}),
    ...(fields.previousRoleArn ? { previousRoleArn: fields.previousRoleArn } : {}),
  });
}
