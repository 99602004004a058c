import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { MaxComputeClient } from '../../src/maxcompute/client.ts';
import { silentLogger } from '../../src/observability/logger.ts';
import { SlackTrackerNotifier } from '../../src/slack/tracker-notifier.ts';
import { StoreUnavailableError } from '../../src/store/store-errors.ts';
import { oneReader } from '../../src/tracker/instance-readers.ts';
import type { TrackerNotifier } from '../../src/tracker/notifier.ts';
import { Poller, type PollerOptions } from '../../src/tracker/poller.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';
import { trackedInstance } from '../store/contract-support.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { waitFor } from '../support/wait-for.ts';

// A query on a missing table cannot be estimated; here it runs (and fails) rather than waiting for a
// confirmation, as ODPS_COST_ON_ESTIMATE_FAILURE=allow says: these tests are about the notices.
const door = await useFrontDoor({
  emulator: { defaultDurationMs: 200 },
  env: { ODPS_COST_ON_ESTIMATE_FAILURE: 'allow' },
});

/** Runs /odps run and returns the instance id from the job card the worker posted. */
const run = (text: string) => door.run(text);

function cardTs(id: string): string {
  const card = door.standin
    .channel('C0CHAN')
    .find((m) => m.threadTs === undefined && JSON.stringify(m.metadata ?? {}).includes(id));
  assert.ok(card?.ts, `card of ${id}`);
  return card.ts;
}

function thread(id: string) {
  const ts = cardTs(id);
  return door.standin.channel('C0CHAN').filter((m) => m.threadTs === ts);
}

function notices(id: string) {
  return thread(id).filter((m) => JSON.stringify(m.metadata ?? {}).includes(id));
}

async function untilDone(id: string): Promise<void> {
  await waitFor(
    async () => {
      await door.poller.tick();
      return notices(id).length > 0 && !(await activeIds()).includes(id) ? true : undefined;
    },
    { describe: () => `no notice for ${id}` },
  );
}

async function activeIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const instance of door.store.listActive()) ids.push(instance.instanceId);
  return ids;
}

/**
 * The store as a poller that dies mid-notice sees it: the process is gone, so it never gets to give
 * its claim back (releaseNotice); everything else is the real store.
 */
function storeOfADyingProcess(): InstanceStore {
  return storeWith({ releaseNotice: async () => {} });
}

/** A poller beside the harness's own, on the same parts unless told otherwise. */
function otherPoller(
  notifier?: TrackerNotifier,
  store: InstanceStore = door.store,
  options: Partial<PollerOptions> = {},
): Poller {
  const deps = door.frontDoor.deps;
  return new Poller(
    {
      store,
      gateway: door.parts.gateway,
      readers: oneReader(door.parts.gateway),
      notifier: notifier ?? new SlackTrackerNotifier(deps.poster, Date.now),
      events: door.publisher,
      logger: silentLogger,
      now: Date.now,
      sleep: (ms) => sleep(ms),
    },
    { leaseMs: 300, ...options },
  );
}

