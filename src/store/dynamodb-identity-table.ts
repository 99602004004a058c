import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { checkMapping } from '../identity/identity-input.ts';
import { type IdentityMapping, type MappingSubject, subjectId } from '../identity/identity-mappings.ts';
import { type CreateInstanceTableOptions, createTable } from './dynamodb-table.ts';
import type { SubjectKind } from './identity-mapping-cursor.ts';

/**
 * The identity mapping table as data (issue #17): its own table, not items on the instance table, so
 * only the functions that resolve or change identities are granted it (infra/identity-table.yml is
 * written from these facts; test/infra/serverless-package.test.ts compares the two).
 *
 * | item          | pk      | sk          | other attributes                 |
 * | ------------- | ------- | ----------- | -------------------------------- |
 * | user mapping  | `user`  | `U…` / `W…` | `roleArn`, `mappedBy`, `mappedAt` |
 * | group mapping | `group` | `S…`        | `roleArn`, `mappedBy`, `mappedAt` |
 *
 * The kind is the partition, so what is read most is cheapest: a person's mapping is one GetItem, the
 * group mappings (few, read by every resolution that finds no direct mapping, cached for a minute) one
 * Query charged for the groups alone, not a Scan of every user's mapping, and the listing a Query of
 * each partition in the order of ids, paged by key. One partition key takes 3,000 strongly consistent
 * reads of these small items a second, far beyond what slash commands ask; mappings change by hand.
 * Mappings are kept until removed: no TTL.
 */

export const IDENTITY_ATTR = {
  pk: 'pk',
  sk: 'sk',
  roleArn: 'roleArn',
  mappedBy: 'mappedBy',
  mappedAt: 'mappedAt',
} as const;

export function identityTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: IDENTITY_ATTR.pk, AttributeType: 'S' },
      { AttributeName: IDENTITY_ATTR.sk, AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: IDENTITY_ATTR.pk, KeyType: 'HASH' },
      { AttributeName: IDENTITY_ATTR.sk, KeyType: 'RANGE' },
    ],
  };
}

/** Creates the table unless it exists (the local stack and the tests), resolving once it is ACTIVE. */
export function createIdentityTable(
  client: DynamoDBClient,
  tableName: string,
  options: CreateInstanceTableOptions = {},
): Promise<void> {
  return createTable(client, identityTableDefinition(tableName), options);
}

export function identityItemKey(subject: MappingSubject): { readonly pk: SubjectKind; readonly sk: string } {
  return { pk: subject.kind, sk: subjectId(subject) };
}

export function toIdentityItem(mapping: IdentityMapping): Record<string, unknown> {
  return {
    ...identityItemKey(mapping.subject),
    [IDENTITY_ATTR.roleArn]: mapping.roleArn,
    [IDENTITY_ATTR.mappedBy]: mapping.mappedBy,
    [IDENTITY_ATTR.mappedAt]: mapping.mappedAt,
  };
}

/**
 * The mapping an item holds, checked as a written one is: an item changed by hand into something
 * that is not a mapping throws (IdentityInputError) rather than lend anyone a role.
 */
export function fromIdentityItem(item: Record<string, unknown>): IdentityMapping {
  const kind = item[IDENTITY_ATTR.pk];
  const id = item[IDENTITY_ATTR.sk];
  const subject = (kind === 'group' ? { kind, groupId: id } : { kind, userId: id }) as MappingSubject;
  return checkMapping({
    subject,
    roleArn: item[IDENTITY_ATTR.roleArn] as string,
    mappedBy: item[IDENTITY_ATTR.mappedBy] as string,
    mappedAt: item[IDENTITY_ATTR.mappedAt] as number,
  });
}
