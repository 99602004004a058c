import type { Caller } from '../../identity/callers.ts';
import type { RunAs } from '../../identity/run-as.ts';
import { isRetryable, withRetries } from '../../shared/retry.ts';
import { doublingPolicy } from '../../shared/retry-policy.ts';
import { GatewayError } from '../../tracker/gateway-error.ts';
import type { MaxComputeGateway } from '../../tracker/maxcompute-gateway.ts';
import type { InstanceKey } from '../../tracker/ports.ts';
import {
  storedSql,
  type TrackedCost,
  type TrackedInstance,
  type TrackedRelease,
} from '../../tracker/tracked-instance.ts';
import { audit } from '../audit.ts';
import type { FrontDoorDeps } from '../commands/context.ts';
import { recordSpend } from '../cost/budgets.ts';
import { describeError, slackErrorCode } from '../error-text.ts';
import type { WorkerJob } from '../handoff.ts';
import { type Locale, translator } from '../i18n/catalog.ts';
import { JobCardOwner } from '../job-card-owner.ts';
import { errorNotice } from '../messages/notices.ts';
import { deliver, removeAcknowledgement } from './deliver.ts';
import { checkCost } from './hold-run.ts';

type RunJob = Extract<WorkerJob, { kind: 'run' }>;

/** chat.postMessage allows about one message a second per channel; a busy channel waits its turn. */
const CARD_RATE_LIMIT_PATIENCE_MS = 10_000;
/**
 * Attempts at submitting. Repeating a submission is safe here, and only here: it carries the job Guid
 * made from the Slack request id, and MaxCompute answers a repeated Guid with the instance the first
 * one created. So a 5xx, a cut connection or an uncertain outcome is tried again instead of reported.
 */
const SUBMIT_ATTEMPTS = 4;
/** Attempts at a card post that failed on the way (a 5xx, a timeout). */
const TRANSIENT_ATTEMPTS = 3;
/**
 * Attempts at recording the instance and its card (throttling, a lost answer): by then the query
 * runs, and without its record it would get no notice, so the store is given about 6 s to recover.
 */
const STORE_ATTEMPTS = 6;

/**
 * Submits the SQL and posts the job card. Safe to run twice for one request: the job Guid is derived
 * from the Slack request id, so MaxCompute returns the same instance; the store keeps the first
 * record; and a card already attached is not posted again.
 */
export async function runJob(job: RunJob, deps: FrontDoorDeps, signal: AbortSignal): Promise<void> {
  const caller = await callerOf(job, deps);
  if (caller === undefined) return;
  const checked = await checkCost(job, caller.gateway, deps, signal);
  if (checked.kind === 'stopped') return;
  await submitRun(job, { cost: checked.cost, price: checked.price }, caller, deps, signal);
}

/**
 * Who the run's submitter is to MaxCompute now (issue #17); when they may not run anything (no
 * identity in person mode, the mappings unreadable), they are told privately and undefined returned.
 */
export async function callerOf(job: RunJob, deps: FrontDoorDeps): Promise<Caller | undefined> {
  try {
    return await deps.callers.of(job.origin.userId);
  } catch (error) {
    await tellFailure(job, error, 'identity refused or unknown', deps);
    return undefined;
  }
}

async function tellFailure(job: RunJob, error: unknown, what: string, deps: FrontDoorDeps): Promise<void> {
  const { origin } = job;
  const t = translator(origin.userLocale as Locale);
  const described = describeError(error, t, { project: job.project });
  await deliver(deps, origin, errorNotice(described.explanation, described.original, t));
  deps.logger.warn(what, {
    requestId: origin.requestId,
    error: error instanceof Error ? error.message : String(error),
  });
}

/** What is known of a run before it is submitted: its estimate, and the held query's card when it was held. */
export interface RunKnowns {
  readonly cost: TrackedCost | undefined;
  readonly price: number | undefined;
  readonly heldCardTs?: string;
  /** Who let the held run go, for its card. */
  readonly release?: TrackedRelease;
}

/**
 * Submits, tracks, adds the estimate to the day's spend and shows the job card: a new message, or the
 * held query's card made into it. Also the path of a held query once confirmed or approved.
 */
export async function submitRun(
  job: RunJob,
  known: RunKnowns,
  caller: Caller,
  deps: FrontDoorDeps,
  signal: AbortSignal,
): Promise<InstanceKey | undefined> {
  const { origin } = job;
  const pause = { now: deps.now, sleep: deps.sleep, signal };
  const key = await submitQuery(job, caller.gateway, deps, pause);
  if (key === undefined) return undefined;
  const links = await caller.gateway.logview(key, { signal }).catch(() => []);
  const recorded = { ...known, logviewUrl: links[0]?.url, runAs: recordedRunAs(caller) };
  const instance = await trackInstance(job, key, recorded, deps, pause);
  if (known.price !== undefined) {
    const spend = { ...origin, runId: origin.requestId, amount: known.price };
    await attempts(STORE_ATTEMPTS, isRetryable, () => recordSpend(deps.spend, deps.cost, spend, deps.now()), pause);
  }
  audit(deps.logger, {
    event: 'worker',
    action: 'submit',
    team: origin.teamId,
    channel: origin.channelId,
    user: origin.userId,
    requestId: origin.requestId,
    outcome: 'submitted',
    ...key,
  });
  if (instance.cardTs !== undefined) return key;
  if (known.heldCardTs !== undefined) {
    await new JobCardOwner(deps.poster, deps.now).adopt(instance, known.heldCardTs, links[0]?.url);
    await attempts(STORE_ATTEMPTS, isRetryable, () => deps.store.attachCard(key, known.heldCardTs as string), pause);
    return key;
  }
  const ts = await postCard(job, instance, links[0]?.url, deps, pause);
  if (ts === undefined) return key;
  await attempts(STORE_ATTEMPTS, isRetryable, () => deps.store.attachCard(key, ts), pause);
  await removeAcknowledgement(deps, origin);
  return key;
}