describe('notices', () => {
  it('success: the card ends as Succeeded, the thread gets the preview and the whole CSV, an event is published', async () => {
    const id = await run('--limit 5 select * from pyodps_iris limit 30');
    await sleep(300);
    await untilDone(id);
    const [notice] = notices(id);
    const blocks = JSON.stringify(notice?.blocks);
    assert.match(blocks, /succeeded in/);
    assert.match(blocks, /first 5 of 30 rows/);
    assert.match(blocks, /logview\/\?h=/);
    const file = door.standin.files().find((each) => each.filename === `${id}.csv`);
    assert.equal(file?.threadTs, cardTs(id));
    const card = door.standin.channel('C0CHAN').find((m) => m.ts === cardTs(id));
    assert.ok(JSON.stringify(card?.blocks).includes('Succeeded'));
    const event = door.publisher.terminated.find((each) => each.instanceId === id);
    assert.equal(event?.outcome, 'succeeded');
    assert.deepEqual(event?.taskStatuses, { AnonymousSQLTask: 'SUCCESS' });
  });

  it('failure: the failing task’s text as MaxCompute sent it', async () => {
    const id = await run('select * from no_such_table');
    await sleep(300);
    await untilDone(id);
    assert.match(JSON.stringify(notices(id)[0]?.blocks), /ODPS-0130131/);
    assert.equal(door.standin.files().filter((each) => each.filename.startsWith(id)).length, 0);
  });

  it('stop: one reply in the thread, the notice, saying who stopped it', async () => {
    const id = await run('--hint emulator.duration.ms=60000 select 1');
    const stopped = await door.command(`stop ${id}`);
    assert.match(stopped.body.text ?? '', /Stop requested/);
    await door.drain();
    await untilDone(id);
    assert.equal(thread(id).length, 1, JSON.stringify(thread(id).map((m) => m.text)));
    assert.match(JSON.stringify(thread(id)[0]?.blocks), /was stopped by <@U0USER> after \d+s/);
    assert.match(thread(id)[0]?.text ?? '', new RegExp(`^${id} was stopped by <@U0USER> after`));
  });

  it('a stop from elsewhere (not through the app) is told without a name', async () => {
    const id = await run('--hint emulator.duration.ms=60000 select 1');
    await new MaxComputeClient({ endpoint: door.emulator.endpoint, project: PROJECT, credentials: DEMO_ACCOUNT })
      .getInstance(id)
      .stop();
    await untilDone(id);
    assert.match(thread(id)[0]?.text ?? '', new RegExp(`^${id} was stopped after`));
  });

  it('Suspended: the card says so while it lasts', async () => {
    const id = await run('--hint emulator.suspended.ms=800 --hint emulator.duration.ms=100 select 1');
    await door.poller.tick();
    const card = door.standin.channel('C0CHAN').find((m) => m.ts === cardTs(id));
    assert.match(JSON.stringify(card?.blocks), /Suspended/);
    await sleep(1000);
    await untilDone(id);
  });

  it('watch of an XFlow submitted directly to MaxCompute: the notice links every sub-instance', async () => {
    const client = new MaxComputeClient({
      endpoint: door.emulator.endpoint,
      project: PROJECT,
      credentials: DEMO_ACCOUNT,
    });
    const xflow = await client.runXflow(
      'Split',
      'algo_public',
      { inputTableName: 'pyodps_iris', output1TableName: 'w_a', output2TableName: 'w_b', fraction: '0.3' },
      { hints: { 'emulator.duration.ms': 300 } },
    );
    const watched = await door.command(`watch ${xflow.id} --mention`);
    assert.match(watched.body.text ?? '', /Watching/);
    await sleep(600);
    await untilDone(xflow.id);
    const blocks = JSON.stringify(notices(xflow.id)[0]?.blocks);
    assert.equal(blocks.match(/logview\/\?h=/g)?.length, 2, blocks);
    assert.match(blocks, /<@U0USER>/, 'the watcher asked to be mentioned');
  });
});

describe('a card still on its way', () => {
  const odps = () =>
    new MaxComputeClient({ endpoint: door.emulator.endpoint, project: PROJECT, credentials: DEMO_ACCOUNT });

  /** What the worker does between tracking an instance and attaching its card, stopped half-way. */
  async function endedWithoutCard(sql: string) {
    const instance = await odps().runSql(sql, { hints: { 'emulator.duration.ms': 20 } });
    await instance.waitForCompletion({ timeoutMs: 10_000 });
    const key = { project: PROJECT, instanceId: instance.id };
    const now = Date.now();
    await door.store.track(
      trackedInstance(key, { channelId: 'C0CHAN', sql, mentions: [], trackedAt: now, updatedAt: now }),
    );
    return key;
  }

  const noticesAnywhere = (id: string) =>
    door.standin
      .channel('C0CHAN')
      .filter(
        (m) => JSON.stringify(m.metadata ?? {}).includes(`"odps_notice"`) && JSON.stringify(m.metadata).includes(id),
      );

  it('an instance that ends before its card is attached waits for it, then replies in its thread', async () => {
    const key = await endedWithoutCard('select 5');
    await door.poller.tick();
    assert.equal(noticesAnywhere(key.instanceId).length, 0, 'no notice while the card is on its way');
    const ts = await door.frontDoor.deps.poster.post(
      'C0CHAN',
      { text: 'job card', blocks: [] },
      { metadata: { project: key.project, instance_id: key.instanceId } },
    );
    await door.store.attachCard(key, ts);
    await untilDone(key.instanceId);
    const [notice] = noticesAnywhere(key.instanceId);
    assert.equal(notice?.threadTs, ts);
  });

  it('past the grace, an instance whose card never came gets its notice in the channel', async () => {
    const key = await endedWithoutCard('select 6');
    const impatient = otherPoller(undefined, door.store, { cardGraceMs: 0 });
    await impatient.tick();
    const [notice] = noticesAnywhere(key.instanceId);
    assert.ok(notice, 'the notice went out');
    assert.equal(notice.threadTs, undefined, 'in the channel, there being no card');
  });
});

