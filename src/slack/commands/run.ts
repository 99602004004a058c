import { classifySql } from '../guard/index.ts';
import { errorNotice, notice } from '../messages/notices.ts';
import { runSqlModal } from '../messages/sql-modal.ts';
import { type CommandContext, type CommandReply, checkBudget, ephemeral } from './context.ts';
import type { ParsedCommand } from './grammar/parsed-command.ts';

type RunCommand = Extract<ParsedCommand, { kind: 'run' }>;

/** Delivery keys are kept a day: far longer than any redelivery, short enough to cost nothing. */
export const CLAIM_TTL_SECONDS = 24 * 60 * 60;

/**
 * `/odps run`: checks, then hands the submission to the worker. Submitting never happens inside the
 * acknowledgement: a POST cut off by the 3-second budget could not be told apart from one that never
 * arrived, and the worker's Guid-keyed submission is the one place that makes it exactly once.
 */
export async function run(command: RunCommand, context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t } = context;
  const project = command.project ?? deps.callers.defaultProject;
  const refusal = deps.policy.mayRunSql(origin, project) ?? deps.policy.mayUseRunKnobs(command);
  if (refusal) return ephemeral(notice(t(refusal.key, refusal.params), ':no_entry:'));
  if (command.sql === '') {
    return {
      kind: 'modal',
      view: runSqlModal({ channelId: origin.channelId, project, locale: context.channelLocale }, t),
    };
  }
  const hints = command.quota === undefined ? command.hints : { ...command.hints, [QUOTA_HINT]: command.quota };
  return submit(
    {
      project,
      sql: command.sql,
      hints,
      mention: command.mention,
      limit: command.limit,
      ...(command.priority === undefined ? {} : { priority: command.priority }),
    },
    context,
  );
}

/** The setting that runs a job in a named quota (`--quota`), as MaxCompute reads it. */
export const QUOTA_HINT = 'odps.task.wlm.quota';

export interface Submission {
  readonly project: string;
  readonly sql: string;
  readonly hints: Readonly<Record<string, string>>;
  readonly mention: boolean;
  readonly limit?: number;
  readonly priority?: number;
}

/** Shared by the command and the SQL modal's submission. */
export async function submit(submission: Submission, context: CommandContext): Promise<CommandReply> {
  const { deps, origin, t } = context;
  if (deps.policy.isReadOnly(origin.channelId)) {
    const verdict = classifySql(submission.sql);
    if (!verdict.readOnly) {
      if (verdict.reason.code === 'unparseable' || verdict.reason.code === 'empty') {
        return ephemeral(notice(t('refuse.readOnlyUnparseable'), ':lock:'));
      }
      return ephemeral(
        notice(t('refuse.readOnly', { statement: verdict.statement ?? verdict.reason.keyword ?? '' }), ':lock:'),
      );
    }
  }
  // Someone with no identity to run as (person mode) is told now, not after the hand-off.
  await context.caller();
  checkBudget(context);
  if (!(await deps.store.claimOnce(`run#${origin.requestId}`, CLAIM_TTL_SECONDS))) {
    return ephemeral(notice(t('refuse.duplicate')));
  }
  try {
    await deps.publisher.publish({
      kind: 'run',
      origin,
      project: submission.project,
      sql: submission.sql,
      hints: submission.hints,
      mention: submission.mention,
      ...(submission.limit === undefined ? {} : { previewRows: submission.limit }),
      ...(submission.priority === undefined ? {} : { priority: submission.priority }),
    });
  } catch (error) {
    // The request id is claimed now: were this failure deferred to the worker (it comes after the
    // budget when PutEvents retried), the worker's run of the same command would meet the claim and
    // answer "already handled" for a query that never started (found by the reliability suite).
    deps.logger.error('hand-off of a run failed', {
      requestId: origin.requestId,
      error: error instanceof Error ? error.message : String(error),
    });
    return ephemeral(errorNotice(t('error.internal'), undefined, t));
  }
  return ephemeral(notice(t('submit.accepted', { project: submission.project }), ':rocket:'));
}
