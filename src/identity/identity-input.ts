import { parseRoleArn } from '../shared/role-arn.ts';
import type { IdentityMapping, MappingPage, MappingSubject } from './identity-mappings.ts';

/**
 * What the identity stores accept, checked the same way by every adapter before anything is read or
 * written, so a value that is not a Slack id or a role ARN fails here with an error the Slack layer
 * can word (its `field` says which), not at the table. Ids become part of a DynamoDB key: Slack's
 * alphabet (capitals and digits) has no separator in it.
 */

/** A Slack user id: `U…`, or `W…` for an Enterprise Grid user; the length is bounded for the key. */
const USER_ID = /^[UW][A-Z0-9]{2,20}$/;
/** A Slack user group (subteam) id. */
const GROUP_ID = /^S[A-Z0-9]{2,20}$/;

/** Who made a mapping that was not made in Slack. */
export const CONFIG_MAPPER = 'config';

/** An administrator's listing: a page fits one Slack message with room to spare. */
export const MAPPING_PAGE_DEFAULT = 50;
export const MAPPING_PAGE_MAX = 100;

export type IdentityInputField =
  | 'subject'
  | 'userId'
  | 'groupId'
  | 'roleArn'
  | 'mappedBy'
  | 'mappedAt'
  | 'cursor'
  | 'limit';

export class IdentityInputError extends Error {
  readonly code = 'invalid_field';
  readonly retryable = false;
  /** The field refused, e.g. `roleArn`. */
  readonly field: IdentityInputField;

  constructor(field: IdentityInputField, problem: string) {
    super(`${field} ${problem}`);
    this.name = 'IdentityInputError';
    this.field = field;
  }
}

export function isSlackUserId(text: unknown): text is string {
  return typeof text === 'string' && USER_ID.test(text);
}

export function isSlackGroupId(text: unknown): text is string {
  return typeof text === 'string' && GROUP_ID.test(text);
}

export function checkUserId(userId: unknown): asserts userId is string {
  if (!isSlackUserId(userId)) throw new IdentityInputError('userId', `is not a Slack user id: ${shown(userId)}`);
}

export function checkSubject(subject: MappingSubject): void {
  if (subject?.kind === 'user') checkUserId(subject.userId);
  else if (subject?.kind === 'group') {
    if (!isSlackGroupId(subject.groupId)) {
      throw new IdentityInputError('groupId', `is not a Slack user group id: ${shown(subject.groupId)}`);
    }
  } else throw new IdentityInputError('subject', `must be a user or a group: ${shown(subject)}`);
}

/** The role ARN as parseRoleArn spells it (`role/` in lower case). */
export function checkRoleArn(text: unknown): string {
  const parsed = typeof text === 'string' ? parseRoleArn(text) : undefined;
  if (!parsed)
    throw new IdentityInputError('roleArn', `is not a RAM role ARN (acs:ram::<account>:role/<name>): ${shown(text)}`);
  return parsed.arn;
}

/** The mapping as a store keeps it: checked, with its role ARN normalised and no other field. */
export function checkMapping(mapping: IdentityMapping): IdentityMapping {
  checkSubject(mapping?.subject);
  const roleArn = checkRoleArn(mapping.roleArn);
  if (mapping.mappedBy !== CONFIG_MAPPER && !isSlackUserId(mapping.mappedBy)) {
    throw new IdentityInputError('mappedBy', `must be a Slack user id or ${CONFIG_MAPPER}: ${shown(mapping.mappedBy)}`);
  }
  const { mappedAt } = mapping;
  if (typeof mappedAt !== 'number' || !Number.isSafeInteger(mappedAt) || mappedAt < 0) {
    throw new IdentityInputError('mappedAt', `must be epoch milliseconds: ${shown(mappedAt)}`);
  }
  const subject: MappingSubject =
    mapping.subject.kind === 'user'
      ? { kind: 'user', userId: mapping.subject.userId }
      : { kind: 'group', groupId: mapping.subject.groupId };
  return { subject, roleArn, mappedBy: mapping.mappedBy, mappedAt };
}

/** The page's size (the default when absent); its cursor is each adapter's to read. */
export function checkPageLimit(page: MappingPage | undefined): number {
  const limit = page?.limit ?? MAPPING_PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAPPING_PAGE_MAX) {
    throw new IdentityInputError('limit', `must be an integer from 1 to ${MAPPING_PAGE_MAX}: ${shown(limit)}`);
  }
  return limit;
}

function shown(value: unknown): string {
  return (JSON.stringify(value) ?? String(value)).slice(0, 140);
}
