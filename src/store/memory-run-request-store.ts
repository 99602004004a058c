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
  type MarkSubmittedOutcome,
  type MessageRef,
  maySubmit,
  type NewRunRequest,
  type RunDecision,
  type RunRequest,
  type RunRequestStore,
} from '../tracker/run-requests.ts';
import { DEFAULT_RUN_REQUEST_RETENTION_SECONDS, expiresAtSeconds, isExpired } from './expiry.ts';

export interface MemoryRunRequestStoreOptions {
  /** Epoch ms; records lapse against it. */
  readonly clock?: () => number;
  /** How long a record is kept after its decision window ends, as in the DynamoDB store. Default 7 days. */
  readonly retentionSeconds?: number;
}

interface Kept {
  readonly request: RunRequest;
  /** Epoch seconds, as the DynamoDB item's TTL. */
  readonly expiresAt: number;
}

/**
 * A {@link RunRequestStore} in this process's memory, for unit tests and local single-process runs
 * (another process sees none of it). Each method reads and writes in one synchronous step, so
 * concurrent calls are as atomic as DynamoDB's conditional writes; the decisions follow the same rules
 * as the DynamoDB store (decisionRefusal, maySubmit). Records go through JSON on the way in and out,
 * as they do through DynamoDB: undefined fields are left out, and nothing is shared with the caller.
 */
export class MemoryRunRequestStore implements RunRequestStore {
  readonly #clock: () => number;
  readonly #retentionSeconds: number;
  readonly #requests = new Map<string, Kept>();

  constructor(options: MemoryRunRequestStoreOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#retentionSeconds = options.retentionSeconds ?? DEFAULT_RUN_REQUEST_RETENTION_SECONDS;
  }

  async create(request: NewRunRequest): Promise<{ readonly created: boolean; readonly request: RunRequest }> {
    checkNewRunRequest(request);
    const existing = this.#live(request.id);
    if (existing) return { created: false, request: plain(existing) };
    const stored = plain<RunRequest>({ ...request, state: 'pending' });
    this.#requests.set(request.id, {
      request: stored,
      expiresAt: expiresAtSeconds(request.expiresAt, this.#retentionSeconds),
    });
    return { created: true, request: plain(stored) };
  }

  async get(id: string): Promise<RunRequest | undefined> {
    checkKeyId('id', id);
    const found = this.#live(id);
    return found && plain(found);
  }

  async attachMessages(
    id: string,
    messages: { readonly cardTs?: string; readonly approvalMessage?: MessageRef },
  ): Promise<RunRequest | undefined> {
    checkKeyId('id', id);
    checkMessages(messages);
    const found = this.#live(id);
    if (!found) return undefined;
    const { cardTs, approvalMessage } = messages;
    return this.#replace({
      ...found,
      ...(cardTs === undefined ? {} : { cardTs }),
      ...(approvalMessage === undefined ? {} : { approvalMessage }),
    });
  }

  async decide(id: string, decision: RunDecision): Promise<DecideOutcome> {
    checkKeyId('id', id);
    checkDecision(decision);
    const found = this.#live(id);
    if (!found) return { outcome: 'missing' };
    const refusal = decisionRefusal(found, decision);
    if (refusal !== undefined) return { outcome: refusal, request: plain(found) };
    const { kind, by, at } = decision;
    return { outcome: 'decided', request: this.#replace({ ...found, state: kind, decision: { kind, by, at } }) };
  }

  async markSubmitted(id: string, instanceId: string): Promise<MarkSubmittedOutcome> {
    checkKeyId('id', id);
    checkInstanceId(instanceId);
    const found = this.#live(id);
    if (!found) return { outcome: 'missing' };
    if (!maySubmit(found, instanceId)) return { outcome: 'refused', request: plain(found) };
    return { outcome: 'submitted', request: this.#replace({ ...found, state: 'submitted', instanceId }) };
  }

  /** Keeps the record's expiry (no transition moves it) and answers a copy of what was stored. */
  #replace(request: RunRequest): RunRequest {
    const kept = this.#requests.get(request.id);
    if (!kept) throw new Error(`run request ${request.id} vanished between a read and its write`);
    this.#requests.set(request.id, { request: plain(request), expiresAt: kept.expiresAt });
    return plain(request);
  }

  #live(id: string): RunRequest | undefined {
    const kept = this.#requests.get(id);
    return kept && !isExpired(kept.expiresAt, this.#clock()) ? kept.request : undefined;
  }
}

function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
