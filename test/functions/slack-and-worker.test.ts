import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import type { WorkerJob } from '../../src/slack/handoff.ts';
import { DynamoDbInstanceStore } from '../../src/store/dynamodb-instance-store.ts';
import { useLoopbackLambdaParts } from '../support/lambda-env.ts';
import { apiGatewayEvent, lambdaContext, slashCommandBody } from '../support/slack-requests.ts';
import { workerEvent } from '../support/worker-event.ts';

/**
 * functions/slack.ts and functions/worker.ts themselves, configured only through the environment as
 * on Lambda, against real loopback servers: the MaxCompute emulator, the Slack stand-in, dynalite
 * for DynamoDB and a PutEvents stand-in for EventBridge.
 */
const SECRET = 'functions-signing-secret-0123456789';
const TABLE = 'odps_instances';

const { env, emulator, standin, dynamo, eventbridge } = await useLoopbackLambdaParts({
  signingSecret: SECRET,
  botToken: 'xoxb-functions',
  tableName: TABLE,
});
Object.assign(process.env, env);
const slack = await import('../../functions/slack.ts');
const worker = await import('../../functions/worker.ts');
const poller = await import('../../functions/poller.ts');
const store = new DynamoDbInstanceStore({ client: DynamoDBDocumentClient.from(dynamo), tableName: TABLE });

function asEvent(detail: string) {
  return workerEvent(JSON.parse(detail) as WorkerJob);
}

describe('functions/slack.ts + functions/worker.ts', () => {
  let jobDetail = '';

  before(() => eventbridge.failNext(1));

  it('acknowledges /odps run and hands the job to EventBridge, resending a failed entry', async () => {
    const body = slashCommandBody({ text: 'run select 42 as answer', triggerId: '111.222.functions' });
    const response = (await slack.handler(
      apiGatewayEvent({ body, signingSecret: SECRET }),
      lambdaContext() as Context,
    )) as {
      statusCode: number;
      body: string;
    };
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Submitting your query to test_proj/);
    assert.equal(eventbridge.calls(), 2, 'PutEvents answered 200 with a failed entry, and the entry was sent again');
    assert.equal(eventbridge.accepted.length, 1);
    const entry = eventbridge.accepted[0];
    assert.equal(entry?.Source, 'odps-chatops');
    assert.equal(entry?.DetailType, 'Slack Work Requested');
    jobDetail = entry?.Detail ?? '';
  });

  it('the worker submits, tracks the instance in DynamoDB and posts the job card; a redelivery changes nothing', async () => {
    await worker.handler(asEvent(jobDetail), {});
    await worker.handler(asEvent(jobDetail), {});
    const cards = standin.calls('chat.postMessage');
    assert.equal(cards.length, 1, 'one card for one request, however often the event arrives');
    const metadata = cards[0]?.args.metadata as { event_payload?: { instance_id?: string } } | undefined;
    const id = metadata?.event_payload?.instance_id ?? '';
    // Each delivery estimates the query (an instance of its own), then submits it with the same Guid.
    assert.equal(emulator.stats().byKind['POST instances'], 4, 'two estimates, two submissions of one Guid');
    const tracked = await store.get({ project: 'test_proj', instanceId: id });
    assert.equal(tracked?.origin, 'run');
    assert.equal(tracked?.cardTs, standin.channel('C0CHAN').find((message) => message.threadTs === undefined)?.ts);
  });

  it('functions/poller.ts posts the notice in the card’s thread and publishes Instance Terminated', async () => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    const card = standin.channel('C0CHAN').find((message) => message.threadTs === undefined);
    const tick = () =>
      // 11 s left and 10 s kept in reserve: exactly one tick.
      poller.handler({} as never, { ...lambdaContext(), getRemainingTimeInMillis: () => 11_000 } as Context);
    // The poller's client does not retry inside itself (the next tick does): one 503, one attempt, no reply yet.
    standin.failNext('chat.postMessage', { kind: 'http', status: 503 });
    const posts = standin.calls('chat.postMessage').length;
    await tick();
    assert.equal(standin.calls('chat.postMessage').length - posts, 1, 'one attempt: the client did not retry it');
    assert.equal(standin.channel('C0CHAN').filter((message) => message.threadTs === card?.ts).length, 0);
    await tick();
    const replies = standin.channel('C0CHAN').filter((message) => message.threadTs === card?.ts);
    assert.equal(replies.length, 1);
    assert.match(JSON.stringify(replies[0]?.blocks), /succeeded in/);
    const terminated = eventbridge.accepted.filter((entry) => entry.DetailType === 'Instance Terminated');
    assert.equal(terminated.length, 1);
    assert.equal((JSON.parse(terminated[0]?.Detail ?? '{}') as { outcome?: string }).outcome, 'succeeded');
    await tick();
    assert.equal(standin.channel('C0CHAN').filter((message) => message.threadTs === card?.ts).length, 1, 'once');
  });

  it('a bad signature is refused with 401 before anything runs', async () => {
    const body = slashCommandBody({ text: 'run select 1' });
    const response = (await slack.handler(
      apiGatewayEvent({ body, signingSecret: 'not-the-secret' }),
      lambdaContext() as Context,
    )) as { statusCode: number };
    assert.equal(response.statusCode, 401);
    assert.equal(eventbridge.accepted.filter((entry) => entry.DetailType === 'Slack Work Requested').length, 1);
  });
});
