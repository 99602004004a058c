import type { CostEstimate } from './maxcompute-gateway.ts';

/**
 * The cost guard's held queries (issue #16): a query whose estimate is too high, or that would take
 * its submitter or channel over the day's budget, is kept here as a *run request* until its submitter
 * confirms it or an approver approves it, and only then submitted. Stored, not held in memory, so a
 * decision survives a restart and takes effect exactly once: two clicks on Approve submit once, and a
 * Reject after an Approve is answered "already approved by …".
 *
 *   pending ──confirmed (gate confirm) / approved (gate approval)──▶ confirmed | approved ──▶ submitted
 *      │  └──rejected / cancelled──▶ rejected | cancelled (final)
 *      └─ a decision at or after `expiresAt` is refused as expired; the record stays readable
 */

/** Who must act before the query runs: its submitter (`confirm`) or an approver (`approval`). */
export type RunGate = 'confirm' | 'approval';

/** Why the query was held; a request may have several (an approval outranks a confirmation). */
export type GateReason =
  | 'above-confirm'
  | 'above-approval'
  | 'over-user-budget'
  | 'over-channel-budget'
  | 'estimate-failed';

export type DecisionKind = 'confirmed' | 'approved' | 'rejected' | 'cancelled';

/** `pending` until decided; a decision's kind becomes the state; `submitted` once MaxCompute took it. */
export type RunRequestState = 'pending' | DecisionKind | 'submitted';

export interface RunDecision {
  readonly kind: DecisionKind;
  /** Slack user id of whoever clicked. */
  readonly by: string;
  /** Epoch ms of the click. */
  readonly at: number;
}

/** A Slack message, by where it is: the approval request an approver answers. */
export interface MessageRef {
  readonly channelId: string;
  readonly ts: string;
}

/** What MaxCompute said when it would not estimate the query (its error code and text). */
export interface EstimateFailure {
  readonly code: string;
  readonly message: string;
}

export interface Price {
  readonly amount: number;
  /** The configured currency, e.g. `CNY`. */
  readonly currency: string;
}

export interface RunRequest {
  /** Derived from Slack's request id by the caller, as the `run#<request id>` claims are (see checkRunRequestId). */
  readonly id: string;
  readonly teamId: string;
  readonly channelId: string;
  /** Slack user id of the submitter. */
  readonly userId: string;
  readonly threadTs?: string;
  /** Language of the channel's messages, e.g. `en` or `zh-CN`. */
  readonly locale: string;
  /** Language of the submitter's private replies, when it differs from the channel's. */
  readonly userLocale?: string;
  /** What the run asked of its notice once submitted: a mention of its submitter, the preview's rows. */
  readonly mention?: boolean;
  readonly previewRows?: number;
  readonly project: string;
  /** The whole SQL, to be submitted as it is (not cut like a tracked instance's copy). */
  readonly sql: string;
  readonly hints: Readonly<Record<string, string>>;
  /** MaxCompute's job priority, 0 (highest) to 9. */
  readonly priority?: number;
  readonly quota?: string;
  readonly estimate?: CostEstimate;
  readonly estimateError?: EstimateFailure;
  readonly price?: Price;
  readonly gate: RunGate;
  readonly reasons: readonly GateReason[];
  /** Epoch ms. */
  readonly createdAt: number;
  /** Epoch ms: the end of the decision window. The stored record outlives it, so a late click is answered "expired". */
  readonly expiresAt: number;
  /** The job card's ts, once posted. */
  readonly cardTs?: string;
  readonly approvalMessage?: MessageRef;
  readonly state: RunRequestState;
  readonly decision?: RunDecision;
  /** Set once the query was submitted. */
  readonly instanceId?: string;
}

/** What `create` is given: a request is always created pending, undecided and unsubmitted. */
export type NewRunRequest = Omit<RunRequest, 'state' | 'decision' | 'instanceId'>;

