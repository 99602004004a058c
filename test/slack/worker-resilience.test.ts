import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { toPortError } from '../../src/gateway/port-errors.ts';
import { MaxComputeSubmitOutcomeUnknownError } from '../../src/maxcompute/errors.ts';
import type { FrontDoorDeps } from '../../src/slack/commands/context.ts';
import { handleCommand } from '../../src/slack/commands/index.ts';
import type { WorkerJob } from '../../src/slack/handoff.ts';
import { SlackWorker } from '../../src/slack/worker/worker.ts';
import { StoreUnavailableError } from '../../src/store/store-errors.ts';
import type { MaxComputeGateway } from '../../src/tracker/maxcompute-gateway.ts';
import type { InstanceStore } from '../../src/tracker/ports.ts';
import { botCallers } from '../support/bot-callers.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';

/**
 * The worker's `run` job when a part fails on the way (found by the reliability suite): a submission
 * whose outcome is unknown or that met a 5xx is sent again with the same Guid, so the instance is
 * neither lost nor started twice; a failed store write or card post is tried again instead of
 * leaving a running instance untracked or without its card.
 */

const door = await useFrontDoor();

function runJob(channelId: string, sql: string): Extract<WorkerJob, { kind: 'run' }> {
  return {
    kind: 'run',
    origin: {
      requestId: `trigger-${randomUUID()}`,
      teamId: 'T0TEAM',
      channelId,
      userId: 'U0USER',
      responseUrl: door.standin.newResponseUrl({ channelId, userId: 'U0USER' }),
      userLocale: 'en',
      channelLocale: 'en',
    },
    project: PROJECT,
    sql,
    hints: {},
    mention: false,
  };
}

function worker(parts: Partial<FrontDoorDeps>): SlackWorker {
  return new SlackWorker({ ...door.frontDoor.deps, ...parts });
}

/** A proxy of `target` where `method` is replaced. */
function replacing<T extends object>(target: T, method: string, replacement: (...args: unknown[]) => unknown): T {
  return new Proxy(target, {
    get(inner, property) {
      if (property === method) return replacement;
      const value: unknown = Reflect.get(inner, property);
      return typeof value === 'function' ? value.bind(inner) : value;
    },
  });
}

function cards(channelId: string) {
  return door.standin.channel(channelId).filter((message) => message.threadTs === undefined && !message.ephemeralTo);
}

/** What the person was told through the command's response_url (removing its acknowledgement tells nothing). */
function toldTo(responseUrl: string | undefined): unknown[] {
  return door.standin
    .responses()
    .filter((response) => response.url === responseUrl && response.body.delete_original !== true);
}

describe('the worker’s run job when a part fails on the way', () => {
  it('submits again with the same Guid when the first outcome is unknown: one instance, tracked, with its card', async () => {
    const real = door.parts.gateway;
    const guids: string[] = [];
    let calls = 0;
    const gateway = replacing(real, 'submitSql', async (...args: unknown[]) => {
      const [input, budget] = args as Parameters<MaxComputeGateway['submitSql']>;
      guids.push(input.guid);
      calls++;
      const key = await real.submitSql(input, budget);
      // The first answer is lost after MaxCompute created the instance.
      // As the adapter hands it on: the client's error in the port's terms.
      if (calls === 1)
        throw toPortError(new MaxComputeSubmitOutcomeUnknownError(input.guid, new Error('socket hang up')));
      return key;
    });
    const job = runJob('C0UNKNOWN', 'select 1');
    await worker({ callers: botCallers(gateway) }).handle(job);
    assert.equal(calls, 2);
    assert.equal(new Set(guids).size, 1, 'the same Guid both times');
    const posted = cards('C0UNKNOWN');
    assert.equal(posted.length, 1, 'one card');
    const id = (posted[0]?.metadata as { event_payload?: { instance_id?: string } } | undefined)?.event_payload
      ?.instance_id;
    assert.ok(id && (await door.store.get({ project: PROJECT, instanceId: id }))?.cardTs, 'tracked, card attached');
    assert.deepEqual(toldTo(job.origin.responseUrl), [], 'nobody was told it failed');
    const removed = door.standin.responses().filter((response) => response.url === job.origin.responseUrl);
    assert.deepEqual(
      removed.map((response) => response.body),
      [{ delete_original: true }],
      'the acknowledgement is removed once the card stands',
    );
  });

  it('tries a failed store write again rather than leave the instance untracked', async () => {
    let failures = 0;
    const store = replacing(door.store, 'track', async (...args: unknown[]) => {
      if (failures++ === 0) throw new StoreUnavailableError('track', 'throttled', { retryable: true });
      return door.store.track(...(args as Parameters<InstanceStore['track']>));
    });
    // The pause before the next attempt comes from the injected sleep, not the system's timers.
    const pauses: number[] = [];
    const sleep = async (ms: number) => {
      pauses.push(ms);
    };
    await worker({ store, sleep }).handle(runJob('C0STOREFAIL', 'select 2'));
    assert.deepEqual(pauses, [200]);
    const posted = cards('C0STOREFAIL');
    assert.equal(posted.length, 1);
    const id = (posted[0]?.metadata as { event_payload?: { instance_id?: string } } | undefined)?.event_payload
      ?.instance_id;
    assert.ok(id && (await door.store.get({ project: PROJECT, instanceId: id })), 'tracked');
  });

  it('posts the card again after Slack answers 5xx, instead of telling the user something went wrong', async () => {
    // The WebClient retries once by itself; both of its attempts meet a 503.
    door.standin.failNext('chat.postMessage', { kind: 'http', status: 503 }, 2);
    const job = runJob('C0SLACK5XX', 'select 3');
    await worker({}).handle(job);
    assert.equal(cards('C0SLACK5XX').length, 1);
    assert.deepEqual(toldTo(job.origin.responseUrl), []);
  });

  it('a run whose hand-off fails after the budget is reported failed, not deferred into a refused duplicate', async () => {
    const slowFailing = {
      publish: async () => {
        await new Promise((resolve) => setTimeout(resolve, door.frontDoor.deps.config.ackBudgetMs + 100));
        throw new Error('PutEvents kept failing (InternalFailure)');
      },
    };
    const { reply } = await handleCommand(
      {
        origin: { requestId: `trigger-${randomUUID()}`, teamId: 'T0TEAM', channelId: 'C0HANDOFF', userId: 'U0USER' },
        text: 'run select 4',
      },
      { ...door.frontDoor.deps, publisher: slowFailing },
      'ack',
    );
    assert.equal(reply.kind, 'ephemeral', 'answered now, not handed to the worker to be refused');
    assert.match(JSON.stringify(reply), /Something went wrong/);
  });
});
