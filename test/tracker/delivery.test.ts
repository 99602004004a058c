import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TrackerNotifier } from '../../src/tracker/notifier.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { buildPoller, slackNotifier } from '../support/tracker-harness.ts';

/**
 * Where a notice goes and what happens when it cannot go there: a query that ends before its card is
 * attached still gets its notice in the card's thread; a channel that refuses the bot for good gets
 * the notice given up (logged, recorded, completed) instead of retried every tick; a Slack call
 * slower than the lease is not taken over mid-post.
 */

const LEASE_MS = 300;
// The stack's own poller (door.poller) logs to door.logs and does not wait for cards; pollers from
// buildPoller() are silent and wait for them as production does.
const door = await useFrontDoor({
  emulator: { defaultDurationMs: 150 },
  poller: { leaseMs: LEASE_MS, cardGraceMs: 0 },
});

async function ended(instanceId: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { status } = await door.parts.gateway.describe({ project: PROJECT, instanceId });
    if (status === 'Terminated') return;
    await sleep(30);
  }
  assert.fail(`${instanceId} never ended`);
}

/** An instance recorded the way the worker records one, before its card is posted. */
async function trackedWithoutCard(channelId: string): Promise<string> {
  const { instanceId } = await door.parts.gateway.submitSql({
    project: PROJECT,
    sql: 'select 1',
    hints: {},
    guid: `race-${channelId}`,
  });
  const now = Date.now();
  await door.store.track({
    project: PROJECT,
    instanceId,
    teamId: 'T0TEAM',
    channelId,
    requestedBy: 'U0USER',
    origin: 'run',
    trackedAt: now,
    sql: 'select 1',
    locale: 'en',
    mentions: [],
    status: 'Running',
    updatedAt: now,
  });
  return instanceId;
}

function metadataId(message: { metadata?: unknown }): string | undefined {
  return (message.metadata as { event_payload?: { instance_id?: string } } | undefined)?.event_payload?.instance_id;
}

async function record(instanceId: string) {
  const found = await door.store.get({ project: PROJECT, instanceId });
  assert.ok(found, instanceId);
  return found;
}

async function cardOf(channelId: string, instanceId: string): Promise<string> {
  await door.drain();
  const card = door.standin
    .channel(channelId)
    .find((message) => message.threadTs === undefined && metadataId(message) === instanceId);
  assert.ok(card, `card of ${instanceId}`);
  return card.ts;
}

async function runIn(channelId: string, sql: string): Promise<string> {
  const reply = await door.command(`run ${sql}`, { channelId });
  assert.equal(reply.statusCode, 200);
  await door.drain();
  const ids = door.standin
    .calls('chat.postMessage')
    .map((call) => metadataId({ metadata: call.args.metadata as unknown }));
  const id = ids.at(-1);
  assert.ok(id);
  return id;
}

describe('a notice waits for its card', () => {
  it('an instance that ends before its card is attached gets its notice in the card’s thread', async () => {
    const channelId = 'C0RACE';
    const instanceId = await trackedWithoutCard(channelId);
    await ended(instanceId);
    const poller = buildPoller(door, { options: { leaseMs: LEASE_MS } });
    await poller.tick();
    assert.deepEqual(door.standin.channel(channelId), [], 'no notice while the card is on its way');
    // The worker's card arrives.
    const ts = await door.frontDoor.deps.poster.post(
      channelId,
      { text: 'job card', blocks: [] },
      { metadata: { project: PROJECT, instance_id: instanceId } },
    );
    await door.store.attachCard({ project: PROJECT, instanceId }, ts);
    await poller.tick();
    const messages = door.standin.channel(channelId);
    const notices = messages.filter((message) => message.threadTs === ts && metadataId(message) === instanceId);
    assert.equal(notices.length, 1, 'the notice is in the card’s thread');
    assert.match(messages.find((message) => message.ts === ts)?.text ?? '', /Succeeded/, 'the card is finished');
    assert.equal((await record(instanceId)).notice?.state, 'done');
  });

  it('a card that never comes is waited for only so long: the notice then goes to the channel', async () => {
    const channelId = 'C0NOCARD';
    const instanceId = await trackedWithoutCard(channelId);
    await ended(instanceId);
    await buildPoller(door, { options: { leaseMs: LEASE_MS, cardGraceMs: 0 } }).tick();
    const notices = door.standin.channel(channelId).filter((message) => metadataId(message) === instanceId);
    assert.equal(notices.length, 1);
    assert.equal(notices[0]?.threadTs, undefined);
  });
});

