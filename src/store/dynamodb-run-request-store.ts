import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  checkDecision,
  checkInstanceId,
  checkKeyId,
  checkMessages,
  checkNewRunRequest,
} from '../tracker/cost-guard-input.ts';
import {
  type DecideOutcome,
  decisionRefusal,
  gateNeededFor,
  type MarkSubmittedOutcome,
  type MessageRef,
  maySubmit,
  type NewRunRequest,
  type RunDecision,
  type RunRequest,
  type RunRequestStore,
} from '../tracker/run-requests.ts';
import { CREATE_UNLESS_LIVE, nowValue, UPDATE_IF_LIVE } from './dynamodb-conditions.ts';
import { isConditionalCheckFailed, toStoreError } from './dynamodb-errors.ts';
import { Attr, runRequestItemKey } from './dynamodb-item-layout.ts';
import {
  fromRunRequestItem,
  RUN_REQUEST_ATTR,
  RUN_REQUEST_TOKEN,
  toRunRequestItem,
} from './dynamodb-run-request-item.ts';
import { assignments } from './dynamodb-update.ts';
import { DEFAULT_RUN_REQUEST_RETENTION_SECONDS, expiresAtSeconds, isExpired } from './expiry.ts';
import { StoreConflictError } from './store-errors.ts';

export interface DynamoDbRunRequestStoreOptions {
  /** Brought by the caller, as the instance store's is. */
  readonly client: DynamoDBDocumentClient;
  /** The instance table: run requests are items of their own in it. */
  readonly tableName: string;
  /** Epoch ms. Default `Date.now`. */
  readonly clock?: () => number;
  /** How long a record is kept after its decision window ends. Default 7 days. */
  readonly retentionSeconds?: number;
}

/** A decision lands on a pending request whose window is still open (the gate is added when it matters). */
const DECIDABLE = `${UPDATE_IF_LIVE} AND #state = :pending AND #decisionExpiresAt > :at`;

/** Confirmed or approved, or submitted already as this very instance (a retry). */
const SUBMITTABLE =
  `${UPDATE_IF_LIVE} AND (#state = :confirmed OR #state = :approved OR ` +
  `(#state = :submitted AND #instanceId = :instanceId))`;

/**
 * A failed condition the read after it cannot explain (the record changed in between, which no
 * transition here allows, or it was created or lapsed in between): the same call again settles it.
 */
const AGAIN = { retryable: true } as const;

interface StoredRunRequest {
  readonly request: RunRequest;
  readonly item: Record<string, unknown>;
}

/**
 * The {@link RunRequestStore} on the instance table, with GetItem, PutItem and UpdateItem only (what
 * the Slack and worker roles may do there). Each transition is one conditional UpdateItem returning
 * the record as written; when its condition fails, a strongly consistent read says why (dynalite
 * knows no ReturnValuesOnConditionCheckFailure). Records live `retentionSeconds` past their decision
 * window, then read as missing, whether or not TTL has deleted them yet.
 */
