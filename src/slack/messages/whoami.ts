import type { KnownBlock } from '@slack/types';
import type { IdentityMapping } from '../../identity/identity-mappings.ts';
import type { IdentityMode, RunIdentity } from '../../identity/resolve-identity.ts';
import type { MessageKey, Translator } from '../i18n/catalog.ts';
import { slackDate } from '../i18n/format.ts';
import type { SlackMessage } from './message.ts';
import { code, escapeMrkdwn, groupMention, joinWithin, mention, mrkdwnMessage, raw } from './mrkdwn.ts';

/**
 * `/odps whoami`: the mode, who the person runs as and why, the role session MaxCompute's audit
 * names them by, and whom to ask (the admins).
 */
export interface WhoamiView {
  readonly mode: IdentityMode;
  readonly identity: RunIdentity;
  /** The table's mapping behind a `mapping` or `group-mapping` identity, for who made it and when. */
  readonly mapping?: IdentityMapping;
  /** The role session MaxCompute's audit names them by when they run as a role (session-name.ts). */
  readonly sessionName: string;
  /** ODPS_ADMINS. */
  readonly admins: readonly string[];
}

const SECTION_CHARS = 2900;

export function whoamiMessage(view: WhoamiView, t: Translator): SlackMessage {
  const title = t('whoami.title');
  const lines = [escapeMrkdwn(t(`whoami.mode.${view.mode}`)), identityLine(view, t), sessionLine(view, t)];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: adminsLine(view.admins, t) }] },
  ];
  return { text: escapeMrkdwn(title), blocks };
}

function identityLine(view: WhoamiView, t: Translator): string {
  const { identity } = view;
  if (identity.kind === 'refused') return escapeMrkdwn(t('whoami.refused'));
  if (identity.kind === 'bot')
    return escapeMrkdwn(t(identity.reason === 'mode' ? 'whoami.botMode' : 'whoami.botUnmapped'));
  const roleArn = raw(code(identity.roleArn));
  const group = raw(groupMention(identity.groupId ?? ''));
  // The table was read again for who mapped it: shown only when it still says the same role.
  const made = view.mapping?.roleArn === identity.roleArn ? view.mapping : undefined;
  const by = made && { user: raw(mention(made.mappedBy)), time: raw(slackDate(made.mappedAt, t.locale)) };
  switch (identity.source) {
    case 'mapping':
      return by
        ? mrkdwnMessage(t.template('whoami.mapping'), { roleArn, ...by })
        : mrkdwnMessage(t.template('whoami.mappingHere'), { roleArn });
    case 'config':
      return mrkdwnMessage(t.template('whoami.config'), { roleArn });
    case 'group-mapping':
      return by
        ? mrkdwnMessage(t.template('whoami.groupMapping'), { roleArn, group, ...by })
        : mrkdwnMessage(t.template('whoami.groupMappingHere'), { roleArn, group });
    case 'group-config':
      return mrkdwnMessage(t.template('whoami.groupConfig'), { roleArn, group });
  }
}

function sessionLine(view: WhoamiView, t: Translator): string {
  if (view.identity.kind === 'bot') return escapeMrkdwn(t('whoami.sessionBot'));
  const key: MessageKey = view.identity.kind === 'person' ? 'whoami.session' : 'whoami.sessionRefused';
  return mrkdwnMessage(t.template(key), { session: raw(code(view.sessionName)) });
}

/** Whole mentions only, within one text object; past it, the rest are counted. */
function adminsLine(admins: readonly string[], t: Translator): string {
  if (admins.length === 0) return escapeMrkdwn(t('whoami.noAdmins'));
  const shown = joinWithin(
    admins.map((userId) => mention(userId)),
    ', ',
    SECTION_CHARS - 200,
  );
  const more = shown.omitted > 0 ? ` (+${shown.omitted})` : '';
  return mrkdwnMessage(t.template('whoami.admins'), { admins: raw(`${shown.text}${more}`) });
}
