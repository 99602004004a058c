import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadAwsParts } from '../../src/runtime/aws-parts.ts';
import { DEFAULT_POLLER_OPTIONS } from '../../src/tracker/poller.ts';
import { loopbackLambdaEnv } from '../support/lambda-env.ts';

// Nothing listens on these: loading the parts makes no request (secrets are given as values).
const ENV = loopbackLambdaEnv({
  signingSecret: 'aws-parts-signing-secret-0123456789',
  botToken: 'xoxb-aws-parts',
  slackApiUrl: 'http://127.0.0.1:9/api/',
  maxcomputeEndpoint: 'http://127.0.0.1:9/api',
  project: 'parts_proj',
  tableName: 'odps_instances',
  busName: 'odps-chatops',
  dynamoDbEndpoint: 'http://127.0.0.1:9',
  eventBridgeUrl: 'http://127.0.0.1:9',
});

describe('the poller’s settings on AWS', () => {
  it('default to a 3 s tick, 24 h of tracking and the poller’s own concurrency', async () => {
    const { poll } = (await loadAwsParts(ENV)).config;
    assert.deepEqual(poll, {
      tickIntervalMs: 3000,
      maxAgeMs: 24 * 3_600_000,
      concurrency: DEFAULT_POLLER_OPTIONS.concurrency,
    });
  });

  it('are read from the function’s environment', async () => {
    const { poll } = (
      await loadAwsParts({
        ...ENV,
        ODPS_POLL_INTERVAL_MS: '2000',
        ODPS_TRACK_MAX_AGE_HOURS: '48',
        ODPS_POLL_CONCURRENCY: '16',
      })
    ).config;
    assert.deepEqual(poll, { tickIntervalMs: 2000, maxAgeMs: 48 * 3_600_000, concurrency: 16 });
  });

  it('refuse a concurrency out of range, naming the variable', async () => {
    await assert.rejects(loadAwsParts({ ...ENV, ODPS_POLL_CONCURRENCY: '0' }), /ODPS_POLL_CONCURRENCY/);
    await assert.rejects(loadAwsParts({ ...ENV, ODPS_POLL_CONCURRENCY: '65' }), /ODPS_POLL_CONCURRENCY/);
  });
});
