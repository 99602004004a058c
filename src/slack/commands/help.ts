import type { MessageKey } from '../i18n/catalog.ts';
import { helpMessage, notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { UsageProblem } from './grammar/parsed-command.ts';

/** `/odps help`. */
export async function help(context: CommandContext): Promise<CommandReply> {
  return ephemeral(helpMessage(context.t));
}

/** Anything unparseable: what was wrong, in the user's language, and where to look. */
export async function usage(problem: UsageProblem, context: CommandContext): Promise<CommandReply> {
  const { t } = context;
  const detail = t(`usage.${problem.code}` as MessageKey, { detail: problem.detail ?? '' });
  return ephemeral(notice(`${t('usage.prefix', { problem: detail })}\n${t('usage.hint')}`, ':grey_question:'));
}
