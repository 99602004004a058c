import type { Caller } from '../../identity/callers.ts';
import { audit } from '../audit.ts';
import { describeError } from '../error-text.ts';
import type { SlackOrigin } from '../handoff.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import { errorNotice } from '../messages/notices.ts';
import { admin, adminUsage } from './admin.ts';
import { type CommandContext, type CommandReply, ephemeral, type FrontDoorDeps } from './context.ts';
import { cost } from './cost.ts';
import { parseCommand } from './grammar/index.ts';
import type { ParsedCommand } from './grammar/parsed-command.ts';
import { help, usage } from './help.ts';
import { list } from './list.ts';
import { logview } from './logview.ts';
import { result } from './result.ts';
import { run } from './run.ts';
import { status } from './status.ts';
import { stop } from './stop.ts';
import { watch } from './watch.ts';
import { whoami } from './whoami.ts';

/** How long the worker gives a handed-off command (the worker function's own timeout is longer). */
export const WORKER_BUDGET_MS = 60_000;

/** Each subcommand lives in its own file; this table is the only place that knows them all. */
function dispatch(command: ParsedCommand, context: CommandContext): Promise<CommandReply> {
  switch (command.kind) {
    case 'run':
      return run(command, context);
    case 'cost':
      return cost(command, context);
    case 'status':
      return status(command.ref, context);
    case 'stop':
      return stop(command.ref, context);
    case 'result':
      return result(command.ref, command.csv, context);
    case 'logview':
      return logview(command.ref, context);
    case 'list':
      return list(command, context);
    case 'watch':
      return watch(command.ref, command.mention, context);
    case 'admin':
      return admin(command, context);
    case 'whoami':
      return whoami(context);
    case 'help':
      return help(command.topic, context);
    case 'usage':
      // An admin command's problems are for admins only: others are refused first.
      return command.subcommand === 'admin' ? adminUsage(command.problem, context) : usage(command.problem, context);
  }
}

export interface CommandRequest {
  readonly origin: Omit<SlackOrigin, 'userLocale' | 'channelLocale'> & Partial<SlackOrigin>;
  readonly text: string;
}

/**
 * Runs one `/odps` command within a budget: Slack's acknowledgement (`ack`) or the worker's. A
 * command that runs out of acknowledgement time comes back as `defer`; errors become a message in
 * the user's language here, and every command leaves an audit line.
 */
export async function handleCommand(
  request: CommandRequest,
  deps: FrontDoorDeps,
  phase: 'ack' | 'worker',
): Promise<{ readonly reply: CommandReply; readonly context: CommandContext }> {
  const started = deps.now();
  const context = await commandContext(request.origin, deps, phase);
  const { origin, t, signal } = context;
  const { teamId, channelId, userId } = origin;
  const command = parseCommand(request.text);
  let reply: CommandReply;
  let outcome: string;
  try {
    reply = await dispatch(command, context);
    outcome = reply.kind;
  } catch (error) {
    if (phase === 'ack' && signal.aborted) {
      reply = { kind: 'defer', message: 'reply.deferred' };
      outcome = 'defer';
    } else {
      const described = describeError(
        error,
        t,
        'ref' in command ? { instanceId: command.ref.instanceId, project: command.ref.project } : {},
      );
      reply = ephemeral(errorNotice(described.explanation, described.original, t));
      outcome = 'error';
      deps.logger.error('command failed', {
        command: command.kind,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  audit(deps.logger, {
    event: phase === 'ack' ? 'command' : 'worker',
    action: command.kind,
    team: teamId,
    channel: channelId,
    user: userId,
    requestId: origin.requestId,
    outcome,
    ms: deps.now() - started,
  });
  return { reply, context };
}

/** The budget starts here: the user's locale lookup counts against it too. */
export async function commandContext(
  partial: CommandRequest['origin'],
  deps: FrontDoorDeps,
  phase: 'ack' | 'worker',
): Promise<CommandContext> {
  const signal = AbortSignal.timeout(phase === 'ack' ? deps.config.ackBudgetMs : WORKER_BUDGET_MS);
  const { teamId, channelId, userId } = partial;
  const channelLocale = (partial.channelLocale as Locale | undefined) ?? deps.locales.forChannel(teamId, channelId);
  const userLocale =
    (partial.userLocale as Locale | undefined) ?? (await deps.locales.forUser(teamId, channelId, userId, signal));
  const origin: SlackOrigin = { ...partial, userLocale, channelLocale };
  let caller: Promise<Caller> | undefined;
  const resolve = () => {
    caller ??= deps.callers.of(origin.userId);
    return caller;
  };
  return { origin, t: translator(userLocale), channelLocale, signal, phase, deps, caller: resolve };
}
