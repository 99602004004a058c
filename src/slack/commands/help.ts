import type { MessageKey, Translator } from '../i18n/catalog.ts';
import type { SlackMessage } from '../messages/message.ts';
import { helpMessage, notice } from '../messages/notices.ts';
import { type CommandContext, type CommandReply, ephemeral } from './context.ts';
import type { UsageProblem } from './grammar/parsed-command.ts';

/** `/odps help`; `/odps admin` (topic `admin`) is the admin commands' own help. */
export async function help(topic: string | undefined, context: CommandContext): Promise<CommandReply> {
  const { t } = context;
  return ephemeral(topic === 'admin' ? helpMessage(t, 'help.adminTitle', 'help.admin') : helpMessage(t));
}

/** Anything unparseable: what was wrong, in the user's language, and where to look. */
export async function usage(problem: UsageProblem, context: CommandContext): Promise<CommandReply> {
  const { t } = context;
  return ephemeral(
    notice(`${t('usage.prefix', { problem: problemText(problem, t) })}\n${t('usage.hint')}`, ':grey_question:'),
  );
}

/** A malformed `/odps admin …`: the problem, then the admin commands' syntax with an example ARN. */
export function adminUsageMessage(problem: UsageProblem, t: Translator): SlackMessage {
  return notice(`${t('usage.prefix', { problem: problemText(problem, t) })}\n${t('help.admin')}`, ':grey_question:');
}

function problemText(problem: UsageProblem, t: Translator): string {
  return t(`usage.${problem.code}` as MessageKey, { detail: problem.detail ?? '' });
}
