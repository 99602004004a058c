import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { StandinFailure } from '../../src/slack-standin/index.ts';
import type { TrackerNotifier } from '../../src/tracker/notifier.ts';
import type { Poller } from '../../src/tracker/poller.ts';
import { type FaultyStore, faultyStore } from '../support/faulty-store.ts';
import { BOT_TOKEN, PROJECT, useFrontDoor } from '../support/front-door.ts';
import { seededRandom } from '../support/seeded-random.ts';
import {
  activeNotices,
  buildPoller,
  cardsIn,
  drainStandinFailures,
  noticeCounts,
  slackNotifier,
  slowResultGateway,
  type Tickable,
  tally,
  tickSafely,
  trackerGateway,
} from '../support/tracker-harness.ts';

/**
 * Reliability of the final notice under one fault at a time, then all at once. Per fault: N
 * instances go through the front door and end; pollers tick FAULT_ROUNDS times with the fault on;
 * the fault is cleared and the stack's poller ticks until every notice is delivered and done.
 * Every instance must get exactly one notice, within 3 ticks of the fault clearing, and no tick
 * may throw. Each fault prints a row of the table for docs/reliability.md.
 */

const N = 12;
const FAULT_ROUNDS = 3;
const MAX_TICKS_AFTER = 8;
const LEASE_MS = 300;
/** Shorter than the 2 s stall, so a stalled read is retried instead of held. */
const TRACKER_REQUEST_TIMEOUT_MS = 250;
const SLACK_METHODS = [
  'chat.postMessage',
  'chat.update',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
] as const;

const door = await useFrontDoor({
  emulator: { defaultDurationMs: 150, random: seededRandom(20240315) },
  poller: { leaseMs: LEASE_MS },
});
const gateway = trackerGateway(door, PROJECT, TRACKER_REQUEST_TIMEOUT_MS);
const pollerOptions = { leaseMs: LEASE_MS };

interface Row {
  readonly fault: string;
  readonly instances: number;
  readonly deliveredDuringFault: number;
  readonly notices: number;
  readonly duplicates: number;
  readonly lost: number;
  readonly ticksAfterClear: number;
  readonly leaseWaits: number;
  readonly tickErrors: number;
  readonly tickThrows: number;
  readonly fileDuplicates: number;
  readonly eventDuplicates: number;
  readonly injected: string;
}
const rows: Row[] = [];
after(() => {
  console.log(`\n${markdownTable(rows)}`);
});

interface Scenario {
  readonly fault: string;
  /** Turns the fault on (again) before each round. */
  readonly arm: (round: number) => void;
  /** Pollers that tick, concurrently, in one round with the fault on. */
  readonly pollers: () => Tickable[];
  readonly clear: () => Promise<void>;
  /** What was injected, for the table. */
  readonly injected: () => string;
}

let channelSeq = 0;

/** Runs N instances through `/odps run` in a channel of their own; returns their cards. */
async function submit(): Promise<{ channelId: string; cards: Map<string, string> }> {
  channelSeq++;
  const channelId = `CFAULT${String(channelSeq).padStart(2, '0')}`;
  const replies = await Promise.all(
    Array.from({ length: N }, (_, n) =>
      door.command(
        // Every other one leaves rows out of its preview, so its notice uploads the whole CSV too.
        n % 2 === 0 ? `run select ${channelSeq * 100 + n}` : `run --limit 2 select * from pyodps_iris limit ${10 + n}`,
        { channelId },
      ),
    ),
  );
  for (const reply of replies) assert.equal(reply.statusCode, 200);
  await door.drain();
  const cards = cardsIn(door.standin, channelId);
  assert.equal(cards.size, N, 'one card per submitted instance');
  return { channelId, cards };
}

async function waitEnded(ids: readonly string[]): Promise<void> {
  const pending = new Set(ids);
  for (let attempt = 0; attempt < 100 && pending.size > 0; attempt++) {
    for (const id of [...pending]) {
      const { status } = await door.parts.gateway.describe({ project: PROJECT, instanceId: id });
      if (status === 'Terminated') pending.delete(id);
    }
    if (pending.size > 0) await sleep(50);
  }
  assert.equal(pending.size, 0, 'instances ended before the fault');
}

