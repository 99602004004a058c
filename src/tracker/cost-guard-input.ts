import { isInstanceId } from '../shared/maxcompute-names.ts';
import type { DecisionKind, MessageRef, NewRunRequest, RunDecision } from './run-requests.ts';

/**
 * What the cost guard's stores accept, checked the same way by every adapter before anything is
 * written, so a request DynamoDB would refuse (an item over 400 KB, a key with a `#` in it) fails
 * here with an error the Slack layer can word, not at the table with a ValidationException.
 */

/**
 * Ids that become part of a DynamoDB key: Slack's request ids (`13345224609.738474920.80889…`,
 * `view:V0123`) fit, and `#`, the layout's separator, cannot occur.
 */
const KEY_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The SQL a run request keeps, in UTF-8 bytes. Far above what reaches the bot (the run modal takes
 * 3,000 characters; `/odps run` sets no limit of its own, and Slack passes a slash command's text of a
 * few thousand characters), far below DynamoDB's 400 KB item. The whole SQL is kept: it is what will
 * be submitted.
 */
export const RUN_REQUEST_SQL_MAX_BYTES = 64 * 1024;

/** The whole record as JSON (SQL, hints and the rest): a bound on the item whatever the hints hold. */
export const RUN_REQUEST_MAX_BYTES = 128 * 1024;

export type CostGuardInputCode = 'sql_too_long' | 'request_too_large' | 'invalid_field';

export class CostGuardInputError extends Error {
  readonly code: CostGuardInputCode;
  /** The field refused, e.g. `id` or `sql`. */
  readonly field: string;
  /** The limit exceeded, in bytes, for `sql_too_long` and `request_too_large`. */
  readonly limit?: number;

  constructor(code: CostGuardInputCode, field: string, message: string, limit?: number) {
    super(message);
    this.name = 'CostGuardInputError';
    this.code = code;
    this.field = field;
    if (limit !== undefined) this.limit = limit;
  }
}

/** Whether `id` could be a run request's id (what a button's value must be before anything is read). */
export function isKeyId(id: unknown): id is string {
  return typeof id === 'string' && KEY_ID.test(id);
}

/** A run request's id, or a run id in the spend ledger: 1-128 of `[A-Za-z0-9._:-]`. */
export function checkKeyId(field: string, id: unknown): void {
  if (!isKeyId(id)) {
    invalid(field, `must be 1-128 characters of A-Z a-z 0-9 . _ : - (got ${JSON.stringify(id)?.slice(0, 140)})`);
  }
}

export function checkNewRunRequest(request: NewRunRequest): void {
  checkKeyId('id', request.id);
  for (const field of ['teamId', 'channelId', 'userId', 'locale', 'project'] as const) {
    checkText(field, request[field]);
  }
  if (typeof request.sql !== 'string' || request.sql.trim() === '') invalid('sql', 'must not be empty');
  const sqlBytes = Buffer.byteLength(request.sql, 'utf8');
  if (sqlBytes > RUN_REQUEST_SQL_MAX_BYTES) {
    throw new CostGuardInputError(
      'sql_too_long',
      'sql',
      `sql is ${sqlBytes} bytes in UTF-8, more than the ${RUN_REQUEST_SQL_MAX_BYTES} a run request keeps`,
      RUN_REQUEST_SQL_MAX_BYTES,
    );
  }
  // DynamoDB refuses an empty name in a map.
  for (const [key, value] of Object.entries(request.hints)) {
    if (key === '' || typeof value !== 'string') invalid('hints', 'keys must not be empty and values must be strings');
  }
  if (request.userLocale !== undefined) checkText('userLocale', request.userLocale);
  const { previewRows } = request;
  if (previewRows !== undefined && !(Number.isInteger(previewRows) && previewRows >= 1 && previewRows <= 10_000)) {
    invalid('previewRows', 'must be an integer from 1 to 10000');
  }
  const { priority } = request;
  if (priority !== undefined && !(Number.isInteger(priority) && priority >= 0 && priority <= 9)) {
    invalid('priority', 'must be an integer from 0 to 9');
  }
  checkNumbers(request);
  checkEpoch('createdAt', request.createdAt);
  checkEpoch('expiresAt', request.expiresAt);
  if (request.expiresAt <= request.createdAt) invalid('expiresAt', 'must be after createdAt');
  const bytes = Buffer.byteLength(JSON.stringify(request), 'utf8');
  if (bytes > RUN_REQUEST_MAX_BYTES) {
    throw new CostGuardInputError(
      'request_too_large',
      'request',
      `the run request is ${bytes} bytes as JSON, more than the ${RUN_REQUEST_MAX_BYTES} the store keeps`,
      RUN_REQUEST_MAX_BYTES,
    );
  }
}

const DECISION_KINDS: ReadonlySet<DecisionKind> = new Set(['confirmed', 'approved', 'rejected', 'cancelled']);

export function checkDecision(decision: RunDecision): void {
  if (!DECISION_KINDS.has(decision.kind)) invalid('kind', `is not a decision: ${JSON.stringify(decision.kind)}`);
  checkText('by', decision.by);
  checkEpoch('at', decision.at);
}

export function checkMessages(messages: { readonly cardTs?: string; readonly approvalMessage?: MessageRef }): void {
  if (messages.cardTs !== undefined) checkText('cardTs', messages.cardTs);
  if (messages.approvalMessage !== undefined) {
    checkText('approvalMessage.channelId', messages.approvalMessage.channelId);
    checkText('approvalMessage.ts', messages.approvalMessage.ts);
  }
}

export function checkInstanceId(instanceId: string): void {
  if (typeof instanceId !== 'string' || !isInstanceId(instanceId)) invalid('instanceId', 'is not an instance id');
}

/** DynamoDB stores no NaN or Infinity. */
function checkNumbers({ estimate, price }: NewRunRequest): void {
  const numbers = { ...estimate, ...(price && { amount: price.amount }) };
  for (const [name, value] of Object.entries(numbers)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) invalid(name, 'must be a finite number');
  }
}

/** A field that is stored but never part of a key: any non-empty string. */
function checkText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') invalid(field, 'must be a non-empty string');
}

function checkEpoch(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    invalid(field, 'must be epoch milliseconds');
  }
}

export function invalid(field: string, problem: string): never {
  throw new CostGuardInputError('invalid_field', field, `${field} ${problem}`);
}
