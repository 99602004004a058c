import type { View } from '@slack/types';
import type { Translator } from '../i18n/catalog.ts';
import { RUN_MODAL_CALLBACK } from './message.ts';

/** What the modal carries from the command to its submission (Slack echoes private_metadata back). */
export interface RunModalContext {
  readonly channelId: string;
  readonly project: string;
  readonly locale: string;
}

export const MODAL_BLOCK = { sql: 'sql', project: 'project' } as const;
export const MODAL_ACTION = { sql: 'sql_input', project: 'project_input' } as const;

/** `/odps run` with no SQL: a modal with a multi-line SQL box (and the project, prefilled). */
export function runSqlModal(context: RunModalContext, t: Translator): View {
  return {
    type: 'modal',
    callback_id: RUN_MODAL_CALLBACK,
    private_metadata: JSON.stringify(context),
    title: { type: 'plain_text', text: t('modal.title').slice(0, 24) },
    submit: { type: 'plain_text', text: t('modal.submit') },
    close: { type: 'plain_text', text: t('modal.cancel') },
    blocks: [
      {
        type: 'input',
        block_id: MODAL_BLOCK.sql,
        label: { type: 'plain_text', text: t('modal.sql') },
        hint: { type: 'plain_text', text: t('modal.sqlHint') },
        element: { type: 'plain_text_input', action_id: MODAL_ACTION.sql, multiline: true, max_length: 3000 },
      },
      {
        type: 'input',
        block_id: MODAL_BLOCK.project,
        label: { type: 'plain_text', text: t('modal.project') },
        element: { type: 'plain_text_input', action_id: MODAL_ACTION.project, initial_value: context.project },
      },
    ],
  };
}

/**
 * The field errors Slack shows under the modal's inputs, in the language the modal was opened in;
 * undefined when the submission can run. A lost or forged context points at the SQL box, the one
 * field every modal has.
 */
export function runModalErrors(
  context: RunModalContext | undefined,
  sql: string,
  project: string,
  t: Translator,
): Record<string, string> | undefined {
  const errors: Record<string, string> = {};
  if (context === undefined) errors[MODAL_BLOCK.sql] = t('modal.error.context');
  else if (sql === '') errors[MODAL_BLOCK.sql] = t('modal.error.sqlEmpty');
  if (!/^[A-Za-z0-9_]{1,128}$/.test(project)) errors[MODAL_BLOCK.project] = t('modal.error.project');
  return Object.keys(errors).length === 0 ? undefined : errors;
}
