import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { checkMapping, checkPageLimit, checkSubject } from '../identity/identity-input.ts';
import type {
  IdentityMapping,
  IdentityMappingStore,
  MappingListing,
  MappingPage,
  MappingSubject,
} from '../identity/identity-mappings.ts';
import { toStoreError } from './dynamodb-errors.ts';
import { fromIdentityItem, IDENTITY_ATTR, identityItemKey, toIdentityItem } from './dynamodb-identity-table.ts';
import {
  decodeCursor,
  encodeCursor,
  type ListingPosition,
  nextKind,
  positionAfter,
  type SubjectKind,
} from './identity-mapping-cursor.ts';
import { StoreUnavailableError } from './store-errors.ts';

export interface DynamoDbIdentityMappingStoreOptions {
  /** Brought by the caller, as the instance store's is. */
  readonly client: DynamoDBDocumentClient;
  /** The identity table (ODPS_IDENTITY_TABLE_NAME), laid out as dynamodb-identity-table.ts says. */
  readonly tableName: string;
}

/**
 * The {@link IdentityMappingStore} on its own table, with GetItem, PutItem, DeleteItem and Query only.
 * A put or a remove returns what it replaced or removed from the same request (ReturnValues ALL_OLD),
 * so an administrator is told exactly what changed even when two change one mapping at once. Reads of
 * one mapping and listings are strongly consistent (a mapping made or removed a moment ago is seen);
 * the group mappings are read eventually consistent at half the price, as the resolver keeps them a
 * minute anyway.
 */
export class DynamoDbIdentityMappingStore implements IdentityMappingStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;

  constructor(options: DynamoDbIdentityMappingStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  async get(subject: MappingSubject): Promise<IdentityMapping | undefined> {
    checkSubject(subject);
    const item = await this.#send('get', async () => {
      const command = new GetCommand({
        TableName: this.#tableName,
        Key: identityItemKey(subject),
        ConsistentRead: true,
      });
      return (await this.#client.send(command)).Item;
    });
    return item && mappingOf('get', item);
  }

  async put(mapping: IdentityMapping): Promise<IdentityMapping | undefined> {
    const checked = checkMapping(mapping);
    const replaced = await this.#send('put', async () => {
      const command = new PutCommand({
        TableName: this.#tableName,
        Item: toIdentityItem(checked),
        ReturnValues: 'ALL_OLD',
      });
      return (await this.#client.send(command)).Attributes;
    });
    return replaced && mappingOf('put', replaced);
  }

  async remove(subject: MappingSubject): Promise<IdentityMapping | undefined> {
    checkSubject(subject);
    const removed = await this.#send('remove', async () => {
      const command = new DeleteCommand({
        TableName: this.#tableName,
        Key: identityItemKey(subject),
        ReturnValues: 'ALL_OLD',
      });
      return (await this.#client.send(command)).Attributes;
    });
    return removed && mappingOf('remove', removed);
  }

  /**
   * Each call reads one more mapping than the page holds, so a cursor is given only when more follow
   * (the last page is not an empty one), and a page runs on from the groups into the users.
   */
  async list(page?: MappingPage): Promise<MappingListing> {
    const limit = checkPageLimit(page);
    const mappings: IdentityMapping[] = [];
    let position: ListingPosition | undefined = decodeCursor(page?.cursor);
    while (position) {
      const wanted = limit - mappings.length;
      const read = await this.#query('list', position, wanted + 1);
      const taken = read.mappings.slice(0, wanted);
      mappings.push(...taken);
      const last = taken.at(-1);
      if (read.mappings.length > wanted) {
        return { mappings, cursor: encodeCursor(last ? positionAfter(last) : position) };
      }
      // A key to go on from with a short page: DynamoDB stopped at its 1 MB, not at the kind's end.
      position = read.next ?? startOf(nextKind(position.kind));
    }
    return { mappings };
  }

  async groups(): Promise<readonly IdentityMapping[]> {
    const groups: IdentityMapping[] = [];
    let position: ListingPosition | undefined = { kind: 'group' };
    while (position) {
      const read = await this.#query('groups', position);
      groups.push(...read.mappings);
      position = read.next;
    }
    return groups;
  }

  /**
   * One Query page of a kind's mappings after the position's id, in the order of ids, and where the
   * next page starts when DynamoDB says there may be one. Strongly consistent with a limit (a listing),
   * eventually consistent without (the group mappings).
   */
  async #query(
    operation: string,
    position: ListingPosition,
    limit?: number,
  ): Promise<{ readonly mappings: readonly IdentityMapping[]; readonly next?: ListingPosition }> {
    const { kind, after } = position;
    const page = await this.#send(operation, () =>
      this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: after === undefined ? '#pk = :kind' : '#pk = :kind AND #sk > :after',
          ExpressionAttributeNames: {
            '#pk': IDENTITY_ATTR.pk,
            ...(after === undefined ? {} : { '#sk': IDENTITY_ATTR.sk }),
          },
          ExpressionAttributeValues: { ':kind': kind, ...(after === undefined ? {} : { ':after': after }) },
          ConsistentRead: limit !== undefined,
          ...(limit === undefined ? {} : { Limit: limit }),
        }),
      ),
    );
    const lastKey = page.LastEvaluatedKey?.[IDENTITY_ATTR.sk];
    return {
      mappings: (page.Items ?? []).map((item) => mappingOf(operation, item)),
      ...(typeof lastKey === 'string' ? { next: { kind, after: lastKey } } : {}),
    };
  }

  async #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toStoreError(operation, error);
    }
  }
}

function startOf(kind: SubjectKind | undefined): ListingPosition | undefined {
  return kind && { kind };
}

/** An item that is not a mapping (changed by hand) fails the call for good, naming its key. */
function mappingOf(operation: string, item: Record<string, unknown>): IdentityMapping {
  try {
    return fromIdentityItem(item);
  } catch (error) {
    const key = `${String(item[IDENTITY_ATTR.pk])}/${String(item[IDENTITY_ATTR.sk])}`;
    const detail = error instanceof Error ? error.message : String(error);
    throw new StoreUnavailableError(operation, `the item ${key} is not an identity mapping: ${detail}`, {
      cause: error,
      retryable: false,
    });
  }
}
