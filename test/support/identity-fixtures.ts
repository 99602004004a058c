import type { IdentityMapping, MappingSubject } from '../../src/identity/identity-mappings.ts';

/** Mappings as the identity tests write them: one account, a role name, an administrator. */
export const T0 = Date.UTC(2024, 2, 15, 8, 30, 0);
export const ADMIN = 'U0ADMIN';

export const user = (userId: string): MappingSubject => ({ kind: 'user', userId });
export const group = (groupId: string): MappingSubject => ({ kind: 'group', groupId });
export const arn = (role: string) => `acs:ram::1234567890123456:role/${role}`;

export function mapping(
  subject: MappingSubject,
  role: string,
  overrides: Partial<IdentityMapping> = {},
): IdentityMapping {
  return { subject, roleArn: arn(role), mappedBy: ADMIN, mappedAt: T0, ...overrides };
}
