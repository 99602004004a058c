import type { KnownBlock } from '@slack/types';
import type { InstanceDescription } from '../../tracker/maxcompute-gateway.ts';
import type { Translator } from '../i18n/catalog.ts';
import { slackDate } from '../i18n/format.ts';
import { LIMITS } from './limits.ts';
import type { SlackMessage } from './message.ts';
import { code, escapeMrkdwn, link, slackLength, truncate, truncateMrkdwn } from './mrkdwn.ts';

/** `/odps status`: status, is_successful, tasks with their statuses, and each task's stage string. */
export type StatusView = InstanceDescription & { readonly logviewUrl?: string };

export function statusMessage(view: StatusView, t: Translator): SlackMessage {
  const status = t(`status.${view.status}`);
  const field = (label: string, value: string) => ({
    type: 'mrkdwn' as const,
    text: `*${escapeMrkdwn(label)}*\n${value}`,
  });
  const fields = [
    field(t('status.fields.status'), escapeMrkdwn(status)),
    field(t('status.fields.successful'), escapeMrkdwn(view.successful ? t('yes') : t('no'))),
  ];
  if (view.owner) fields.push(field(t('status.fields.owner'), code(view.owner)));
  if (view.startTime) fields.push(field(t('status.fields.started'), slackDate(view.startTime.getTime(), t.locale)));
  if (view.endTime) fields.push(field(t('status.fields.ended'), slackDate(view.endTime.getTime(), t.locale)));
  const title = t('status.title', { instanceId: view.instanceId });
  const headed = (heading: string) => `*${heading}* · ${code(view.project)}`;
  let heading = view.logviewUrl ? headed(link(view.logviewUrl, title)) : headed(escapeMrkdwn(title));
  // A link cut in half would show as raw text: one the section cannot hold goes, the title stays.
  if (slackLength(heading) > LIMITS.sectionText)
    heading = truncateMrkdwn(headed(escapeMrkdwn(title)), LIMITS.sectionText);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: heading }, fields }];
  if (view.tasks.length > 0) {
    const lines = view.tasks
      .slice(0, 20)
      .map((task) => escapeMrkdwn(t('status.task', { name: task.name, status: t(`task.${task.status}`) })));
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncateMrkdwn(`*${escapeMrkdwn(t('status.tasks'))}*\n${lines.join('\n')}`, 2900),
      },
    });
    const stages = view.tasks
      .filter((task) => task.stages?.trim())
      .map((task) => `${task.name}: ${task.stages?.trim().replaceAll('\t', '  ')}`)
      .join('\n');
    if (stages) {
      blocks.push({
        type: 'rich_text',
        elements: [{ type: 'rich_text_preformatted', elements: [{ type: 'text', text: truncate(stages, 2900) }] }],
      });
    }
  }
  return { text: escapeMrkdwn(t('status.fallback', { instanceId: view.instanceId, status })), blocks };
}
