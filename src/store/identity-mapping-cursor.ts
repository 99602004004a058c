import { IdentityInputError, isSlackGroupId, isSlackUserId } from '../identity/identity-input.ts';
import type { IdentityMapping, MappingSubject } from '../identity/identity-mappings.ts';

/**
 * Where an administrator's listing of identity mappings goes on, as both stores list: groups first,
 * then users, each in the order of their ids. A cursor says "the next mapping of `kind` after `after`"
 * (from the first of `kind` without one), as base64url JSON: opaque to callers, and checked when it
 * comes back, since it comes back from Slack (a button's value) as input.
 */

export type SubjectKind = MappingSubject['kind'];

/** The order of a listing. */
export const LISTING_ORDER: readonly SubjectKind[] = ['group', 'user'];

export interface ListingPosition {
  readonly kind: SubjectKind;
  /** The id of the last mapping listed of this kind; absent: from its first. */
  readonly after?: string;
}

const MAX_CURSOR_LENGTH = 200;

export const LISTING_START: ListingPosition = { kind: 'group' };

export function encodeCursor(position: ListingPosition): string {
  const fields = position.after === undefined ? { k: position.kind } : { k: position.kind, a: position.after };
  return Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): ListingPosition {
  if (cursor === undefined) return LISTING_START;
  const fields = typeof cursor === 'string' && cursor.length <= MAX_CURSOR_LENGTH ? parse(cursor) : undefined;
  const kind = fields?.k;
  const after = fields?.a;
  if (kind === 'user' && (after === undefined || isSlackUserId(after))) return { kind, ...(after && { after }) };
  if (kind === 'group' && (after === undefined || isSlackGroupId(after))) return { kind, ...(after && { after }) };
  throw new IdentityInputError('cursor', 'is not a cursor of this listing');
}

/** The kind listed after `kind`, or undefined after the last. */
export function nextKind(kind: SubjectKind): SubjectKind | undefined {
  return LISTING_ORDER[LISTING_ORDER.indexOf(kind) + 1];
}

/** The position just after a listed mapping. */
export function positionAfter(mapping: IdentityMapping): ListingPosition {
  const { subject } = mapping;
  return { kind: subject.kind, after: subject.kind === 'user' ? subject.userId : subject.groupId };
}

function parse(cursor: string): { k?: unknown; a?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as { k?: unknown; a?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}