type Pause = Parameters<typeof attempts>[3];

/** Submits with the job Guid, retried while that is safe; a failure is told to the person, undefined returned. */
async function submitQuery(
  job: RunJob,
  gateway: MaxComputeGateway,
  deps: FrontDoorDeps,
  pause: Pause,
): Promise<InstanceKey | undefined> {
  const { origin } = job;
  try {
    return await attempts(
      SUBMIT_ATTEMPTS,
      (error) => (error instanceof GatewayError && error.code === 'submit_outcome_unknown') || isRetryable(error),
      () =>
        gateway.submitSql(
          {
            project: job.project,
            sql: job.sql,
            hints: job.hints,
            guid: `odps-chatops-${origin.requestId}`,
            ...(job.priority === undefined ? {} : { priority: job.priority }),
          },
          { signal: pause.signal },
        ),
      pause,
    );
  } catch (error) {
    await tellFailure(job, error, 'submission failed', deps);
    return undefined;
  }
}

/** The instance runs from here on: losing its record would lose its notice, so a failed write is tried again. */
function trackInstance(
  job: RunJob,
  key: InstanceKey,
  known: Pick<RunKnowns, 'cost' | 'release'> & {
    readonly logviewUrl: string | undefined;
    readonly runAs: RunAs | undefined;
  },
  deps: FrontDoorDeps,
  pause: Pause,
): Promise<TrackedInstance> {
  const { origin } = job;
  const { logviewUrl, cost, release, runAs } = known;
  const now = deps.now();
  const record: TrackedInstance = {
    ...key,
    teamId: origin.teamId,
    channelId: origin.channelId,
    requestedBy: origin.userId,
    origin: 'run',
    trackedAt: now,
    ...storedSql(job.sql),
    locale: origin.channelLocale,
    mentions: job.mention ? [origin.userId] : [],
    ...(job.previewRows === undefined ? {} : { previewRows: job.previewRows }),
    ...(logviewUrl ? { logviewUrl } : {}),
    ...(cost ? { cost } : {}),
    ...(release ? { release } : {}),
    ...(runAs ? { runAs } : {}),
    status: 'Running',
    updatedAt: now,
  };
  return attempts(STORE_ATTEMPTS, isRetryable, async () => (await deps.store.track(record)).instance, pause);
}

/**
 * What the record keeps of who ran it: the person's role session, or that an unmapped person ran as
 * the bot (person-or-bot mode), which the card says; nothing in bot mode, where everyone is the bot.
 */
function recordedRunAs(caller: Caller): RunAs | undefined {
  const { identity } = caller;
  return identity.kind === 'bot' && identity.reason === 'mode' ? undefined : caller.runAs;
}

/** Posts the job card; when the channel refuses it, the person is told privately and undefined returned. */
async function postCard(
  job: RunJob,
  instance: TrackedInstance,
  logviewUrl: string | undefined,
  deps: FrontDoorDeps,
  pause: Pause,
): Promise<string | undefined> {
  const cards = new JobCardOwner(deps.poster, deps.now);
  try {
    return await attempts(
      TRANSIENT_ATTEMPTS,
      // Slack's own answers (not_in_channel, …) stand, and a rate limit was already waited out.
      (error) =>
        slackErrorCode(error) === undefined && (error as { code?: unknown }).code !== 'slack_webapi_rate_limited_error',
      () => cards.post(instance, undefined, logviewUrl, CARD_RATE_LIMIT_PATIENCE_MS),
      pause,
    );
  } catch (error) {
    // The instance runs and is tracked; the channel just cannot show the card. Say so privately.
    const t = translator(job.origin.userLocale as Locale);
    const described = describeError(error, t, instance);
    await deliver(deps, job.origin, errorNotice(described.explanation, slackErrorCode(error), t));
    return undefined;
  }
}

/**
 * Runs `call` up to `max` times while `again(error)` says another attempt may do better, with a short
 * growing pause (0.2 s, 0.4 s, …) and never past the job's signal.
 */
function attempts<T>(
  max: number,
  again: (error: unknown) => boolean,
  call: () => Promise<T>,
  pause: { readonly now: FrontDoorDeps['now']; readonly sleep: FrontDoorDeps['sleep']; readonly signal: AbortSignal },
): Promise<T> {
  return withRetries(call, {
    policy: doublingPolicy(max - 1, 200),
    clock: { now: pause.now, sleep: pause.sleep },
    signal: pause.signal,
    retryIf: again,
  });
}