describe('exactly once', () => {
  it('four pollers at once post one notice per instance', async () => {
    const ids = await Promise.all(Array.from({ length: 8 }, (_, n) => run(`select ${n}`)));
    await sleep(300);
    // Leases long enough for a loaded machine: this is about racing claims, not about a post that
    // outlasts its lease (an ambiguous outcome; see the closing note on issue #4).
    const pollers = Array.from({ length: 4 }, () => otherPoller(undefined, door.store, { leaseMs: 10_000 }));
    for (let round = 0; round < 5; round++) await Promise.all(pollers.map((poller) => poller.tick()));
    for (const id of ids) assert.equal(notices(id).length, 1, id);
  });

  it('a poller that dies after claiming is taken over when its lease ends, without a duplicate', async () => {
    const id = await run('select 99');
    await sleep(300);
    const dying: TrackerNotifier = {
      redrawCard: async () => false,
      finishCard: async () => {},
      postNotice: async () => {
        throw new Error('poller crashed before posting');
      },
      needsResultFile: () => false,
      uploadResultFile: async () => {},
      findPostedNotice: async () => undefined,
    };
    await otherPoller(dying, storeOfADyingProcess()).tick();
    assert.equal(notices(id).length, 0);
    await door.poller.tick();
    assert.equal(notices(id).length, 0, 'the lease still protects the claim');
    await sleep(350);
    await untilDone(id);
    assert.equal(notices(id).length, 1);
  });

  it('a poller that dies after posting leaves the rest to the next, which does not post again', async () => {
    const id = await run('select 100');
    await sleep(300);
    const real = new SlackTrackerNotifier(door.frontDoor.deps.poster, Date.now);
    const dyingAfterPost: TrackerNotifier = {
      postNotice: (instance, notice) => real.postNotice(instance, notice),
      needsResultFile: () => false,
      uploadResultFile: async () => {},
      findPostedNotice: (instance) => real.findPostedNotice(instance),
      redrawCard: async () => false,
      finishCard: async () => {
        throw new Error('poller crashed after posting');
      },
    };
    await otherPoller(dyingAfterPost, storeOfADyingProcess()).tick();
    assert.equal(notices(id).length, 1);
    await sleep(350);
    await untilDone(id);
    assert.equal(notices(id).length, 1, 'taken over without a second notice');
    const card = door.standin.channel('C0CHAN').find((m) => m.ts === cardTs(id));
    assert.ok(JSON.stringify(card?.blocks).includes('Succeeded'), 'the card was finished by the second poller');
  });

  it('a post Slack accepted but whose answer was lost is found in the thread, not posted again', async () => {
    const id = await run('select 101');
    await sleep(300);
    const real = new SlackTrackerNotifier(door.frontDoor.deps.poster, Date.now);
    // The post reaches Slack, then the poller dies before it can record the ts (or its call outlived
    // the lease): the ts is lost with it.
    const answerLost: TrackerNotifier = {
      postNotice: async (instance, notice) => {
        await real.postNotice(instance, notice);
        throw new Error('poller died with Slack’s answer in flight');
      },
      findPostedNotice: async () => undefined,
      needsResultFile: () => false,
      uploadResultFile: async () => {},
      redrawCard: async () => false,
      finishCard: async () => {},
    };
    await otherPoller(answerLost, storeOfADyingProcess()).tick();
    assert.equal(notices(id).length, 1);
    await sleep(350);
    await untilDone(id);
    assert.equal(notices(id).length, 1, 'the taker found the earlier post instead of posting again');
    const replies = door.standin.calls('conversations.replies').filter((call) => call.args.ts === cardTs(id));
    assert.equal(replies.length, 1, 'it looked in the card’s thread once');
  });

  it('a first post does not read Slack first: only a taken-over attempt does', async () => {
    const id = await run('select 102');
    await sleep(300);
    await untilDone(id);
    assert.equal(notices(id).length, 1);
    const replies = door.standin.calls('conversations.replies').filter((call) => call.args.ts === cardTs(id));
    assert.equal(replies.length, 0);
  });
});