export class DynamoDbRunRequestStore implements RunRequestStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #clock: () => number;
  readonly #retentionSeconds: number;

  constructor(options: DynamoDbRunRequestStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#clock = options.clock ?? Date.now;
    this.#retentionSeconds = options.retentionSeconds ?? DEFAULT_RUN_REQUEST_RETENTION_SECONDS;
  }

  async create(request: NewRunRequest): Promise<{ readonly created: boolean; readonly request: RunRequest }> {
    checkNewRunRequest(request);
    const token = randomUUID();
    const expiresAt = expiresAtSeconds(request.expiresAt, this.#retentionSeconds);
    const item = toRunRequestItem({ ...request, state: 'pending' }, expiresAt, token);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: item,
          ConditionExpression: CREATE_UNLESS_LIVE,
          ExpressionAttributeValues: nowValue(this.#clock()),
        }),
      );
      return { created: true, request: fromRunRequestItem(item) };
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw toStoreError('create', error);
    }
    const found = await this.#read('create', request.id);
    // Lapsed between the write and the read: a second attempt writes it.
    if (!found) throw new StoreConflictError(`create: run request ${request.id} was neither written nor found`, AGAIN);
    return { created: found.item[RUN_REQUEST_TOKEN.create] === token, request: found.request };
  }

  async get(id: string): Promise<RunRequest | undefined> {
    checkKeyId('id', id);
    return (await this.#read('get', id))?.request;
  }

  async attachMessages(
    id: string,
    messages: { readonly cardTs?: string; readonly approvalMessage?: MessageRef },
  ): Promise<RunRequest | undefined> {
    checkKeyId('id', id);
    checkMessages(messages);
    const { cardTs, approvalMessage } = messages;
    const set = assignments({
      [RUN_REQUEST_ATTR.cardTs]: cardTs,
      [RUN_REQUEST_ATTR.approvalMessage]: approvalMessage && {
        channelId: approvalMessage.channelId,
        ts: approvalMessage.ts,
      },
    });
    if (set.clauses.length === 0) return this.get(id);
    // Its only condition is that the record lives: undefined means it is missing.
    return this.#update('attachMessages', id, {
      UpdateExpression: `SET ${set.clauses.join(', ')}`,
      ConditionExpression: UPDATE_IF_LIVE,
      ExpressionAttributeNames: set.names,
      ExpressionAttributeValues: set.values,
    });
  }

  async decide(id: string, decision: RunDecision): Promise<DecideOutcome> {
    checkKeyId('id', id);
    checkDecision(decision);
    const token = randomUUID();
    const gate = gateNeededFor(decision.kind);
    const decided = await this.#update('decide', id, {
      UpdateExpression: 'SET #state = :kind, #decision = :decision, #decisionToken = :token',
      ConditionExpression: gate === undefined ? DECIDABLE : `${DECIDABLE} AND #gate = :gate`,
      ExpressionAttributeNames: {
        '#state': RUN_REQUEST_ATTR.state,
        '#decision': RUN_REQUEST_ATTR.decision,
        '#decisionToken': RUN_REQUEST_TOKEN.decision,
        '#decisionExpiresAt': RUN_REQUEST_ATTR.expiresAt,
        ...(gate === undefined ? {} : { '#gate': RUN_REQUEST_ATTR.gate }),
      },
      ExpressionAttributeValues: {
        ':kind': decision.kind,
        ':decision': { kind: decision.kind, by: decision.by, at: decision.at },
        ':token': token,
        ':pending': 'pending',
        ':at': decision.at,
        ...(gate === undefined ? {} : { ':gate': gate }),
      },
    });
    if (decided) return { outcome: 'decided', request: decided };
    return this.#explainDecision(id, decision, token);
  }

  async markSubmitted(id: string, instanceId: string): Promise<MarkSubmittedOutcome> {
    checkKeyId('id', id);
    checkInstanceId(instanceId);
    const submitted = await this.#update('markSubmitted', id, {
      UpdateExpression: 'SET #state = :submitted, #instanceId = :instanceId',
      ConditionExpression: SUBMITTABLE,
      ExpressionAttributeNames: { '#state': RUN_REQUEST_ATTR.state, '#instanceId': RUN_REQUEST_ATTR.instanceId },
      ExpressionAttributeValues: {
        ':submitted': 'submitted',
        ':confirmed': 'confirmed',
        ':approved': 'approved',
        ':instanceId': instanceId,
      },
    });
    if (submitted) return { outcome: 'submitted', request: submitted };
    const found = await this.#read('markSubmitted', id);
    if (!found) return { outcome: 'missing' };
    if (maySubmit(found.request, instanceId)) {
      throw new StoreConflictError(`markSubmitted: run request ${id} refused a submission it now allows`, AGAIN);
    }
    return { outcome: 'refused', request: found.request };
  }

  /** Why a decision's write failed, read after it: the store's rule (decisionRefusal) on the record as it is. */
  async #explainDecision(id: string, decision: RunDecision, token: string): Promise<DecideOutcome> {
    const found = await this.#read('decide', id);
    if (!found) return { outcome: 'missing' };
    // This call's own decision, written by an attempt whose answer was lost.
    if (found.item[RUN_REQUEST_TOKEN.decision] === token) return { outcome: 'decided', request: found.request };
    const refusal = decisionRefusal(found.request, decision);
    if (refusal === undefined) {
      throw new StoreConflictError(`decide: run request ${id} refused a decision it now allows`, AGAIN);
    }
    return { outcome: refusal, request: found.request };
  }

  /** A conditional update of a live record: the record as written, or undefined when the condition failed. */
  async #update(
    operation: string,
    id: string,
    update: {
      readonly UpdateExpression: string;
      readonly ConditionExpression: string;
      readonly ExpressionAttributeNames: Record<string, string>;
      readonly ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<RunRequest | undefined> {
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: runRequestItemKey(id),
          ...update,
          ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ...nowValue(this.#clock()) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (!Attributes) throw new Error('the updated item came back empty');
      return fromRunRequestItem(Attributes);
    } catch (error) {
      if (isConditionalCheckFailed(error)) return undefined;
      throw toStoreError(operation, error);
    }
  }

  /** The live record and its item (for the tokens), read strongly; undefined when missing or lapsed. */
  async #read(operation: string, id: string): Promise<StoredRunRequest | undefined> {
    try {
      const { Item } = await this.#client.send(
        new GetCommand({ TableName: this.#tableName, Key: runRequestItemKey(id), ConsistentRead: true }),
      );
      if (!Item || isExpired(Number(Item[Attr.expiresAt]), this.#clock())) return undefined;
      return { request: fromRunRequestItem(Item), item: Item };
    } catch (error) {
      throw toStoreError(operation, error);
    }
  }
}