export type DecideOutcome =
  /** This call decided it; `request` is the record as written. */
  | { readonly outcome: 'decided'; readonly request: RunRequest }
  /** Decided before (its `decision` says by whom and how), or submitted already. */
  | { readonly outcome: 'already'; readonly request: RunRequest }
  /** Still pending, but the decision came at or after `expiresAt`. */
  | { readonly outcome: 'expired'; readonly request: RunRequest }
  /** A confirmation of a request that needs an approval, or an approval of one that needs a confirmation. */
  | { readonly outcome: 'wrong-gate'; readonly request: RunRequest }
  | { readonly outcome: 'missing' };

export type MarkSubmittedOutcome =
  /** Recorded now, or recorded before with the same instance id (a retry). */
  | { readonly outcome: 'submitted'; readonly request: RunRequest }
  /** Not confirmed or approved (pending, rejected, cancelled), or submitted as another instance. */
  | { readonly outcome: 'refused'; readonly request: RunRequest }
  | { readonly outcome: 'missing' };

/**
 * Where run requests are kept (DynamoDB on AWS, memory in unit tests). Every transition is one
 * conditional write on one record, so concurrent clicks race on the store's own atomicity. Records
 * are kept for a while after `expiresAt` and then read as missing. Input the store could not keep
 * (a bad id, SQL too long) is refused with a CostGuardInputError before anything is written.
 */
export interface RunRequestStore {
  /**
   * Stores a new pending request. When the id is taken already (a redelivered hand-off), nothing is
   * written and the existing record is returned unchanged, so the caller does nothing twice.
   */
  create(request: NewRunRequest): Promise<{ readonly created: boolean; readonly request: RunRequest }>;

  /** Read strongly: a read right after a decision sees it. */
  get(id: string): Promise<RunRequest | undefined>;

  /** Records where the job card and the approval request were posted; undefined when the request is missing. */
  attachMessages(
    id: string,
    messages: { readonly cardTs?: string; readonly approvalMessage?: MessageRef },
  ): Promise<RunRequest | undefined>;

  /**
   * Decides a pending request, exactly once: of two concurrent decisions one is `decided` and the
   * other `already` (with the winner's decision). Only while `decision.at < expiresAt`; a
   * confirmation only for the `confirm` gate, an approval only for `approval`.
   */
  decide(id: string, decision: RunDecision): Promise<DecideOutcome>;

  /**
   * Records the submission of a confirmed or approved request. Calling it again with the same
   * instance id is `submitted` again (the caller retries with the same job Guid after a crash).
   */
  markSubmitted(id: string, instanceId: string): Promise<MarkSubmittedOutcome>;
}

/** The gate each decision needs; a rejection or cancellation ends a request behind either gate. */
const GATE_OF: Readonly<Record<DecisionKind, RunGate | undefined>> = {
  confirmed: 'confirm',
  approved: 'approval',
  rejected: undefined,
  cancelled: undefined,
};

export function gateNeededFor(kind: DecisionKind): RunGate | undefined {
  return GATE_OF[kind];
}

/**
 * Why `decision` cannot be taken on `request`, or undefined when it can. One rule for every adapter:
 * the in-memory store decides with it, the DynamoDB store explains a failed conditional write with it.
 * A decided request is `already` whatever the time: a Reject after an Approve says who approved.
 */
export function decisionRefusal(
  request: RunRequest,
  decision: RunDecision,
): 'already' | 'expired' | 'wrong-gate' | undefined {
  if (request.state !== 'pending') return 'already';
  if (decision.at >= request.expiresAt) return 'expired';
  const gate = gateNeededFor(decision.kind);
  if (gate !== undefined && gate !== request.gate) return 'wrong-gate';
  return undefined;
}

/** Whether `instanceId` may be recorded as the request's submission (again, when it already is). */
export function maySubmit(request: RunRequest, instanceId: string): boolean {
  if (request.state === 'submitted') return request.instanceId === instanceId;
  return request.state === 'confirmed' || request.state === 'approved';
}
