import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalStack } from '../../src/runtime/local.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';
import { trackedInstance } from '../store/contract-support.ts';
import { buildPoller, emulatorClient, tickSafely, useTrackerStack } from './tracker-harness.ts';

/**
 * Overlapping pollers over many tracked instances. The instances go straight to the emulator, and
 * their cards straight to the Slack stand-in, so the run measures the tracker rather than the front
 * door; notices are counted from the stand-in's record of accepted chat.postMessage calls.
 */

const PROJECT = 'load_proj';
const CHANNEL = 'C0LOAD';
const SUBMIT_CONCURRENCY = 32;
export const POLLERS = 4;
const MAX_TICKS = 30;

async function inPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        await work(item);
      }
    }),
  );
}

/** Submits `count` short instances, tracks each and posts its card; returns instance id -> card ts. */
async function trackMany(stack: LocalStack, count: number): Promise<Map<string, string>> {
  const client = emulatorClient(stack, PROJECT);
  const poster = stack.frontDoor.deps.poster;
  const cards = new Map<string, string>();
  await inPool(
    Array.from({ length: count }, (_, n) => n),
    SUBMIT_CONCURRENCY,
    async (n) => {
      const sql = `select ${n} as n`;
      const instance = await client.runSql(sql, { hints: { 'emulator.duration.ms': 100 } });
      const now = Date.now();
      const key = { project: PROJECT, instanceId: instance.id };
      await stack.store.track(
        trackedInstance(key, {
          teamId: 'T0LOAD',
          channelId: CHANNEL,
          requestedBy: 'U0LOAD',
          sql,
          mentions: [],
          trackedAt: now,
          updatedAt: now,
        }),
      );
      const ts = await poster.post(
        CHANNEL,
        { text: `job card ${instance.id}`, blocks: [] },
        { metadata: { project: PROJECT, instance_id: instance.id } },
      );
      await stack.store.attachCard(key, ts);
      cards.set(instance.id, ts);
    },
  );
  return cards;
}

/** Threaded notices per instance, from the stand-in's record of accepted chat.postMessage calls. */
function noticesPerInstance(stack: LocalStack, cards: Map<string, string>) {
  const counts = new Map<string, number>([...cards.keys()].map((id) => [id, 0]));
  let strays = 0;
  for (const call of stack.standin.calls('chat.postMessage')) {
    const response = call.response as { ok?: boolean } | undefined;
    const id = (call.args.metadata as { event_payload?: { instance_id?: string } } | undefined)?.event_payload
      ?.instance_id;
    if (call.status !== 200 || response?.ok !== true || call.args.thread_ts === undefined || id === undefined) continue;
    if (call.args.thread_ts !== cards.get(id)) strays++;
    else counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return { counts, strays };
}

function overOne(counts: Map<string, number>): { duplicates: number; lost: number } {
  let duplicates = 0;
  let lost = 0;
  for (const count of counts.values()) {
    duplicates += Math.max(0, count - 1);
    if (count === 0) lost++;
  }
  return { duplicates, lost };
}

/**
 * Tracks `count` instances on a local stack over `store`, runs POLLERS pollers at once until nothing
 * is active, and asserts exactly one notice and one Instance Terminated event per instance.
 */
export async function pollersRace(name: string, store: InstanceStore, count: number): Promise<void> {
  const stack = await useTrackerStack({ project: PROJECT, store, emulator: { defaultDurationMs: 100 } });
  let started = performance.now();
  const cards = await trackMany(stack, count);
  assert.equal(cards.size, count);
  const setupMs = performance.now() - started;
  await sleep(150);

  started = performance.now();
  const pollers = Array.from({ length: POLLERS }, () => buildPoller(stack, { options: { concurrency: 16 } }));
  const ticks: number[] = [];
  let throws = 0;
  let errors = 0;
  await Promise.all(
    pollers.map(async (poller, index) => {
      ticks[index] = 0;
      for (let tick = 0; tick < MAX_TICKS; tick++) {
        const outcome = await tickSafely(poller);
        ticks[index] = tick + 1;
        if (outcome.report === undefined) throws++;
        else {
          errors += outcome.report.errors;
          if (outcome.report.tracked === 0) return;
        }
      }
    }),
  );
  const pollMs = performance.now() - started;

  const left: string[] = [];
  for await (const instance of stack.store.listActive()) left.push(instance.instanceId);
  const { counts, strays } = noticesPerInstance(stack, cards);
  const notices = overOne(counts);
  const events = new Map<string, number>([...cards.keys()].map((id) => [id, 0]));
  for (const event of stack.publisher.terminated) events.set(event.instanceId, (events.get(event.instanceId) ?? 0) + 1);
  const eventTally = overOne(events);
  const summary = {
    activeLeft: left.length,
    noticeDuplicates: notices.duplicates,
    noticesLost: notices.lost,
    strayNotices: strays,
    eventDuplicates: eventTally.duplicates,
    eventsLost: eventTally.lost,
    tickThrows: throws,
  };
  console.log(
    `[${name}] ${count} instances, ${POLLERS} pollers: ticks ${ticks.join('/')}, tick errors ${errors}, ` +
      `set-up ${Math.round(setupMs)} ms, polling ${Math.round(pollMs)} ms; ${JSON.stringify(summary)}`,
  );
  assert.deepEqual(summary, {
    activeLeft: 0,
    noticeDuplicates: 0,
    noticesLost: 0,
    strayNotices: 0,
    eventDuplicates: 0,
    eventsLost: 0,
    tickThrows: 0,
  });
}
