import { checkMapping, checkPageLimit, checkSubject } from '../identity/identity-input.ts';
import {
  type IdentityMapping,
  type IdentityMappingStore,
  type MappingListing,
  type MappingPage,
  type MappingSubject,
  subjectId,
} from '../identity/identity-mappings.ts';
import {
  decodeCursor,
  encodeCursor,
  LISTING_ORDER,
  type ListingPosition,
  positionAfter,
} from './identity-mapping-cursor.ts';

/**
 * An {@link IdentityMappingStore} in this process's memory, for unit tests and local single-process
 * runs (another process sees none of it). It checks and normalises input as the DynamoDB store does,
 * lists in the same order with the same cursors, and shares no object with its callers.
 */
export class MemoryIdentityMappingStore implements IdentityMappingStore {
  readonly #mappings = new Map<string, IdentityMapping>();

  async get(subject: MappingSubject): Promise<IdentityMapping | undefined> {
    checkSubject(subject);
    return copy(this.#mappings.get(keyOf(subject)));
  }

  async put(mapping: IdentityMapping): Promise<IdentityMapping | undefined> {
    const checked = checkMapping(mapping);
    const key = keyOf(checked.subject);
    const replaced = this.#mappings.get(key);
    this.#mappings.set(key, checked);
    return copy(replaced);
  }

  async remove(subject: MappingSubject): Promise<IdentityMapping | undefined> {
    checkSubject(subject);
    const key = keyOf(subject);
    const removed = this.#mappings.get(key);
    this.#mappings.delete(key);
    return copy(removed);
  }

  async list(page?: MappingPage): Promise<MappingListing> {
    const limit = checkPageLimit(page);
    const position = decodeCursor(page?.cursor);
    const following = this.#ordered().filter((mapping) => comesAfter(mapping, position));
    const mappings = following.slice(0, limit).map((mapping) => copy(mapping) as IdentityMapping);
    const last = mappings.at(-1);
    if (following.length <= limit || last === undefined) return { mappings };
    return { mappings, cursor: encodeCursor(positionAfter(last)) };
  }

  async groups(): Promise<readonly IdentityMapping[]> {
    return this.#ordered()
      .filter((mapping) => mapping.subject.kind === 'group')
      .map((mapping) => copy(mapping) as IdentityMapping);
  }

  #ordered(): IdentityMapping[] {
    return [...this.#mappings.values()].sort(
      (a, b) => rank(a) - rank(b) || compare(subjectId(a.subject), subjectId(b.subject)),
    );
  }
}

function keyOf(subject: MappingSubject): string {
  return `${subject.kind}#${subjectId(subject)}`;
}

function rank(mapping: IdentityMapping): number {
  return LISTING_ORDER.indexOf(mapping.subject.kind);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether the mapping is listed at or after the position. */
function comesAfter(mapping: IdentityMapping, position: ListingPosition): boolean {
  const byKind = rank(mapping) - LISTING_ORDER.indexOf(position.kind);
  if (byKind !== 0) return byKind > 0;
  return position.after === undefined || subjectId(mapping.subject) > position.after;
}

function copy(mapping: IdentityMapping | undefined): IdentityMapping | undefined {
  return mapping && { ...mapping, subject: { ...mapping.subject } };
}
