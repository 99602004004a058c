/**
 * An Alibaba Cloud RAM role's ARN, `acs:ram::<account id>:role/<role name>`, as STS AssumeRole takes
 * it. Both the STS client (before it signs a request) and the product (before it stores a mapping or
 * reads the configuration) check text with {@link parseRoleArn}, so neither reaches into the other.
 *
 * Strict on purpose: an ARN is pasted by an administrator into Slack or the environment, and a value
 * that is almost an ARN (a user's ARN, a path, a trailing quote) must be refused where it is typed,
 * not by STS when someone's query runs. RAM writes the resource type as `role/` but accepts any case;
 * it is normalised to lower case so one role has one spelling in the mapping table and the logs.
 */

export interface RoleArn {
  /** The Alibaba Cloud account (UID) that owns the role. */
  readonly accountId: string;
  readonly roleName: string;
  /** The ARN as STS is given it: `acs:ram::<accountId>:role/<roleName>`. */
  readonly arn: string;
}

/**
 * Account ids are digits (16 in practice; up to 32 accepted). Role names are 1-64 of letters, digits,
 * `.`, `@`, `_` and `-` (RAM's names are a subset): no `/`, so no path, and nothing that needs quoting.
 */
const ROLE_ARN = /^acs:ram::(\d{1,32}):[Rr][Oo][Ll][Ee]\/([A-Za-z0-9.@_-]{1,64})$/;

export function parseRoleArn(text: string): RoleArn | undefined {
  const match = typeof text === 'string' ? ROLE_ARN.exec(text) : null;
  const accountId = match?.[1];
  const roleName = match?.[2];
  if (accountId === undefined || roleName === undefined) return undefined;
  return { accountId, roleName, arn: `acs:ram::${accountId}:role/${roleName}` };
}

export function isRoleArn(text: string): boolean {
  return parseRoleArn(text) !== undefined;
}
