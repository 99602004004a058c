import type { MentionDirectory } from './typed-text.ts';

/** The people and channels the simulator page offers: who types, and where. */

export interface SimulatedPerson {
  readonly id: string;
  /** Slack's `user_name`: lower case, no spaces. */
  readonly name: string;
  readonly realName: string;
  /** The Slack locale users.info answers with `include_locale` (e.g. 'en-US', 'zh-CN'). */
  readonly locale: string;
}

/** A user group (Slack's subteam), e.g. the people whose approval the cost guard may ask for. */
export interface SimulatedUserGroup {
  /** S… */
  readonly id: string;
  readonly handle: string;
  readonly name: string;
  readonly users: readonly string[];
}

export interface SimulatedChannel {
  readonly id: string;
  readonly name: string;
}

export interface SimulatedWorkspace {
  readonly teamDomain: string;
  readonly appId: string;
  /** The app's name, as people @mention it (its bot user's display name). */
  readonly appName: string;
  /** The slash command the app registered. */
  readonly command: string;
  /**
   * The command's "Escape channels, users, and links sent to your app": mentions and links in its
   * text arrive as Slack's tokens. The same as infra/slack-app-manifest.yml's should_escape.
   */
  readonly commandShouldEscape: boolean;
  readonly people: readonly SimulatedPerson[];
  readonly channels: readonly SimulatedChannel[];
  /** What usergroups.users.list answers for (none when absent). */
  readonly userGroups?: readonly SimulatedUserGroup[];
}

/**
 * One person per language and a channel per language, so both catalogs show without setup: the
 * Chinese channel's default locale is set by the local stack (ODPS_CHANNEL_LOCALES), the people's by
 * their Slack locale. The group holds one person of each language and leaves Grace out, so that
 * approval by a group (ODPS_COST_APPROVERS=S0DATALEADS) can be shown from both sides: a member
 * approving in either language, and Grace, outside it, not being asked.
 */
export const DEFAULT_WORKSPACE: SimulatedWorkspace = {
  teamDomain: 'odps-local',
  appId: 'A0ODPSLOCAL',
  appName: 'odps',
  command: '/odps',
  commandShouldEscape: true,
  people: [
    { id: 'U0ADA', name: 'ada', realName: 'Ada Lovelace', locale: 'en-US' },
    { id: 'U0LILEI', name: 'lilei', realName: '李雷', locale: 'zh-CN' },
    { id: 'U0GRACE', name: 'grace', realName: 'Grace Hopper', locale: 'en-US' },
  ],
  channels: [
    { id: 'C0DATAENG', name: 'data-eng' },
    { id: 'C0SHUJU', name: '数据平台' },
  ],
  userGroups: [{ id: 'S0DATALEADS', handle: 'data-leads', name: 'Data leads', users: ['U0ADA', 'U0LILEI'] }],
};

/** Who and what can be @- or #-mentioned by name: the people, the app's bot user and the channels. */
export function mentionDirectory(workspace: SimulatedWorkspace, botUserId: string): MentionDirectory {
  const people = workspace.people.map((person) => ({ id: person.id, names: [person.name, person.realName] }));
  return { people: [...people, { id: botUserId, names: [workspace.appName] }], channels: workspace.channels };
}
