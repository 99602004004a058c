/**
 * Who runs as whom (issue #17): an administrator maps a Slack user, or a Slack user group, to an
 * Alibaba Cloud RAM role, and that person's queries run under the role (STS AssumeRole) instead of the
 * bot's one account. Mappings made in Slack (`/odps admin map`) are kept by an
 * {@link IdentityMappingStore}; a deployment managed as code may also state them in configuration
 * ({@link ConfiguredMappings}, ODPS_IDENTITY_MAP). resolve-identity.ts decides from both.
 *
 * Every store checks its input the same way before any request (identity-input.ts): ids that could
 * not be Slack's, and anything that is not a role ARN, are refused with an IdentityInputError.
 */

/** A Slack user (`U…`, or `W…` on Enterprise Grid) or a Slack user group (`S…`). */
export type MappingSubject =
  | { readonly kind: 'user'; readonly userId: string }
  | { readonly kind: 'group'; readonly groupId: string };

export interface IdentityMapping {
  readonly subject: MappingSubject;
  /** `acs:ram::<account>:role/<name>`; stores keep it as parseRoleArn (src/shared/role-arn.ts) spells it. */
  readonly roleArn: string;
  /** The Slack user id of the administrator who made it, or `config` for ODPS_IDENTITY_MAP. */
  readonly mappedBy: string;
  /** Epoch ms. */
  readonly mappedAt: number;
}

export interface MappingPage {
  /** An earlier page's `cursor`; without one, the first page. */
  readonly cursor?: string;
  /** Mappings per page, 1 to MAPPING_PAGE_MAX (identity-input.ts); MAPPING_PAGE_DEFAULT when absent. */
  readonly limit?: number;
}

export interface MappingListing {
  /** Groups first, then users, each in the order of their ids. */
  readonly mappings: readonly IdentityMapping[];
  /** Present when more may follow: pass it back for the next page. Opaque. */
  readonly cursor?: string;
}

export interface IdentityMappingStore {
  /** The subject's mapping, read so that a change made a moment ago is seen (a strongly consistent read). */
  get(subject: MappingSubject): Promise<IdentityMapping | undefined>;
  /** Creates or replaces the subject's mapping; returns the mapping it replaced. */
  put(mapping: IdentityMapping): Promise<IdentityMapping | undefined>;
  /** Returns what it removed (undefined when there was none). */
  remove(subject: MappingSubject): Promise<IdentityMapping | undefined>;
  /** Every mapping, users and groups, a page at a time (an administrator's listing). */
  list(page?: MappingPage): Promise<MappingListing>;
  /** Only the group mappings (few), in the order of their ids: the resolver checks membership of each. */
  groups(): Promise<readonly IdentityMapping[]>;
}

/**
 * The mappings stated in configuration (ODPS_IDENTITY_MAP), already checked: user ids and group ids
 * to role ARNs as parseRoleArn spells them. A mapping in the store outranks one here.
 */
export interface ConfiguredMappings {
  readonly users: ReadonlyMap<string, string>;
  readonly groups: ReadonlyMap<string, string>;
}

export const NO_CONFIGURED_MAPPINGS: ConfiguredMappings = Object.freeze({
  users: new Map<string, string>(),
  groups: new Map<string, string>(),
});

/** The subject's id, whichever kind it is. */
export function subjectId(subject: MappingSubject): string {
  return subject.kind === 'user' ? subject.userId : subject.groupId;
}