describe('failures that are not crashes', () => {
  it('a notice whose post failed is retried on the very next tick, not after the lease', async () => {
    const id = await run('select 101');
    await sleep(300);
    // Once: the poller's Web API client does not retry inside itself (src/runtime/slack-clients.ts).
    door.standin.failNext('chat.postMessage', { kind: 'http', status: 500 });
    const first = await door.poller.tick();
    assert.ok(first.errors >= 1);
    assert.equal(notices(id).length, 0);
    await door.poller.tick();
    assert.equal(notices(id).length, 1);
  });

  it('a completion the store throttles is tried again in place: the event is not published twice', async () => {
    const id = await run('select 104');
    await sleep(300);
    let refused = 0;
    const throttled = storeWith({
      completeNotice: async (...args) => {
        if (args[0].instanceId === id && refused++ < 2) {
          throw new StoreUnavailableError('completeNotice', 'throttled', { retryable: true });
        }
        return door.store.completeNotice(...args);
      },
    });
    const report = await otherPoller(undefined, throttled).tick();
    assert.equal(report.errors, 0);
    assert.equal(refused, 3, 'refused twice, then written');
    assert.equal((await door.store.get({ project: PROJECT, instanceId: id }))?.notice?.state, 'done');
    await door.poller.tick();
    assert.equal(door.publisher.terminated.filter((each) => each.instanceId === id).length, 1);
    assert.equal(notices(id).length, 1);
  });
});

/** door.store with some methods replaced; the rest delegate to it. */
function storeWith(overrides: Partial<InstanceStore>): InstanceStore {
  const store = door.store;
  return {
    claimOnce: (...args) => store.claimOnce(...args),
    isClaimed: (...args) => store.isClaimed(...args),
    track: (...args) => store.track(...args),
    get: (...args) => store.get(...args),
    attachCard: (...args) => store.attachCard(...args),
    recordStopRequest: (...args) => store.recordStopRequest(...args),
    listActive: () => store.listActive(),
    recordProgress: (...args) => store.recordProgress(...args),
    claimNotice: (...args) => store.claimNotice(...args),
    recordNoticeStep: (...args) => store.recordNoticeStep(...args),
    releaseNotice: (...args) => store.releaseNotice(...args),
    completeNotice: (...args) => store.completeNotice(...args),
    ...overrides,
  };
}

describe('what a tick holds', () => {
  it('acts on the record read by key, not the listing’s copy: a card the copy predates still gets the notice in its thread', async () => {
    const id = await run('select 102');
    await sleep(300);
    // DynamoDB's global indexes lag writes: here the listing's copy of the instance predates its card.
    const lagging = storeWith({
      listActive: async function* () {
        for await (const instance of door.store.listActive()) {
          yield instance.instanceId === id ? { ...instance, cardTs: undefined, sql: undefined } : instance;
        }
      },
    });
    await otherPoller(undefined, lagging).tick();
    assert.equal(notices(id).length, 1, 'the notice is threaded under the card');
    assert.match(JSON.stringify(notices(id)[0]?.blocks), /succeeded in/);
  });

  it('reads whole records only for the instances it acts on', async () => {
    const held = await Promise.all(
      [1, 2].map((n) => run(`--hint emulator.suspended.ms=3000 --hint emulator.duration.ms=100 select ${n}`)),
    );
    // The first tick sees them Suspended and redraws their cards; after that they are steady.
    await door.poller.tick();
    const id = await run('select 103');
    await sleep(300);
    const reads: string[] = [];
    const counting = storeWith({
      get: (key) => {
        reads.push(`get ${key.instanceId}`);
        return door.store.get(key);
      },
      // The claim returns the record too: it is the read of the instance a notice is made from.
      claimNotice: (key, claim) => {
        reads.push(`claim ${key.instanceId}`);
        return door.store.claimNotice(key, claim);
      },
    });
    // A lease long enough that no heartbeat renews it during a slow post (each renewal is a claim).
    const report = await otherPoller(undefined, counting, { leaseMs: 60_000 }).tick();
    assert.ok(report.tracked >= 3);
    assert.deepEqual(reads, [`claim ${id}`], 'only the instance that ended, and only by its claim');
    assert.equal(notices(id).length, 1);
    for (const each of held) await untilDone(each);
  });
});

describe('age limit', () => {
  it('an instance running past the limit gets a last notice and is no longer tracked', async () => {
    const id = await run('--hint emulator.duration.ms=60000 select 1');
    const impatient = otherPoller(undefined, door.store, { maxAgeMs: 100 });
    await sleep(150);
    await impatient.tick();
    assert.match(JSON.stringify(notices(id)[0]?.blocks), /no longer tracked/);
    assert.ok(!(await activeIds()).includes(id));
  });
});