describe('Slack refuses the notice for good', () => {
  const postsTo = (channelId: string) =>
    door.standin.calls().filter((call) => call.args.channel === channelId || call.args.channel_id === channelId).length;

  it('a channel the bot cannot post in: the user is told at once, the notice is given up, logged and not retried', async () => {
    const channelId = 'C0PRIVATE';
    const remove = door.standin.addFaultRule({
      channels: [channelId],
      rate: 1,
      failure: { kind: 'error', error: 'channel_not_found' },
    });
    try {
      const reply = await door.command('run select 7', { channelId });
      assert.equal(reply.statusCode, 200);
      await door.drain();
      const told = door.standin.responses().at(-1)?.body.text;
      assert.match(String(told), /Invite the bot/, 'the person who ran it hears why there is no card');
      let instanceId: string | undefined;
      for await (const each of door.store.listActive()) {
        if ((await door.store.get(each))?.channelId === channelId) instanceId = each.instanceId;
      }
      assert.ok(instanceId, 'the instance runs and is tracked without a card');
      await ended(instanceId);
      const poller = door.poller;
      await poller.tick();
      const after = postsTo(channelId);
      const done = await record(instanceId);
      assert.equal(done.notice?.state, 'done', 'the notice is completed, not left owed');
      assert.equal(done.notice?.undeliverable, 'channel_not_found');
      assert.equal(door.publisher.terminated.filter((event) => event.instanceId === instanceId).length, 1);
      const lines = door.logs.filter((line) => line.includes(instanceId) && line.includes('"level":"error"'));
      assert.ok(
        lines.some((line) => line.includes('notice undeliverable') && line.includes('channel_not_found')),
        lines.join('\n'),
      );
      for (let tick = 0; tick < 3; tick++) await poller.tick();
      assert.equal(postsTo(channelId), after, 'nothing is retried');
    } finally {
      remove();
    }
  });

  it('the bot removed from the channel after the card: the notice and the card step are given up', async () => {
    const channelId = 'C0LATER';
    const instanceId = await runIn(channelId, '--hint emulator.duration.ms=100 select 8');
    await cardOf(channelId, instanceId);
    const remove = door.standin.addFaultRule({
      channels: [channelId],
      rate: 1,
      failure: { kind: 'error', error: 'not_in_channel' },
    });
    try {
      await ended(instanceId);
      await buildPoller(door, { options: { leaseMs: LEASE_MS } }).tick();
      const done = await record(instanceId);
      assert.deepEqual(
        { state: done.notice?.state, undeliverable: done.notice?.undeliverable, cardFinal: done.notice?.cardFinal },
        { state: 'done', undeliverable: 'not_in_channel', cardFinal: true },
      );
    } finally {
      remove();
    }
  });

  it('a deleted card: the notice is posted in its thread and the card step is given up', async () => {
    const channelId = 'C0DELETED';
    const instanceId = await runIn(channelId, '--hint emulator.duration.ms=100 select 9');
    const ts = await cardOf(channelId, instanceId);
    door.standin.addFaultRule({
      methods: ['chat.update'],
      channels: [channelId],
      rate: 1,
      failure: { kind: 'error', error: 'message_not_found' },
    });
    await ended(instanceId);
    await door.poller.tick();
    const done = await record(instanceId);
    assert.equal(done.notice?.state, 'done');
    assert.equal(done.notice?.undeliverable, undefined);
    const replies = door.standin.channel(channelId).filter((message) => message.threadTs === ts);
    assert.equal(replies.length, 1);
    assert.ok(door.logs.some((line) => line.includes('notice step given up') && line.includes('message_not_found')));
    door.standin.clearFaultRules();
  });
});

describe('a Slack call slower than the lease', () => {
  it('keeps its lease while it runs: an overlapping poller does not post the notice again', async () => {
    const channelId = 'C0SLOWSLACK';
    const instanceId = await runIn(channelId, '--hint emulator.duration.ms=100 select 10');
    const ts = await cardOf(channelId, instanceId);
    await ended(instanceId);
    const slow = (real: TrackerNotifier): TrackerNotifier => ({
      redrawCard: (...args) => real.redrawCard(...args),
      finishCard: (...args) => real.finishCard(...args),
      postNotice: async (instance, notice, until) => {
        await sleep(1.6 * LEASE_MS);
        return real.postNotice(instance, notice, until);
      },
      needsResultFile: (...args) => real.needsResultFile(...args),
      uploadResultFile: (...args) => real.uploadResultFile(...args),
      findPostedNotice: (...args) => real.findPostedNotice(...args),
    });
    const slowPoller = buildPoller(door, { notifier: slow(slackNotifier(door)), options: { leaseMs: LEASE_MS } });
    const other = buildPoller(door, { options: { leaseMs: LEASE_MS } });
    const slowTick = slowPoller.tick();
    for (let round = 0; round < 8; round++) {
      await sleep(LEASE_MS / 2);
      await other.tick();
    }
    await slowTick;
    const notices = door.standin.channel(channelId).filter((message) => message.threadTs === ts);
    assert.equal(notices.length, 1);
    assert.equal((await record(instanceId)).notice?.state, 'done');
  });
});

describe('a running card read before the instance ended', () => {
  it('is not drawn over the final card another poller already finished', async () => {
    const channelId = 'C0STALECARD';
    const instanceId = await runIn(channelId, '--hint emulator.duration.ms=700 select 11');
    const ts = await cardOf(channelId, instanceId);
    // Poller B reads the running instance, but the answer reaches it only after the instance ended.
    let held = false;
    const real = door.parts.gateway;
    const lateAnswers = new Proxy(real, {
      get(target, property) {
        const value: unknown = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        if (property !== 'describe') return value.bind(target);
        return async (...args: Parameters<typeof real.describe>) => {
          const description = await real.describe(...args);
          if (description.status !== 'Terminated') {
            held = true;
            await sleep(1500);
          }
          return description;
        };
      },
    });
    const late = buildPoller(door, { gateway: lateAnswers, options: { leaseMs: LEASE_MS } });
    const lateTick = late.tick();
    await sleep(300);
    await ended(instanceId);
    const other = buildPoller(door, { options: { leaseMs: LEASE_MS } });
    for (let tick = 0; tick < 5 && (await record(instanceId)).notice?.state !== 'done'; tick++) await other.tick();
    assert.equal((await record(instanceId)).notice?.state, 'done');
    await lateTick;
    assert.ok(held, 'the late poller did read the instance running');
    const card = door.standin.channel(channelId).find((message) => message.ts === ts);
    assert.match(card?.text ?? '', /Succeeded/, 'the card stays finished');
  });
});
