import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translator } from '../../src/slack/i18n/catalog.ts';
import { JobCardOwner } from '../../src/slack/job-card-owner.ts';
import { jobCardView } from '../../src/slack/job-view.ts';
import { jobCard } from '../../src/slack/messages/job-card.ts';
import type { InstanceDescription } from '../../src/tracker/maxcompute-gateway.ts';
import type { TrackedInstance } from '../../src/tracker/tracked-instance.ts';
import { fakeSlack } from '../support/fake-slack.ts';

/** The job card's owner against a fake Slack: what it posts, what it redraws, what it refuses to. */
const NOW = Date.UTC(2026, 11, 3, 8, 0);
const KEY = { project: 'odps_demo', instanceId: '20261203080000000gcard01' };
const RECORD: TrackedInstance = {
  ...KEY,
  teamId: 'T0',
  channelId: 'C0CARDS',
  cardTs: '1.1',
  requestedBy: 'U0ALICE',
  origin: 'run',
  trackedAt: NOW - 60_000,
  sql: 'select 1',
  locale: 'zh-CN',
  logviewUrl: 'http://127.0.0.1:1/logview/?h=x&i=1',
  mentions: [],
  status: 'Running',
  updatedAt: NOW - 60_000,
};

function described(status: InstanceDescription['status']): InstanceDescription {
  const ended = status === 'Terminated';
  return {
    ...KEY,
    status,
    successful: ended,
    startTime: new Date(NOW - 50_000),
    ...(ended ? { endTime: new Date(NOW - 1000) } : {}),
    tasks: [
      ended
        ? { name: 'AnonymousSQLTask', status: 'SUCCESS' }
        : { name: 'AnonymousSQLTask', status: 'RUNNING', stages: 'M1_job_0:0/1/1[50%]', percent: 50 },
    ],
  };
}

const owner = () => {
  const slack = fakeSlack();
  return { slack, cards: new JobCardOwner(slack, () => NOW) };
};

/** The card as the builders draw it, in the record's language. */
const drawn = (record: TrackedInstance, description: InstanceDescription | undefined, logviewUrl?: string) =>
  jobCard(jobCardView(record, description, NOW, logviewUrl), translator('zh-CN'));

describe('the job card’s owner', () => {
  it('posts the card in the instance’s channel with the metadata that names it, waiting as long as told', async () => {
    const { slack, cards } = owner();
    const { cardTs: _, ...unposted } = RECORD;
    assert.equal(await cards.post(unposted, undefined, 'http://127.0.0.1:1/other', 10_000), '1.1');
    assert.deepEqual(slack.calls, [
      {
        method: 'post',
        channel: 'C0CARDS',
        message: drawn(unposted, undefined, 'http://127.0.0.1:1/other'),
        options: { metadata: { project: KEY.project, instance_id: KEY.instanceId }, patientMs: 10_000 },
      },
    ]);
    await cards.post(unposted, described('Running'), undefined);
    assert.deepEqual(slack.calls[1]?.method === 'post' && slack.calls[1].options, {
      metadata: { project: KEY.project, instance_id: KEY.instanceId },
    });
  });

  it('redraws a running card in place with what MaxCompute says now', async () => {
    const { slack, cards } = owner();
    assert.equal(await cards.redraw(RECORD, described('Running')), true);
    assert.deepEqual(slack.calls, [
      {
        method: 'update',
        channel: 'C0CARDS',
        ts: '1.1',
        message: drawn(RECORD, described('Running'), RECORD.logviewUrl),
      },
    ]);
    assert.match(slack.message('1.1')?.text ?? '', /运行中/);
  });

  it('refuses a redraw while the card is not posted yet', async () => {
    const { slack, cards } = owner();
    const { cardTs: _, ...unposted } = RECORD;
    assert.equal(await cards.redraw(unposted, described('Running')), false);
    assert.deepEqual(slack.calls, []);
  });

  it('finishes the card even while its notice is under way, with the notice’s first Logview link', async () => {
    const { slack, cards } = owner();
    const finishing: TrackedInstance = {
      ...RECORD,
      status: 'Terminated',
      notice: { state: 'claimed', token: 't', leaseUntil: NOW + 30_000 },
    };
    await cards.finish(finishing, described('Terminated'), [{ url: 'http://127.0.0.1:1/logview/final' }]);
    assert.deepEqual(slack.calls, [
      {
        method: 'update',
        channel: 'C0CARDS',
        ts: '1.1',
        message: drawn(finishing, described('Terminated'), 'http://127.0.0.1:1/logview/final'),
      },
    ]);
    await cards.finish({ ...RECORD, cardTs: undefined }, described('Terminated'), []);
    assert.equal(slack.calls.length, 1, 'no card, nothing to finish');
  });

  it('never redraws a final card with a running answer that was read before the instance ended', async () => {
    const { slack, cards } = owner();
    const stale = described('Running');
    // Another poller saw the instance end and finished its card while this running answer was on its way.
    const notice = { token: 't', leaseUntil: NOW + 30_000 };
    const claimed: TrackedInstance = { ...RECORD, status: 'Terminated', notice: { ...notice, state: 'claimed' } };
    await cards.finish(claimed, described('Terminated'), []);
    const final = slack.message('1.1');
    assert.match(final?.text ?? '', /成功/);
    for (const fresh of [
      claimed,
      { ...claimed, notice: { ...notice, state: 'done' } } satisfies TrackedInstance,
      { ...RECORD, status: 'Terminated' } satisfies TrackedInstance,
    ]) {
      assert.equal(await cards.redraw(fresh, stale), false);
    }
    assert.equal(slack.calls.length, 1, 'only the finish reached Slack');
    assert.deepEqual(slack.message('1.1'), final, 'the card stays finished');
  });

  it('redraws a finished card from an answer that says it ended (Refresh after the end)', async () => {
    const { slack, cards } = owner();
    const done: TrackedInstance = {
      ...RECORD,
      status: 'Terminated',
      notice: { state: 'done', token: 't', leaseUntil: NOW, cardFinal: true },
    };
    assert.equal(await cards.redraw(done, described('Terminated')), true);
    assert.match(slack.message('1.1')?.text ?? '', /成功/);
  });
});
