import { ExpiringCache } from './expiring-cache.ts';
import type { ConfiguredMappings, IdentityMapping, IdentityMappingStore } from './identity-mappings.ts';
import { type IdentityMode, type RunIdentity, resolveIdentity } from './resolve-identity.ts';

/**
 * Who a command runs as, read from the mapping store and Slack and decided by resolveIdentity.
 *
 * The user's own mapping is read on every call (one strongly consistent GetItem): an administrator's
 * unmap takes effect for the next command. The group mappings and each group's members are kept for
 * `cacheMs` (60 s by default) so a burst of commands does not read them again: usergroups.users.list
 * is a Tier 2 method (about 20 calls a minute), and a group mapping or a membership change may take
 * that long to apply. Failures are not kept, and never decided as "unmapped" (IdentityResolutionError).
 */
export interface IdentityResolverOptions {
  readonly mode: IdentityMode;
  readonly store: IdentityMappingStore;
  /** ODPS_IDENTITY_MAP. */
  readonly configured: ConfiguredMappings;
  /**
   * The members of a Slack user group (usergroups.users.list). A group Slack no longer knows should
   * answer no members; anything thrown stops the decision (IdentityResolutionError). It bounds its own
   * time (the Slack client's timeout): callers waiting on it share one call.
   */
  readonly groupMembers: (groupId: string) => Promise<Iterable<string>>;
  /** Epoch ms. Default `Date.now`. */
  readonly clock?: () => number;
  /** How long group mappings and memberships are kept. Default 60 s. */
  readonly cacheMs?: number;
  /** How many groups' members are kept at most. Default 200. */
  readonly maxCachedGroups?: number;
}

export const DEFAULT_IDENTITY_CACHE_MS = 60_000;
export const DEFAULT_MAX_CACHED_GROUPS = 200;

/** The one key of the group mappings' cache. */
const GROUP_MAPPINGS = 'groups';

export class IdentityResolver {
  readonly #mode: IdentityMode;
  readonly #store: IdentityMappingStore;
  readonly #configured: ConfiguredMappings;
  readonly #groupMembers: (groupId: string) => Promise<Iterable<string>>;
  readonly #groupMappings: ExpiringCache<typeof GROUP_MAPPINGS, readonly IdentityMapping[]>;
  readonly #members: ExpiringCache<string, ReadonlySet<string>>;

  constructor(options: IdentityResolverOptions) {
    this.#mode = options.mode;
    this.#store = options.store;
    this.#configured = options.configured;
    this.#groupMembers = options.groupMembers;
    const now = options.clock ?? Date.now;
    const ttlMs = options.cacheMs ?? DEFAULT_IDENTITY_CACHE_MS;
    this.#groupMappings = new ExpiringCache({ ttlMs, maxEntries: 1, now });
    this.#members = new ExpiringCache({ ttlMs, maxEntries: options.maxCachedGroups ?? DEFAULT_MAX_CACHED_GROUPS, now });
  }

  get mode(): IdentityMode {
    return this.#mode;
  }

  /** Throws IdentityInputError for a user id that is not Slack's, IdentityResolutionError when a read fails. */
  resolve(userId: string): Promise<RunIdentity> {
    return resolveIdentity(this.#mode, userId, {
      configured: this.#configured,
      userMapping: (id) => this.#store.get({ kind: 'user', userId: id }),
      groupMappings: () => this.#groupMappings.get(GROUP_MAPPINGS, () => this.#store.groups()),
      isMember: async (groupId, id) => (await this.#members.get(groupId, () => this.#membersOf(groupId))).has(id),
    });
  }

  /** Forgets the group mappings and memberships, so the next command reads them (after a group is mapped here). */
  forgetGroups(): void {
    this.#groupMappings.clear();
    this.#members.clear();
  }

  async #membersOf(groupId: string): Promise<ReadonlySet<string>> {
    return new Set(await this.#groupMembers(groupId));
  }
}
