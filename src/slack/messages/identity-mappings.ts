import type { KnownBlock } from '@slack/types';
import type { ConfiguredMappings, IdentityMapping, MappingSubject } from '../../identity/identity-mappings.ts';
import type { IdentityMode } from '../../identity/resolve-identity.ts';
import type { MessageKey, Translator } from '../i18n/catalog.ts';
import { slackDate } from '../i18n/format.ts';
import { LIMITS } from './limits.ts';
import type { SlackMessage } from './message.ts';
import { code, escapeMrkdwn, groupMention, joinWithin, mention, mrkdwnMessage, raw, splitWithin } from './mrkdwn.ts';

/**
 * The answers of `/odps admin map|unmap|mappings` (issue #17): who is mapped to which RAM role, who
 * mapped them and when. Role ARNs are shown as code (they are not secrets, and an admin copies them);
 * people and groups as mentions built from checked ids.
 */

/** Section texts stop a little short of Block Kit's 3,000 characters. */
const SECTION_CHARS = 2900;
/** The listing's rows, all sections together, under the builders' aggregate budget. */
const LISTING_CHARS = LIMITS.budgetTotalText - 1000;

export function subjectMention(subject: MappingSubject): string {
  return subject.kind === 'user' ? mention(subject.userId) : groupMention(subject.groupId);
}

/** Who made a mapping and when, as a catalog message's `{user}` and `{time}`. */
function madeBy(mapping: IdentityMapping, t: Translator) {
  return { user: raw(mention(mapping.mappedBy)), time: raw(slackDate(mapping.mappedAt, t.locale)) };
}

export type MappingChange =
  | { readonly kind: 'mapped'; readonly mapping: IdentityMapping; readonly previous?: IdentityMapping }
  | { readonly kind: 'unmapped'; readonly subject: MappingSubject; readonly removed?: IdentityMapping };

export interface MappingChangeView {
  readonly change: MappingChange;
  /** ODPS_IDENTITY_MAP's role for the subject: it still applies after an unmap. */
  readonly configuredRoleArn?: string;
  readonly mode: IdentityMode;
}

/** `map` and `unmap`: what was done, what it replaced or removed, and what still applies. */
export function mappingChangeMessage(view: MappingChangeView, t: Translator): SlackMessage {
  const { change } = view;
  const subject = change.kind === 'mapped' ? change.mapping.subject : change.subject;
  const lines = [changeLine(change, t)];
  if (change.kind === 'unmapped' && view.configuredRoleArn !== undefined) {
    lines.push(
      mrkdwnMessage(t.template('admin.stillConfigured'), {
        subject: raw(subjectMention(subject)),
        roleArn: raw(code(view.configuredRoleArn)),
      }),
    );
  }
  const icon = change.kind === 'mapped' || change.removed ? ':white_check_mark:' : ':information_source:';
  return withModeNote(`${icon} ${lines.join('\n')}`, view.mode, t);
}

function changeLine(change: MappingChange, t: Translator): string {
  if (change.kind === 'unmapped') {
    const subject = raw(subjectMention(change.subject));
    if (change.removed === undefined) return mrkdwnMessage(t.template('admin.unmapNone'), { subject });
    const roleArn = raw(code(change.removed.roleArn));
    return mrkdwnMessage(t.template('admin.unmapped'), { subject, roleArn, ...madeBy(change.removed, t) });
  }
  const { mapping, previous } = change;
  const params = { subject: raw(subjectMention(mapping.subject)), roleArn: raw(code(mapping.roleArn)) };
  if (previous === undefined) return mrkdwnMessage(t.template('admin.mapped'), params);
  const key: MessageKey = previous.roleArn === mapping.roleArn ? 'admin.mappedAgain' : 'admin.mappedReplacing';
  return mrkdwnMessage(t.template(key), { ...params, previous: raw(code(previous.roleArn)), ...madeBy(previous, t) });
}

export interface MappingListView {
  /** The table's first page: groups first, then people, each by id. */
  readonly stored: readonly IdentityMapping[];
  /** The table had more than the page. */
  readonly more: boolean;
  readonly pageSize: number;
  readonly configured: ConfiguredMappings;
  readonly mode: IdentityMode;
}

/**
 * `mappings`: user groups, then people, in the order the resolver tries them (the table's, then the
 * configuration's); rows that do not fit Block Kit's budget are counted, never cut.
 */
export function mappingListMessage(view: MappingListView, t: Translator): SlackMessage {
  const title = t('mappings.title');
  const groups = rows(view, 'group', t);
  const people = rows(view, 'user', t);
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title } }];
  const notes: string[] = [];
  if (groups.length + people.length === 0) {
    blocks.push(section(escapeMrkdwn(t('mappings.empty'))));
  } else {
    const pieces = [
      ...(groups.length > 0 ? [`*${escapeMrkdwn(t('mappings.groups'))}*`, ...groups] : []),
      ...(people.length > 0 ? [`*${escapeMrkdwn(t('mappings.people'))}*`, ...people] : []),
    ];
    const shown = joinWithin(pieces, '\n', LISTING_CHARS);
    const kept = pieces.slice(0, pieces.length - shown.omitted);
    for (const text of splitWithin(kept, '\n', SECTION_CHARS)) blocks.push(section(text));
    if (shown.omitted > 0) notes.push(escapeMrkdwn(t('mappings.omitted', { count: shown.omitted })));
    notes.push(escapeMrkdwn(t('mappings.order')));
  }
  if (view.more) notes.push(escapeMrkdwn(t('mappings.more', { count: view.pageSize })));
  if (view.mode === 'bot') notes.push(escapeMrkdwn(t('admin.modeBot')));
  if (notes.length > 0) blocks.push(context(notes.join('\n')));
  return { text: escapeMrkdwn(title), blocks };
}

function rows(view: MappingListView, kind: MappingSubject['kind'], t: Translator): string[] {
  const stored = view.stored
    .filter((mapping) => mapping.subject.kind === kind)
    .map((mapping) =>
      mrkdwnMessage(t.template('mappings.row'), {
        subject: raw(subjectMention(mapping.subject)),
        roleArn: raw(code(mapping.roleArn)),
        ...madeBy(mapping, t),
      }),
    );
  const configured = [...(kind === 'user' ? view.configured.users : view.configured.groups)]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, roleArn]) =>
      mrkdwnMessage(t.template('mappings.rowConfig'), {
        subject: raw(kind === 'user' ? mention(id) : groupMention(id)),
        roleArn: raw(code(roleArn)),
      }),
    );
  return [...stored, ...configured].map((row) => `• ${row}`);
}

/** A reply that goes on to say mappings wait for another mode, when they do. */
function withModeNote(mrkdwn: string, mode: IdentityMode, t: Translator): SlackMessage {
  const blocks: KnownBlock[] = [section(mrkdwn)];
  if (mode === 'bot') blocks.push(context(escapeMrkdwn(t('admin.modeBot'))));
  return { text: mrkdwn, blocks };
}

function section(mrkdwn: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}

function context(mrkdwn: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn }] };
}
