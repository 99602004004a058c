import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { ClientGateway } from '../../src/gateway/client-gateway.ts';
import { MaxComputeClient } from '../../src/maxcompute/client.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../src/runtime/local.ts';
import { pollerParts } from '../../src/runtime/poller-parts.ts';
import { rapidRetryPolicy } from '../../src/shared/retry-policy.ts';
import type { SlackStandin, StandinMessage } from '../../src/slack-standin/index.ts';
import { oneReader } from '../../src/tracker/instance-readers.ts';
import type { MaxComputeGateway } from '../../src/tracker/maxcompute-gateway.ts';
import type { TrackerNotifier } from '../../src/tracker/notifier.ts';
import { Poller, type PollerOptions, type TickReport } from '../../src/tracker/poller.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';

/**
 * Helpers for tracker reliability tests: pollers built from a local stack's parts (with their own
 * store, gateway or notifier when a test injects faults), and counts of what reached the Slack
 * stand-in. Works on `startLocalStack` directly (any store, e.g. DynamoDB on dynalite) and on
 * `useFrontDoor`'s result alike.
 */

/** The parts of a local stack a poller is built from; `useFrontDoor()` returns them too. */
export type StackParts = Pick<LocalStack, 'emulator' | 'standin' | 'store' | 'publisher' | 'frontDoor' | 'parts'>;

/** A local stack (silent logs unless told otherwise), closed after the file's tests. */
export async function useTrackerStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const stack = await startLocalStack({ logger: silentLogger, ...options });
  after(() => stack.close());
  return stack;
}

/** A MaxCompute client on the stack's emulator, with the test retry policy and its own request timeout. */
export function emulatorClient(stack: StackParts, project: string, requestTimeoutMs = 15_000): MaxComputeClient {
  return new MaxComputeClient({
    endpoint: stack.emulator.endpoint,
    project,
    credentials: DEMO_ACCOUNT,
    retryPolicy: rapidRetryPolicy,
    requestTimeoutMs,
  });
}

/** The tracker's gateway on a client of its own (e.g. a request timeout shorter than an injected stall). */
export function trackerGateway(stack: StackParts, project: string, requestTimeoutMs: number): MaxComputeGateway {
  return new ClientGateway(emulatorClient(stack, project, requestTimeoutMs));
}

/** The notifier production's poller runs on (its own Slack client: no retries inside it, a 10 s timeout). */
export function slackNotifier(stack: StackParts): TrackerNotifier {
  return pollerParts(stack.parts).deps.notifier;
}

/** Another poller on the same stack, as a second Lambda invocation would be; any part may be swapped. */
export function buildPoller(
  stack: StackParts,
  parts: {
    store?: InstanceStore;
    gateway?: MaxComputeGateway;
    notifier?: TrackerNotifier;
    options?: Partial<PollerOptions>;
  } = {},
): Poller {
  // Production's poller parts (src/runtime/poller-parts.ts), quiet, with the swapped ones in place.
  const production = pollerParts(stack.parts).deps;
  return new Poller(
    {
      ...production,
      store: parts.store ?? production.store,
      gateway: parts.gateway ?? production.gateway,
      // A swapped gateway reads the instances too, as the bot's does in production's bot mode.
      readers: parts.gateway ? oneReader(parts.gateway) : production.readers,
      notifier: parts.notifier ?? production.notifier,
      logger: silentLogger,
    },
    parts.options,
  );
}

/** Anything that ticks like a Poller (a poller, or one wrapped to start late). */
export interface Tickable {
  tick(): Promise<TickReport>;
}

/** One tick that records instead of throwing: `tick()` is meant never to throw. */
export async function tickSafely(
  poller: Tickable,
): Promise<{ report: TickReport; threw?: undefined } | { report?: undefined; threw: unknown }> {
  try {
    return { report: await poller.tick() };
  } catch (threw) {
    return { threw };
  }
}

export function instanceIdOf(message: Pick<StandinMessage, 'metadata'>): string | undefined {
  const metadata = message.metadata as { event_payload?: { instance_id?: unknown } } | undefined;
  const id = metadata?.event_payload?.instance_id;
  return typeof id === 'string' ? id : undefined;
}

/** Job cards in a channel: instance id -> card ts (top-level bot messages carrying the id in metadata). */
export function cardsIn(standin: SlackStandin, channelId: string): Map<string, string> {
  const cards = new Map<string, string>();
  for (const message of standin.channel(channelId)) {
    const id = instanceIdOf(message);
    if (id !== undefined && message.threadTs === undefined && !cards.has(id)) cards.set(id, message.ts);
  }
  return cards;
}

/** Final notices per instance: replies in the instance's card thread carrying its id in metadata. */
export function noticeCounts(
  standin: SlackStandin,
  channelId: string,
  cards: Map<string, string>,
): Map<string, number> {
  const counts = new Map<string, number>([...cards.keys()].map((id) => [id, 0]));
  for (const message of standin.channel(channelId)) {
    const id = instanceIdOf(message);
    if (id !== undefined && message.threadTs !== undefined && message.threadTs === cards.get(id)) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  return counts;
}

/** Duplicated and missing notices among `counts`. */
export function tally(counts: Map<string, number>): { delivered: number; duplicates: number; lost: number } {
  let delivered = 0;
  let duplicates = 0;
  let lost = 0;
  for (const count of counts.values()) {
    delivered += count;
    duplicates += Math.max(0, count - 1);
    if (count === 0) lost++;
  }
  return { delivered, duplicates, lost };
}

/** Everything the store still lists as owed a notice, by instance id. */
export async function activeNotices(store: InstanceStore) {
  const active = new Map<string, { state?: string; leaseUntil?: number }>();
  for await (const instance of store.listActive()) {
    active.set(instance.instanceId, { state: instance.notice?.state, leaseUntil: instance.notice?.leaseUntil });
  }
  return active;
}

/** The gateway with `result` (the first read after the claim) held back `delayMs`: a read slower than the lease. */
export function slowResultGateway(inner: MaxComputeGateway, delayMs: number): MaxComputeGateway {
  return new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (property !== 'result') return (...args: unknown[]) => Reflect.apply(value, target, args);
      return async (...args: unknown[]) => {
        await sleep(delayMs);
        return Reflect.apply(value, target, args);
      };
    },
  });
}

/** Consumes failures still queued by `failNext` for `method`, with harmless calls, so a cleared fault is cleared. */
export async function drainStandinFailures(standin: SlackStandin, botToken: string, method: string): Promise<number> {
  for (let drained = 0; drained < 1000; drained++) {
    const response = await fetch(`${standin.apiUrl}${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${botToken}`, 'content-type': 'application/json; charset=utf-8' },
      body: '{}',
    });
    await response.arrayBuffer();
    if (response.status === 200) return drained;
  }
  throw new Error(`failures for ${method} never drained`);
}