/** Ms until the last live claim among `ids` lapses (0 when none is held). */
async function leaseLeft(ids: readonly string[]): Promise<number> {
  const active = await activeNotices(door.store);
  let until = 0;
  for (const id of ids) {
    const notice = active.get(id);
    if (notice?.state === 'claimed' && notice.leaseUntil !== undefined) until = Math.max(until, notice.leaseUntil);
  }
  return Math.max(0, until - Date.now());
}

async function allDone(ids: readonly string[], channelId: string, cards: Map<string, string>): Promise<boolean> {
  const counts = noticeCounts(door.standin, channelId, cards);
  const active = await activeNotices(door.store);
  return ids.every((id) => (counts.get(id) ?? 0) > 0 && !active.has(id));
}

async function runScenario(scenario: Scenario): Promise<Row> {
  const { channelId, cards } = await submit();
  const ids = [...cards.keys()];
  await waitEnded(ids);
  let tickErrors = 0;
  let tickThrows = 0;
  const thrown: unknown[] = [];
  const tick = async (poller: Tickable) => {
    const outcome = await tickSafely(poller);
    if (outcome.report) tickErrors += outcome.report.errors;
    else {
      tickThrows++;
      thrown.push(outcome.threw);
    }
  };

  for (let round = 0; round < FAULT_ROUNDS; round++) {
    scenario.arm(round);
    await Promise.all(scenario.pollers().map(tick));
  }
  await scenario.clear();
  const injected = scenario.injected();
  const deliveredDuringFault = [...noticeCounts(door.standin, channelId, cards).values()].filter((c) => c > 0).length;

  let ticksAfterClear = 0;
  let leaseWaits = 0;
  while (!(await allDone(ids, channelId, cards)) && ticksAfterClear < MAX_TICKS_AFTER) {
    const wait = await leaseLeft(ids);
    if (wait > 0) {
      leaseWaits++;
      await sleep(wait + 25);
    }
    await tick(door.poller);
    ticksAfterClear++;
  }
  const done = await allDone(ids, channelId, cards);

  const counts = noticeCounts(door.standin, channelId, cards);
  const { delivered, duplicates, lost } = tally(counts);
  const files = door.standin.files().filter((file) => file.channelId === channelId);
  const fileDuplicates = ids.reduce(
    (sum, id) => sum + Math.max(0, files.filter((file) => file.filename.startsWith(`${id}.`)).length - 1),
    0,
  );
  const eventDuplicates = ids.reduce(
    (sum, id) => sum + Math.max(0, door.publisher.terminated.filter((event) => event.instanceId === id).length - 1),
    0,
  );
  const row: Row = {
    fault: scenario.fault,
    instances: N,
    deliveredDuringFault,
    notices: delivered,
    duplicates,
    lost,
    ticksAfterClear: done ? ticksAfterClear : -1,
    leaseWaits,
    tickErrors,
    tickThrows,
    fileDuplicates,
    eventDuplicates,
    injected,
  };
  rows.push(row);
  console.log(
    `[${row.fault}] notices ${row.notices}/${N}, duplicates ${duplicates}, lost ${lost}, ` +
      `ticks after clearing ${row.ticksAfterClear} (lease waits ${leaseWaits}), tick errors ${tickErrors}, ` +
      `tick throws ${tickThrows}${thrown.length ? ` (${describeError(thrown[0])})` : ''}, ` +
      `file dups ${fileDuplicates}, event dups ${eventDuplicates}; injected: ${injected}`,
  );
  return row;
}

function assertReliable(row: Row): void {
  assert.deepEqual(
    {
      duplicates: row.duplicates,
      lost: row.lost,
      tickThrows: row.tickThrows,
      doneWithinThreeTicksAfterClear: row.ticksAfterClear >= 0 && row.ticksAfterClear <= 3,
    },
    { duplicates: 0, lost: 0, tickThrows: 0, doneWithinThreeTicksAfterClear: true },
    JSON.stringify(row),
  );
}

// --- fault parts, combined by the scenarios below -------------------------------------------------

