import type { InstanceSummary } from '../../maxcompute/types.ts';
import { instanceListMessage, LIST_MAX_ROWS } from '../messages/instance-list.ts';
import { notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { ParsedCommand } from './grammar/parsed-command.ts';

type ListCommand = Extract<ParsedCommand, { kind: 'list' }>;

/**
 * `/odps list [running|mine|all] [--since 2h]`. "mine" means what this Slack user started through
 * the bot: the bot's MaxCompute account owns every such instance, so the tracker's records decide.
 */
export async function list(command: ListCommand, context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t, signal } = context;
  const project = command.project ?? deps.gateway.defaultProject;
  const refusal = deps.policy.mayUse(origin) ?? deps.policy.mayUseProject(project);
  if (refusal) return ephemeral(notice(t(refusal.key, refusal.params), ':no_entry:'));
  const since = command.sinceMs === undefined ? undefined : new Date(deps.now() - command.sinceMs);
  const found = await deps.gateway.list(
    project,
    { status: command.scope === 'running' ? 'Running' : undefined, since, max: LIST_MAX_ROWS },
    { signal },
  );
  let instances: InstanceSummary[] = found.instances;
  if (command.scope === 'mine') {
    const records = await Promise.all(instances.map((each) => deps.store.get({ project, instanceId: each.id })));
    instances = instances.filter((_, index) => records[index]?.requestedBy === origin.userId);
  }
  return ephemeral(instanceListMessage(project, instances, found.truncated, t));
}
