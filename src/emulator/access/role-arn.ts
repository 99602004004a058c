/**
 * A RAM role's ARN as RAM and STS spell it, `acs:ram::<account id>:role/<role name>`. Role names
 * are 1-64 letters, digits, periods and hyphens, and RAM compares them without regard to case.
 */
export interface RoleName {
  readonly accountId: string;
  readonly roleName: string;
}

const ROLE_ARN = /^acs:ram::(\d{1,32}):role\/([A-Za-z0-9.-]{1,64})$/;

export function parseRoleArn(arn: string): RoleName | undefined {
  const match = ROLE_ARN.exec(arn);
  if (match === null) return undefined;
  return { accountId: match[1] ?? '', roleName: match[2] ?? '' };
}

/** The key two ARNs naming the same role share: the account id, and the role name in lower case. */
export function roleKey(name: RoleName): string {
  return `${name.accountId}:${name.roleName.toLowerCase()}`;
}