function emulatorFault(patch: Parameters<typeof door.emulator.faults.set>[0]) {
  return {
    arm: () => door.emulator.faults.set(patch),
    clear: async () => door.emulator.faults.reset(),
    injected: () => `emulator ${JSON.stringify(patch)}`,
  };
}

/** Queues `perRound` failures of each Slack method the notice uses, before every round. */
function slackFault(failures: (round: number) => StandinFailure, perRound: number) {
  const refused = () => door.standin.calls().filter((call) => call.status !== 200).length;
  let armed = 0;
  let start = 0;
  let answered = 0;
  return {
    arm: (round: number) => {
      if (round === 0) start = refused();
      for (const method of SLACK_METHODS) door.standin.failNext(method, failures(round), perRound);
      armed += perRound * SLACK_METHODS.length;
    },
    clear: async () => {
      answered = refused() - start;
      for (const method of SLACK_METHODS) await drainStandinFailures(door.standin, BOT_TOKEN, method);
    },
    injected: () => `Slack: ${armed} failures queued, ${answered} hit the tracker`,
  };
}

function storeFault(when: 'before' | 'after'): { faulty: FaultyStore; injected: () => string } {
  const faulty = faultyStore(door.store, {
    methods: ['listActive', 'claimNotice', 'recordNoticeStep', 'recordProgress', 'releaseNotice', 'completeNotice'],
    every: 3,
    when,
  });
  const counts = () => [...faulty.injected].map(([method, count]) => `${method}×${count}`).join(' ');
  return { faulty, injected: () => `store (${when === 'before' ? 'refused' : 'applied, reply lost'}): ${counts()}` };
}

/** A poller process that dies after claiming, before posting: the post throws, and it never gets to release. */
function dyingPoller(): Poller {
  const real = slackNotifier(door);
  const notifier: TrackerNotifier = {
    redrawCard: (record, description) => real.redrawCard(record, description),
    finishCard: (instance, description, logview, outcome) => real.finishCard(instance, description, logview, outcome),
    postNotice: async () => {
      throw new Error('poller died between claim and post');
    },
    needsResultFile: (instance, notice) => real.needsResultFile(instance, notice),
    uploadResultFile: (instance, threadTs, notice) => real.uploadResultFile(instance, threadTs, notice),
    findPostedNotice: (instance) => real.findPostedNotice(instance),
  };
  const store = faultyStore(door.store, { methods: [], every: 1, refuse: ['releaseNotice'] }).store;
  return buildPoller(door, { store, gateway, notifier, options: pollerOptions });
}

const healthyPoller = () => buildPoller(door, { gateway, options: pollerOptions });

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function markdownTable(table: readonly Row[]): string {
  const head = [
    'fault',
    'instances',
    'notices',
    'duplicates',
    'lost',
    'delivered during fault',
    'ticks after clearing',
    'lease waits',
    'tick errors',
    'tick throws',
    'CSV dups',
    'event dups',
  ];
  const lines = table.map((row) =>
    [
      row.fault,
      row.instances,
      row.notices,
      row.duplicates,
      row.lost,
      row.deliveredDuringFault,
      row.ticksAfterClear < 0 ? `not done after ${MAX_TICKS_AFTER}` : row.ticksAfterClear,
      row.leaseWaits,
      row.tickErrors,
      row.tickThrows,
      row.fileDuplicates,
      row.eventDuplicates,
    ].join(' | '),
  );
  return [head.join(' | '), head.map(() => '---').join(' | '), ...lines].map((line) => `| ${line} |`).join('\n');
}

// --- the scenarios ------------------------------------------------------------------------------------

