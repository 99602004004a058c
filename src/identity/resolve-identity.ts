import { IdentityErrorCode, IdentityResolutionError } from './identity-errors.ts';
import { checkUserId } from './identity-input.ts';
import type { ConfiguredMappings, IdentityMapping } from './identity-mappings.ts';
import { sessionNameFor } from './session-name.ts';

/**
 * The decision of who a command runs as (issue #17), from the mode and the mappings, with no I/O of its
 * own: what it reads is given as functions, each called only when the decision needs it, so bot mode
 * reads nothing and a person mapped directly costs one read. IdentityResolver gives it the store (with
 * the group reads cached) and Slack's group membership.
 *
 * Precedence, first match wins:
 *   1. the user's own mapping in the store (`mapping`), then in ODPS_IDENTITY_MAP (`config`);
 *   2. a mapped group the user is a member of: the store's group mappings in the order of their group
 *      ids (`group-mapping`), then ODPS_IDENTITY_MAP's groups the store does not map, in the order of
 *      their ids (`group-config`). Groups are asked about one at a time in that order, so a member of
 *      an early group costs no question about the later ones;
 *   3. nobody: refused in `person` mode, the bot's account in `person-or-bot` mode.
 * A read that fails stops the decision with an IdentityResolutionError: it never becomes step 3.
 */

/** ODPS_IDENTITY_MODE: `bot`, everyone runs as the bot (as before #17); `person`, only mapped people run. */
export type IdentityMode = 'bot' | 'person' | 'person-or-bot';
export const IDENTITY_MODES: readonly IdentityMode[] = ['bot', 'person', 'person-or-bot'];

export type PersonSource = 'mapping' | 'config' | 'group-mapping' | 'group-config';

export type RunIdentity =
  | {
      readonly kind: 'person';
      readonly roleArn: string;
      /** The STS RoleSessionName (session-name.ts). */
      readonly sessionName: string;
      readonly source: PersonSource;
      /** The group whose mapping it is, for `group-mapping` and `group-config`. */
      readonly groupId?: string;
    }
  /** `mode`: ODPS_IDENTITY_MODE is `bot`. `unmapped`: person-or-bot mode's fallback for an unmapped user. */
  | { readonly kind: 'bot'; readonly reason: 'mode' | 'unmapped' }
  /** person mode, and the user is mapped neither directly nor through a group. */
  | { readonly kind: 'refused'; readonly reason: 'unmapped' };

export interface IdentityFacts {
  readonly configured: ConfiguredMappings;
  /** The user's own mapping in the store. */
  userMapping(userId: string): Promise<IdentityMapping | undefined>;
  /** Every group mapping in the store. */
  groupMappings(): Promise<readonly IdentityMapping[]>;
  /** Whether the user is a member of the Slack user group. */
  isMember(groupId: string, userId: string): Promise<boolean>;
}

interface GroupCandidate {
  readonly groupId: string;
  readonly roleArn: string;
  readonly source: 'group-mapping' | 'group-config';
}

export async function resolveIdentity(mode: IdentityMode, userId: string, facts: IdentityFacts): Promise<RunIdentity> {
  if (mode === 'bot') return { kind: 'bot', reason: 'mode' };
  checkUserId(userId);
  const sessionName = sessionNameFor(userId);
  const stored = await fromStore(() => facts.userMapping(userId));
  if (stored) return { kind: 'person', roleArn: stored.roleArn, sessionName, source: 'mapping' };
  const configured = facts.configured.users.get(userId);
  if (configured !== undefined) return { kind: 'person', roleArn: configured, sessionName, source: 'config' };
  const candidates = groupCandidates(await fromStore(() => facts.groupMappings()), facts.configured);
  for (const candidate of candidates) {
    if (await isMember(facts, candidate.groupId, userId)) {
      const { roleArn, source, groupId } = candidate;
      return { kind: 'person', roleArn, sessionName, source, groupId };
    }
  }
  return mode === 'person' ? { kind: 'refused', reason: 'unmapped' } : { kind: 'bot', reason: 'unmapped' };
}

/** The groups in the order they are tried: the store's by id, then the configuration's it does not map, by id. */
export function groupCandidates(
  stored: readonly IdentityMapping[],
  configured: ConfiguredMappings,
): readonly GroupCandidate[] {
  const fromStore: GroupCandidate[] = [];
  for (const mapping of stored) {
    if (mapping.subject.kind !== 'group') continue;
    fromStore.push({ groupId: mapping.subject.groupId, roleArn: mapping.roleArn, source: 'group-mapping' });
  }
  const mapped = new Set(fromStore.map((candidate) => candidate.groupId));
  const fromConfig: GroupCandidate[] = [...configured.groups]
    .filter(([groupId]) => !mapped.has(groupId))
    .map(([groupId, roleArn]) => ({ groupId, roleArn, source: 'group-config' }));
  return [...fromStore.sort(byGroupId), ...fromConfig.sort(byGroupId)];
}

function byGroupId(a: GroupCandidate, b: GroupCandidate): number {
  return a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0;
}

async function fromStore<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof IdentityResolutionError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new IdentityResolutionError(
      IdentityErrorCode.StoreUnavailable,
      `the identity mappings could not be read: ${detail}`,
      { cause: error },
    );
  }
}

async function isMember(facts: IdentityFacts, groupId: string, userId: string): Promise<boolean> {
  try {
    return await facts.isMember(groupId, userId);
  } catch (error) {
    if (error instanceof IdentityResolutionError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new IdentityResolutionError(
      IdentityErrorCode.MembershipUnavailable,
      `the members of user group ${groupId} could not be read: ${detail}`,
      { cause: error, groupId },
    );
  }
}
