import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import type { StandinMessage } from '../../../src/slack-standin/index.ts';
import type { InstanceTerminatedEvent } from '../../../src/tracker/notifier.ts';
import type { TrackedInstance } from '../../../src/tracker/tracked-instance.ts';
import { seededRandom } from '../../support/seeded-random.ts';
import { newTriggerId, signSlackBody, slashCommandBody } from '../../support/slack-requests.ts';
import { PROJECT, type ReliabilityStack, SIGNING_SECRET } from './stack.ts';
import { type Spread, spread } from './stats.ts';

/**
 * Slack's side of the reliability runs: signed `/odps` commands sent over HTTP on an open-loop
 * schedule (each at its planned time, however slow the previous answers), and the tally afterwards
 * of what reached the channels, the store and the people who asked.
 */

export type CommandKind = 'run' | 'status' | 'list' | 'help';

/** What the traffic is sent to and read back from: the reliability stack, or the soak's app and stand-ins. */
export interface TrafficTarget {
  readonly eventsUrl: string;
  readonly standin: ReliabilityStack['standin'];
  instances(): Promise<Map<string, number>>;
  trackedInstances: ReliabilityStack['trackedInstances'];
  /** Instance Terminated events, when the bus can be read (undefined: not checked). */
  terminated(): InstanceTerminatedEvent[] | undefined;
  /** Waits until the worker has nothing in flight (when it can be seen). */
  drainWorker(): Promise<void>;
}
type RunShape = 'plain' | 'csv' | 'fail';

export interface TrafficPlan {
  readonly commands: number;
  readonly durationMs: number;
  readonly users: number;
  readonly channels: number;
  /** Relative weights of the kinds of command. */
  readonly mix: Readonly<Record<CommandKind, number>>;
  readonly seed: number;
  /** Channel ids are `${channelPrefix}00`…; scenarios on one stack use their own. */
  readonly channelPrefix: string;
  /** Emulated run time of each `run`, drawn uniformly from this range (ms). */
  readonly runDurationMs?: readonly [number, number];
}

export interface SentCommand {
  readonly index: number;
  readonly kind: CommandKind;
  readonly text: string;
  readonly userId: string;
  readonly channelId: string;
  readonly triggerId: string;
  readonly responseUrl: string;
  /** For runs: the number in `as m<serial>` that finds the instance again, its run time and shape. */
  readonly serial?: number;
  readonly runDurationMs?: number;
  readonly shape?: RunShape;
  sentAt: number;
  ackMs: number;
  /** HTTP status of the acknowledgement; 0 when none came. */
  status: number;
  ackText: string;
  error?: string;
}

/** Slack gives up on an acknowledgement after 3 seconds. */
export const SLACK_ACK_LIMIT_MS = 3000;
let runSerial = 0;

const loadAgent = new Agent({ connections: 256, keepAliveTimeout: 10_000, pipelining: 0 });

/** Sends the plan's commands at evenly spaced planned times; resolves when every answer is in. */
export async function sendTraffic(stack: TrafficTarget, plan: TrafficPlan): Promise<SentCommand[]> {
  const random = seededRandom(plan.seed);
  const kinds = Object.entries(plan.mix) as [CommandKind, number][];
  const totalWeight = kinds.reduce((sum, [, weight]) => sum + weight, 0);
  const pickKind = (): CommandKind => {
    let draw = random() * totalWeight;
    for (const [kind, weight] of kinds) {
      draw -= weight;
      if (draw < 0) return kind;
    }
    return 'help';
  };
  const [minRun, maxRun] = plan.runDurationMs ?? [300, 2500];
  const interval = plan.durationMs / plan.commands;
  // `status` asks about an instance that exists: ids come from the listing, refreshed every 2 s.
  let known: string[] = [];
  let sending = true;
  const refresh = (async () => {
    while (sending) {
      known = [...(await stack.instances().catch(() => new Map<string, number>())).keys()];
      await sleep(2000);
    }
  })();
  const started = performance.now();
  const sent: SentCommand[] = [];
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < plan.commands; index++) {
    const due = started + index * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const userId = `U0REL${String(Math.floor(random() * plan.users)).padStart(3, '0')}`;
    const channelId = `${plan.channelPrefix}${String(Math.floor(random() * plan.channels)).padStart(2, '0')}`;
    let kind = pickKind();
    if (kind === 'status' && known.length === 0) kind = 'help';
    let text: string;
    let run: Pick<SentCommand, 'serial' | 'runDurationMs' | 'shape'> = {};
    switch (kind) {
      case 'run': {
        const serial = ++runSerial;
        const runDurationMs = Math.round(minRun + random() * (maxRun - minRun));
        const draw = random();
        const shape: RunShape = draw < 0.15 ? 'csv' : draw < 0.2 ? 'fail' : 'plain';
        const hint = `--hint emulator.duration.ms=${runDurationMs}`;
        text =
          shape === 'csv'
            ? `run --limit 2 ${hint} select sepallength, ${serial} as m${serial} from pyodps_iris limit 12`
            : shape === 'fail'
              ? `run ${hint} --hint emulator.fail=injected select ${serial} as m${serial}`
              : `run ${hint} select ${serial} as m${serial}`;
        run = { serial, runDurationMs, shape };
        break;
      }
      case 'status':
        text = `status ${known[Math.floor(random() * known.length)]}`;
        break;
      case 'list':
        text = random() < 0.5 ? 'list' : 'list running';
        break;
      default:
        text = 'help';
    }
    const command: SentCommand = {
      index,
      kind,
      text,
      userId,
      channelId,
      triggerId: newTriggerId(),
      responseUrl: stack.standin.newResponseUrl({ channelId, userId }),
      ...run,
      sentAt: Date.now(),
      ackMs: Number.NaN,
      status: 0,
      ackText: '',
    };
    sent.push(command);
    inFlight.push(deliverCommand(stack.eventsUrl, command));
  }
  await Promise.all(inFlight);
  sending = false;
  await refresh;
  return sent;
}