describe('final notices under faults: exactly one each, none lost, caught up within 3 ticks', () => {
  it('MaxCompute answers 20 % of requests with 5xx', async () => {
    const fault = emulatorFault({ errorRate: 0.2 });
    assertReliable(await runScenario({ fault: 'MaxCompute 5xx 20 %', ...fault, pollers: () => [healthyPoller()] }));
  });

  it('MaxCompute stalls 20 % of replies for 2 s (tracker request timeout 250 ms)', async () => {
    const fault = emulatorFault({ stallRate: 0.2, stallMs: 2000 });
    assertReliable(
      await runScenario({ fault: 'MaxCompute 2 s stalls 20 %', ...fault, pollers: () => [healthyPoller()] }),
    );
  });

  it('a MaxCompute read after the claim outlives the lease while a second poller overlaps', async () => {
    // Poller A's result read takes 5 leases (a stall the client's retry deadline allows: 30 s against
    // a 20 s lease in production); poller B starts 2 leases later, as the next scheduled invocation would.
    const slow = buildPoller(door, { gateway: slowResultGateway(gateway, 5 * LEASE_MS), options: pollerOptions });
    const late: Tickable = {
      tick: async () => {
        await sleep(2 * LEASE_MS);
        return healthyPoller().tick();
      },
    };
    let round = 0;
    assertReliable(
      await runScenario({
        fault: 'MaxCompute read outlives the lease, 2nd poller overlapping',
        arm: () => {
          round++;
        },
        pollers: () => (round === 1 ? [slow, late] : [slow]),
        clear: async () => {},
        injected: () => `result() held ${5 * LEASE_MS} ms (lease ${LEASE_MS} ms)`,
      }),
    );
  });

  it('Slack answers 429 with Retry-After on chat.postMessage, chat.update and the file upload', async () => {
    const fault = slackFault(() => ({ kind: 'ratelimited', retryAfterSeconds: 1 }), 4);
    assertReliable(
      await runScenario({ fault: 'Slack 429 (Retry-After 1 s)', ...fault, pollers: () => [healthyPoller()] }),
    );
  });

  it('Slack answers 5xx on chat.postMessage, chat.update and the file upload', async () => {
    const fault = slackFault((round) => ({ kind: 'http', status: round % 2 === 0 ? 503 : 500 }), 8);
    assertReliable(await runScenario({ fault: 'Slack 5xx', ...fault, pollers: () => [healthyPoller()] }));
  });

  it('the store refuses every 3rd call of the poller’s methods (retryable StoreUnavailableError)', async () => {
    const { faulty, injected } = storeFault('before');
    assertReliable(
      await runScenario({
        fault: 'store errors, every 3rd call refused',
        arm: () => {},
        pollers: () => [buildPoller(door, { store: faulty.store, gateway, options: pollerOptions })],
        clear: async () => {
          faulty.enabled = false;
        },
        injected,
      }),
    );
  });

  it('the store applies every 3rd call but its reply is lost (retryable StoreUnavailableError)', async () => {
    const { faulty, injected } = storeFault('after');
    assertReliable(
      await runScenario({
        fault: 'store errors, every 3rd reply lost',
        arm: () => {},
        pollers: () => [buildPoller(door, { store: faulty.store, gateway, options: pollerOptions })],
        clear: async () => {
          faulty.enabled = false;
        },
        injected,
      }),
    );
  });

  it('a poller dies between claim and post, every round', async () => {
    assertReliable(
      await runScenario({
        fault: 'poller dies between claim and post',
        arm: () => {},
        pollers: () => [dyingPoller()],
        clear: async () => {},
        injected: () => `${FAULT_ROUNDS} dying pollers`,
      }),
    );
  });

  it('all of them at once, with a dying poller overlapping a faulty one', async () => {
    const emulator = emulatorFault({ errorRate: 0.2, stallRate: 0.2, stallMs: 2000 });
    const slack = slackFault(
      (round) => (round === 1 ? { kind: 'http', status: 503 } : { kind: 'ratelimited', retryAfterSeconds: 1 }),
      2,
    );
    const store = storeFault('before');
    const faultyPoller = () => buildPoller(door, { store: store.faulty.store, gateway, options: pollerOptions });
    assertReliable(
      await runScenario({
        fault: 'all together',
        arm: (round) => {
          emulator.arm();
          slack.arm(round);
        },
        pollers: () => [faultyPoller(), dyingPoller()],
        clear: async () => {
          await emulator.clear();
          await slack.clear();
          store.faulty.enabled = false;
        },
        injected: () => [emulator.injected(), slack.injected(), store.injected()].join('; '),
      }),
    );
  });
});
