import { Attr } from './dynamodb-item-layout.ts';
import { epochSeconds } from './expiry.ts';

/**
 * The condition expressions of the DynamoDB store, built from named fragments so each reads as a
 * sentence. Expiry is part of every condition because DynamoDB's TTL deletes lapsed items lazily (up
 * to 48 h late) and dynalite never does: an item past `expiresAt` must behave exactly like no item.
 *
 *   claimOnce / track for one key, over time:
 *
 *   ──[ 1st write: ok ]═══════ live ═══════[ expiresAt ]─── lapsed, maybe not yet deleted ───[ TTL deletes ]──
 *                      2nd write: fails                  2nd write: ok, replaces the item
 *                      attachCard: ok                    attachCard: not found
 */

const ITEM_MISSING = `attribute_not_exists(${Attr.pk})`;
const ITEM_PRESENT = `attribute_exists(${Attr.pk})`;
const ITEM_LAPSED = `${Attr.expiresAt} < :now`;
const ITEM_LIVE = `${Attr.expiresAt} >= :now`;

/** A put that creates the item unless a live one holds the key. */
export const CREATE_UNLESS_LIVE = `${ITEM_MISSING} OR ${ITEM_LAPSED}`;

/**
 * The same, except that a live item written by this very call (`:claimToken`) counts as created:
 * when the answer to the first put is lost, the SDK sends it again, and that second put must not
 * report the key as claimed by someone else.
 */
export const CREATE_UNLESS_LIVE_OR_OWN = `${CREATE_UNLESS_LIVE} OR ${Attr.claimToken} = :claimToken`;

/** An update that only touches an existing, live item (it must not resurrect a lapsed one). */
export const UPDATE_IF_LIVE = `${ITEM_PRESENT} AND ${ITEM_LIVE}`;

/** The `:now` both conditions compare with, in the TTL attribute's unit. */
export function nowValue(nowMs: number): { readonly ':now': number } {
  return { ':now': epochSeconds(nowMs) };
}
