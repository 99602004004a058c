import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { silentLogger } from '../../src/observability/logger.ts';
import {
  finishCard,
  type NoticeContext,
  postReply,
  publishEvent,
  type StepLease,
  uploadResultFile,
} from '../../src/tracker/notice-steps.ts';
import { DeliveryRefusedError, type TrackerNotifier } from '../../src/tracker/notifier.ts';
import type { NoticeState, NoticeStep, TrackedInstance } from '../../src/tracker/tracked-instance.ts';

/** Each step of a notice on a fake lease and a fake notifier: no store, no Slack. */
const KEY = { project: 'p', instanceId: '20261203000000000gsteps01' };
const INSTANCE: TrackedInstance = {
  ...KEY,
  teamId: 'T0',
  channelId: 'C0',
  cardTs: '1.1',
  requestedBy: 'U0',
  origin: 'run',
  trackedAt: 0,
  locale: 'en',
  mentions: [],
  status: 'Terminated',
  updatedAt: 0,
};

function fakeLease(initial: Partial<NoticeState> = {}) {
  const records: NoticeStep[] = [];
  let renewals = 0;
  let state = { state: 'claimed', token: 't', leaseUntil: 1000, ...initial } as NoticeState;
  const lease: StepLease & { records: NoticeStep[]; renewals: () => number } = {
    key: KEY,
    get state() {
      return state;
    },
    stepDeadline: 500,
    renew: async () => {
      renewals++;
    },
    held: (run) => run(),
    record: async (step) => {
      records.push(step);
      state = { ...state, ...step };
    },
    records,
    renewals: () => renewals,
  };
  return lease;
}

function fakeNotifier(overrides: Partial<TrackerNotifier> = {}) {
  const calls: string[] = [];
  const notifier: TrackerNotifier = {
    redrawCard: async () => false,
    finishCard: async () => void calls.push('card'),
    postNotice: async () => {
      calls.push('post');
      return '2.2';
    },
    findPostedNotice: async () => {
      calls.push('find');
      return undefined;
    },
    needsResultFile: () => true,
    uploadResultFile: async () => void calls.push('file'),
    ...overrides,
  };
  return { notifier, calls };
}

function context(notifier: TrackerNotifier, outcome: NoticeContext['outcome'] = 'succeeded'): NoticeContext {
  const published: unknown[] = [];
  return {
    instance: INSTANCE,
    outcome,
    description: undefined,
    notice: { outcome, elapsedMs: 1000, logview: [] },
    notifier,
    events: { publishTerminated: async (event) => void published.push(event) },
    logger: silentLogger,
    now: () => 42,
  };
}

describe('the notice’s steps', () => {
  it('post: records the attempt, then the ts; skipped once posted', async () => {
    const lease = fakeLease();
    const { notifier, calls } = fakeNotifier();
    await postReply(lease, context(notifier));
    assert.deepEqual(lease.records, [{ postAttemptedAt: 42 }, { postedTs: '2.2' }]);
    assert.deepEqual(calls, ['post']);
    await postReply(lease, context(notifier));
    assert.deepEqual(calls, ['post'], 'not posted twice');
  });

  it('post: an attempt recorded by an earlier poller is looked for first and not repeated when found', async () => {
    const lease = fakeLease({ postAttemptedAt: 1 });
    const { notifier, calls } = fakeNotifier({ findPostedNotice: async () => '9.9' });
    await postReply(lease, context(notifier));
    assert.deepEqual(lease.records, [{ postedTs: '9.9' }]);
    assert.deepEqual(calls, []);
  });

  it('post: a refusal for good is recorded as undeliverable, not thrown; other errors are thrown', async () => {
    const refusing = fakeNotifier({
      postNotice: async () => {
        throw new DeliveryRefusedError('not_in_channel');
      },
    });
    const lease = fakeLease();
    await postReply(lease, context(refusing.notifier));
    assert.deepEqual(lease.records.at(-1), { undeliverable: 'not_in_channel' });
    const failing = fakeNotifier({
      postNotice: async () => {
        throw new Error('socket hang up');
      },
    });
    await assert.rejects(postReply(fakeLease(), context(failing.notifier)), /hang up/);
  });

  it('file: only under a posted reply, only when the preview was not all of it, once', async () => {
    const { notifier, calls } = fakeNotifier();
    await uploadResultFile(fakeLease(), context(notifier));
    assert.deepEqual(calls, [], 'no reply yet');
    const lease = fakeLease({ postedTs: '2.2' });
    await uploadResultFile(lease, context(notifier));
    await uploadResultFile(lease, context(notifier));
    assert.deepEqual(calls, ['file']);
    assert.deepEqual(lease.records, [{ csvPosted: true }]);
    const whole = fakeNotifier({ needsResultFile: () => false });
    await uploadResultFile(fakeLease({ postedTs: '2.2' }), context(whole.notifier));
    assert.deepEqual(whole.calls, []);
  });

  it('card and event: done and reported for the completion to record, skipped when done or abandoned', async () => {
    const { notifier, calls } = fakeNotifier();
    const lease = fakeLease();
    assert.deepEqual(await finishCard(lease, context(notifier)), { cardFinal: true });
    assert.deepEqual(await publishEvent(lease, context(notifier)), { eventPublished: true });
    assert.deepEqual(calls, ['card']);
    assert.equal(lease.renewals(), 2, 'the lease is renewed before each step');
    assert.deepEqual(await finishCard(fakeLease({ cardFinal: true }), context(notifier)), {});
    assert.deepEqual(await finishCard(fakeLease(), context(notifier, 'abandoned')), {});
    assert.deepEqual(await publishEvent(fakeLease({ eventPublished: true }), context(notifier)), {});
    assert.deepEqual(await publishEvent(fakeLease(), context(notifier, 'abandoned')), {});
  });
});
