import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InProcessPublisher } from '../../src/events/in-process-publisher.ts';
import { silentLogger } from '../../src/observability/logger.ts';

describe('InProcessPublisher', () => {
  it('keeps only the latest Instance Terminated events, so a long-running npm start does not grow', async () => {
    const publisher = new InProcessPublisher(silentLogger);
    const keep = InProcessPublisher.KEEP_TERMINATED;
    for (let n = 0; n < keep + 5; n++) {
      await publisher.publishTerminated({
        project: 'p',
        instanceId: `i${n}`,
        status: 'Terminated',
        outcome: 'succeeded',
        taskStatuses: {},
        durationMs: 1,
        channelId: 'C1',
        teamId: 'T1',
      });
    }
    assert.equal(publisher.terminated.length, keep);
    assert.equal(publisher.terminated[0]?.instanceId, 'i5');
    assert.equal(publisher.terminated.at(-1)?.instanceId, `i${keep + 4}`);
  });

  it('runs handed-off jobs after the caller returns, and drain() waits for them', async () => {
    const publisher = new InProcessPublisher(silentLogger);
    const done: string[] = [];
    publisher.connect(async (job) => {
      done.push(job.kind);
    });
    await publisher.publish({
      kind: 'command',
      origin: { requestId: 'r', teamId: 'T', channelId: 'C', userId: 'U', userLocale: 'en', channelLocale: 'en' },
      text: 'help',
    });
    assert.deepEqual(done, []);
    await publisher.drain();
    assert.deepEqual(done, ['command']);
  });
});