async function deliverCommand(eventsUrl: string, command: SentCommand): Promise<void> {
  const body = slashCommandBody({
    text: command.text,
    userId: command.userId,
    channelId: command.channelId,
    teamId: 'T0REL',
    triggerId: command.triggerId,
    responseUrl: command.responseUrl,
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const started = performance.now();
  try {
    const response = await request(eventsUrl, {
      method: 'POST',
      dispatcher: loadAgent,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackBody(SIGNING_SECRET, body, timestamp),
      },
      body,
      // Slack itself stops waiting at 3 s; the suite waits longer to measure how late a late answer is.
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.body.text();
    command.ackMs = performance.now() - started;
    command.status = response.statusCode;
    try {
      const parsed = JSON.parse(text) as { text?: string };
      command.ackText = parsed.text ?? '';
    } catch {
      command.ackText = text;
    }
  } catch (error) {
    command.ackMs = performance.now() - started;
    command.error = error instanceof Error ? error.message : String(error);
  }
}

/**
 * Waits until the stack is quiet: the worker idle, no notice owed in the store, every instance the
 * emulator made tracked. Returns false at the deadline (the analysis then shows what is missing).
 */
export async function settle(stack: TrafficTarget, timeoutMs: number): Promise<{ settled: boolean; ms: number }> {
  const started = Date.now();
  for (;;) {
    await stack.drainWorker();
    const tracked = await stack.trackedInstances().catch(() => undefined);
    if (tracked !== undefined) {
      const ids = new Set(tracked.map((each) => each.instanceId));
      const owed = tracked.filter((each) => each.notice?.state !== 'done').length;
      if (owed === 0) {
        const instances = await stack.instances().catch(() => undefined);
        const untracked = instances === undefined ? 1 : [...instances.keys()].filter((id) => !ids.has(id)).length;
        if (untracked === 0) return { settled: true, ms: Date.now() - started };
      }
    }
    if (Date.now() - started > timeoutMs) return { settled: false, ms: Date.now() - started };
    await sleep(1000);
  }
}

export interface RunOutcome {
  readonly command: SentCommand;
  readonly instanceId?: string;
  readonly notices: number;
  readonly cardFinal: boolean;
  /** The notice was given up (Slack refuses the channel for good) and recorded as such. */
  readonly givenUp?: string;
  readonly noticeLatencyMs?: number;
  /** What the person who asked was told besides the acknowledgement (response_url answers). */
  readonly told: readonly string[];
}

export interface Tally {
  readonly commands: number;
  readonly byKind: Readonly<Record<string, number>>;
  readonly ack: Spread;
  readonly ackByKind: Readonly<Record<string, Spread>>;
  readonly non200: number;
  readonly overSlackLimit: number;
  readonly deferred: number;
  /** Deferred commands whose answer never followed through the response_url. */
  readonly deferredUnanswered: number;
  readonly runs: number;
  readonly runsAccepted: number;
  readonly instances: number;
  /** Instances MaxCompute made that the store does not know. */
  readonly untracked: number;
  readonly notices: number;
  readonly instancesNoticed: number;
  readonly duplicates: number;
  /** Tracked instances with neither a notice nor a recorded give-up; and runs accepted with no instance and no word to the user. */
  readonly lost: number;
  readonly lostRuns: readonly string[];
  readonly givenUp: number;
  readonly runsRefusedWithMessage: number;
  readonly cardsNotFinal: number;
  readonly csvFiles: number;
  readonly csvDuplicates: number;
  readonly events: number;
  readonly eventDuplicates: number;
  /** Accepted runs with at least one Instance Terminated event (NaN when the bus is not read). */
  readonly instancesWithEvent: number;
  readonly noticeLatency: Spread;
  readonly stillActive: number;
  /** Distinct texts people saw, with counts: acknowledgements and response_url answers. */
  readonly acks: Readonly<Record<string, number>>;
  readonly answers: Readonly<Record<string, number>>;
  readonly sampleNotice?: string;
  readonly sampleCard?: string;
  readonly runOutcomes: readonly RunOutcome[];
}

const CARD_TEXT = /^MaxCompute instance \S+ in \S+: (\w+)$/;
const FINAL_CARD = new Set(['Succeeded', 'Failed', 'Stopped']);

/** What happened to every command of `sent`, from the stand-in, the store and the emulator. */
export async function tally(stack: TrafficTarget, sent: readonly SentCommand[]): Promise<Tally> {
  const channels = new Set(sent.map((command) => command.channelId));
  const cards = new Map<string, StandinMessage>();
  const notices = new Map<string, StandinMessage[]>();
  for (const channelId of channels) {
    for (const message of stack.standin.channel(channelId)) {
      const id = instanceIdOf(message);
      if (id === undefined || message.ephemeralTo !== undefined) continue;
      if (message.threadTs === undefined && CARD_TEXT.test(message.text ?? '')) {
        if (!cards.has(id)) cards.set(id, message);
      } else {
        notices.set(id, [...(notices.get(id) ?? []), message]);
      }
    }
  }
  const tracked = await stack.trackedInstances();
  const created = await stack.instances();
  const bySerial = new Map<number, TrackedInstance>();
  for (const instance of tracked) {
    const serial = /\bas m(\d+)\b/.exec(instance.sql ?? '')?.[1];
    if (serial !== undefined) bySerial.set(Number(serial), instance);
  }
  const trackedIds = new Set(tracked.map((each) => each.instanceId));
  const responsesByUrl = new Map<string, string[]>();
  for (const response of stack.standin.responses()) {
    const text = typeof response.body.text === 'string' ? response.body.text : JSON.stringify(response.body);
    responsesByUrl.set(response.url, [...(responsesByUrl.get(response.url) ?? []), text]);
  }
  const files = stack.standin.files();
  const events = stack.terminated() ?? [];
  const eventsChecked = stack.terminated() !== undefined;

  const runOutcomes: RunOutcome[] = [];
  const lostRuns: string[] = [];
  let runsRefusedWithMessage = 0;
  for (const command of sent.filter((each) => each.kind === 'run')) {
    const told = responsesByUrl.get(command.responseUrl) ?? [];
    const instance = command.serial === undefined ? undefined : bySerial.get(command.serial);
    if (instance === undefined) {
      if (command.status === 200 && !/^Submitting/.test(command.ackText)) runsRefusedWithMessage++;
      else if (told.length > 0) runsRefusedWithMessage++;
      else lostRuns.push(`${command.text} (ack ${command.status} ${command.ackText || command.error || ''})`);
      runOutcomes.push({ command, notices: 0, cardFinal: false, told });
      continue;
    }
    const id = instance.instanceId;
    const posted = (notices.get(id) ?? []).filter((message) => {
      const card = cards.get(id);
      return card === undefined ? message.threadTs === undefined : message.threadTs === card.ts;
    });
    const card = cards.get(id);
    const cardState = CARD_TEXT.exec(card?.text ?? '')?.[1];
    const createdAt = created.get(id);
    const first = posted[0];
    const endedAt = createdAt === undefined ? undefined : createdAt + (command.runDurationMs ?? 0);
    runOutcomes.push({
      command,
      instanceId: id,
      notices: posted.length,
      cardFinal: cardState !== undefined && FINAL_CARD.has(cardState),
      givenUp: (instance.notice as { undeliverable?: string } | undefined)?.undeliverable,
      noticeLatencyMs: first !== undefined && endedAt !== undefined ? Number(first.ts) * 1000 - endedAt : undefined,
      told,
    });
  }

  const accepted = runOutcomes.filter((outcome) => outcome.instanceId !== undefined);
  const lost =
    accepted.filter((outcome) => outcome.notices === 0 && outcome.givenUp === undefined).length + lostRuns.length;
  const deferred = sent.filter((command) => /slow to answer|working on it|still working/i.test(command.ackText));
  const count = (values: readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  const firstLine = (text: string) => text.split('\n')[0]?.slice(0, 140) ?? '';
  const csvPerInstance = count(files.map((file) => file.filename.replace(/\.(csv|txt)$/, '')));
  const eventsPerInstance = count(events.map((event) => event.instanceId));
  const acceptedIds = new Set(accepted.map((outcome) => outcome.instanceId as string));
  const sampleNotice = accepted.find((outcome) => outcome.notices === 1)?.instanceId;
  // From the table itself: the stack's store may be the faulty wrapper, still failing while this runs.
  const stillActive = tracked.filter((instance) => instance.notice?.state !== 'done').length;
  const acks = sent.map((command) => command.ackMs).filter((value) => Number.isFinite(value));
  const ackByKind: Record<string, Spread> = {};
  for (const kind of ['run', 'status', 'list', 'help']) {
    ackByKind[kind] = spread(sent.filter((command) => command.kind === kind).map((command) => command.ackMs));
  }
  return {
    commands: sent.length,
    byKind: count(sent.map((command) => command.kind)),
    ack: spread(acks),
    ackByKind,
    non200: sent.filter((command) => command.status !== 200).length,
    overSlackLimit: sent.filter((command) => !(command.ackMs <= SLACK_ACK_LIMIT_MS)).length,
    deferred: deferred.length,
    deferredUnanswered: deferred.filter((command) => (responsesByUrl.get(command.responseUrl) ?? []).length === 0)
      .length,
    runs: runOutcomes.length,
    runsAccepted: accepted.length,
    instances: created.size,
    untracked: [...created.keys()].filter((id) => !trackedIds.has(id)).length,
    notices: accepted.reduce((sum, outcome) => sum + outcome.notices, 0),
    instancesNoticed: accepted.filter((outcome) => outcome.notices > 0).length,
    duplicates: accepted.reduce((sum, outcome) => sum + Math.max(0, outcome.notices - 1), 0),
    lost,
    lostRuns,
    givenUp: accepted.filter((outcome) => outcome.givenUp !== undefined).length,
    runsRefusedWithMessage,
    cardsNotFinal: accepted.filter((outcome) => cards.has(outcome.instanceId as string) && !outcome.cardFinal).length,
    csvFiles: files.filter((file) => acceptedIds.has(file.filename.replace(/\.(csv|txt)$/, ''))).length,
    csvDuplicates: Object.entries(csvPerInstance)
      .filter(([id]) => acceptedIds.has(id))
      .reduce((sum, [, n]) => sum + Math.max(0, n - 1), 0),
    events: eventsChecked ? events.filter((event) => acceptedIds.has(event.instanceId)).length : Number.NaN,
    instancesWithEvent: eventsChecked
      ? Object.keys(eventsPerInstance).filter((id) => acceptedIds.has(id)).length
      : Number.NaN,
    eventDuplicates: Object.entries(eventsPerInstance)
      .filter(([id]) => acceptedIds.has(id))
      .reduce((sum, [, n]) => sum + Math.max(0, n - 1), 0),
    noticeLatency: spread(
      accepted.map((outcome) => outcome.noticeLatencyMs).filter((value): value is number => value !== undefined),
    ),
    stillActive,
    acks: count(sent.map((command) => firstLine(command.ackText || `(${command.error ?? `HTTP ${command.status}`})`))),
    answers: count(runOutcomes.flatMap((outcome) => outcome.told.map(firstLine))),
    sampleNotice: sampleNotice === undefined ? undefined : notices.get(sampleNotice)?.[0]?.text,
    sampleCard: sampleNotice === undefined ? undefined : cards.get(sampleNotice)?.text,
    runOutcomes,
  };
}

function instanceIdOf(message: StandinMessage): string | undefined {
  const metadata = message.metadata as { event_payload?: { instance_id?: unknown; project?: unknown } } | undefined;
  const id = metadata?.event_payload?.instance_id;
  return typeof id === 'string' && metadata?.event_payload?.project === PROJECT ? id : undefined;
}

/** The tally without the per-run detail, for the results file. */
export function summary(result: Tally): Omit<Tally, 'runOutcomes'> {
  const { runOutcomes: _, ...rest } = result;
  return rest;
}
