import type { InstanceSummary, MaxComputeGateway } from '../../tracker/maxcompute-gateway.ts';
import { type InstanceState, instanceStateOf } from '../../tracker/tracked-instance.ts';
import { instanceListMessage, LIST_PAGE_SIZE } from '../messages/instance-list.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { ListScope, ParsedCommand } from './grammar/parsed-command.ts';
import { refuseAccess } from './instance-key.ts';

type ListCommand = Extract<ParsedCommand, { kind: 'list' }>;

/** Without --since, "recent" means the last day. */
export const DEFAULT_SINCE_MS = 24 * 60 * 60 * 1000;
/** How many instances one listing reads at most; the footer says when it stopped there. */
export const LIST_READ_CAP = 300;

/**
 * `/odps list [all|running|mine] [--since 2h]`, newest first, a page at a time; an ended instance shows
 * its outcome (succeeded, failed, stopped), read from its task statuses. "mine" means what
 * this Slack user started through the bot: the bot's MaxCompute account owns every such instance,
 * so the tracker's records decide.
 */
export async function list(command: ListCommand, context: CommandContext, page = 1): Promise<CommandReply> {
  const { deps, origin, t, signal } = context;
  const project = command.project ?? deps.callers.defaultProject;
  const refused = refuseAccess(project, context);
  if (refused) return refused;
  const sinceMs = command.sinceMs ?? DEFAULT_SINCE_MS;
  const { gateway } = await context.caller();
  const found = await gateway.list(
    project,
    {
      status: command.scope === 'running' ? 'Running' : undefined,
      since: new Date(deps.now() - sinceMs),
      max: LIST_READ_CAP,
    },
    { signal },
  );
  let instances: InstanceSummary[] = found.instances;
  if (command.scope === 'mine') {
    const records = await Promise.all(instances.map((each) => deps.store.get({ project, instanceId: each.id })));
    instances = instances.filter((_, index) => records[index]?.requestedBy === origin.userId);
  }
  const start = (page - 1) * LIST_PAGE_SIZE;
  const more = start + LIST_PAGE_SIZE < instances.length;
  const shown = instances.slice(start, start + LIST_PAGE_SIZE);
  return ephemeral(
    instanceListMessage(
      {
        project,
        instances: shown,
        outcomes: await outcomesOf(project, shown, gateway, context.signal),
        total: instances.length,
        capped: found.truncated,
        page,
        ...(more ? { next: listPageValue({ scope: command.scope, project, sinceMs, page: page + 1 }) } : {}),
      },
      t,
    ),
  );
}

/**
 * The listing says only "Terminated"; whether an ended instance succeeded, failed or was stopped is
 * in its task statuses, one request each, read in parallel for the page shown. One that cannot be
 * read in time keeps its bare status rather than failing the whole list.
 */
async function outcomesOf(
  project: string,
  shown: readonly InstanceSummary[],
  gateway: MaxComputeGateway,
  signal: AbortSignal,
): Promise<ReadonlyMap<string, InstanceState>> {
  const ended = shown.filter((instance) => instance.status === 'Terminated');
  const described = await Promise.allSettled(
    ended.map((instance) => gateway.describe({ project, instanceId: instance.id }, { signal }, 'brief')),
  );
  const outcomes = new Map<string, InstanceState>();
  described.forEach((result, index) => {
    const id = ended[index]?.id;
    if (result.status === 'fulfilled' && id !== undefined) outcomes.set(id, instanceStateOf(result.value));
  });
  return outcomes;
}

export interface ListPageRequest {
  readonly scope: ListScope;
  readonly project: string;
  readonly sinceMs: number;
  readonly page: number;
}

/** The Next button carries the query, so the next page needs no state on our side. */
export function listPageValue(request: ListPageRequest): string {
  return JSON.stringify({ s: request.scope, p: request.project, m: request.sinceMs, g: request.page });
}

/** Button values come back from Slack but are still input: every field is checked. */
export function parseListPageValue(value: string): ListPageRequest | undefined {
  try {
    const raw = JSON.parse(value) as { s?: unknown; p?: unknown; m?: unknown; g?: unknown };
    const scopes: readonly unknown[] = ['running', 'mine', 'all'];
    if (!scopes.includes(raw.s) || typeof raw.p !== 'string' || !/^[A-Za-z0-9_]{1,128}$/.test(raw.p)) return undefined;
    if (typeof raw.m !== 'number' || raw.m <= 0 || raw.m > 7 * DEFAULT_SINCE_MS) return undefined;
    if (typeof raw.g !== 'number' || !Number.isInteger(raw.g) || raw.g < 1 || raw.g > 100) return undefined;
    return { scope: raw.s as ListScope, project: raw.p, sinceMs: raw.m, page: raw.g };
  } catch {
    return undefined;
  }
}
