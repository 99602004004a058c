import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';
import { loadAwsParts } from '../../src/runtime/aws-parts.ts';
import { pollerParts } from '../../src/runtime/poller-parts.ts';
import { MemoryInstanceStore } from '../../src/store/memory-instance-store.ts';
import { useTrackerStack } from '../support/tracker-harness.ts';

/** What a function on AWS is given, every part valid (nothing listens at these addresses). */
const AWS_ENV = {
  SLACK_SIGNING_SECRET: 'one-config-signing-secret-0123456789',
  SLACK_BOT_TOKEN: 'xoxb-one-config',
  SLACK_BOT_ID: 'B0BOT',
  SLACK_BOT_USER_ID: 'U0BOT',
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
  ODPS_ENDPOINT: 'http://127.0.0.1:9/api',
  ODPS_PROJECT_NAME: 'one_proj',
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCOUNT.secret,
  ODPS_TABLE_NAME: 'odps_instances',
  ODPS_EVENT_BUS_NAME: 'odps-chatops',
  AWS_REGION: 'us-east-1',
};

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('the one configuration', () => {
  it('reports the problems of every part in one error, not the first part’s only', () => {
    const problems = problemsOf(() =>
      loadConfig(
        {
          ...AWS_ENV,
          SLACK_BOT_TOKEN: '',
          ODPS_READ_ONLY: 'maybe',
          ODPS_ENDPOINT: 'ftp://nowhere',
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
          ODPS_TABLE_NAME: '',
          ODPS_POLL_CONCURRENCY: '0',
          LOG_LEVEL: 'chatty',
        },
        'aws',
      ),
    );
    const text = problems.join('\n');
    for (const name of [
      'SLACK_BOT_TOKEN',
      'ODPS_READ_ONLY',
      'ODPS_ENDPOINT',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'ODPS_TABLE_NAME',
      'ODPS_POLL_CONCURRENCY',
      'LOG_LEVEL',
    ]) {
      assert.ok(text.includes(name), `${name} in:\n${text}`);
    }
    assert.equal(problems.length, 7, text);
  });

  it('requires on AWS what a local run may embed', () => {
    const aws = problemsOf(() => loadConfig({}, 'aws')).join('\n');
    for (const name of [
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_ID',
      'ODPS_ENDPOINT',
      'ODPS_TABLE_NAME',
      'ODPS_EVENT_BUS_NAME',
    ]) {
      assert.ok(aws.includes(name), `${name} in:\n${aws}`);
    }
    const local = loadConfig({}, 'local');
    assert.equal(local.maxcompute, undefined, 'the emulator');
    assert.equal(local.tableName, undefined, 'the embedded dynalite');
    assert.equal(local.local?.slack, 'simulator');
  });

  it('reads LOG_LEVEL one way everywhere, with a default per target', () => {
    assert.equal(loadConfig(AWS_ENV, 'aws').logLevel, 'info');
    assert.equal(loadConfig({}, 'local').logLevel, 'warn');
    assert.equal(loadConfig({ ...AWS_ENV, LOG_LEVEL: 'DEBUG' }, 'aws').logLevel, 'debug');
    assert.equal(loadConfig({ LOG_LEVEL: 'error' }, 'local').logLevel, 'error');
  });

  it('export links: on AWS a bucket needs ODPS_PUBLIC_URL; the TTL may be up to 30 days', () => {
    const withBucket = { ...AWS_ENV, ODPS_EXPORT_BUCKET: 'exports-bucket' };
    assert.deepEqual(
      problemsOf(() => loadConfig(withBucket, 'aws')),
      ['ODPS_PUBLIC_URL is required with ODPS_EXPORT_BUCKET (the links to stored exports point to it)'],
    );
    const exports = loadConfig(
      { ...withBucket, ODPS_PUBLIC_URL: 'https://abc.execute-api.eu-west-1.amazonaws.com', ODPS_EXPORT_TTL_DAYS: '30' },
      'aws',
    ).exports;
    assert.equal(exports.publicUrl, 'https://abc.execute-api.eu-west-1.amazonaws.com');
    assert.equal(exports.ttlDays, 30);
    assert.match(
      problemsOf(() => loadConfig({ ...AWS_ENV, ODPS_EXPORT_TTL_DAYS: '31' }, 'aws')).join('\n'),
      /ODPS_EXPORT_TTL_DAYS/,
    );
    assert.match(
      problemsOf(() => loadConfig({ ODPS_PUBLIC_URL: 'javascript:alert(1)' }, 'local')).join('\n'),
      /ODPS_PUBLIC_URL must be an http\(s\) URL/,
    );
    // Locally the app's own server is the default: no problem without one.
    assert.equal(loadConfig({ ODPS_EXPORT_BUCKET: 'b' }, 'local').exports.publicUrl, undefined);
  });

  it('reports a shared variable’s problem once', () => {
    const problems = problemsOf(() => loadConfig({ SLACK_API_URL: 'ftp://x' }, 'local'));
    assert.equal(problems.filter((problem) => problem.startsWith('SLACK_API_URL')).length, 1, problems.join('\n'));
  });
});

const stack = await useTrackerStack({ store: new MemoryInstanceStore() });

describe('one builder of the parts', () => {
  it('gives the poller the same Slack client settings on AWS and locally', async () => {
    const aws = await loadAwsParts(AWS_ENV);
    const settings = (client: object) => {
      const { retryConfig, timeout, rejectRateLimitedCalls } = client as Record<string, unknown>;
      return { retryConfig, timeout, rejectRateLimitedCalls };
    };
    const onAws = settings(pollerParts(aws).slackClient);
    assert.deepEqual(settings(pollerParts(stack.parts).slackClient), onAws);
    assert.deepEqual(onAws, { retryConfig: { retries: 0 }, timeout: 10_000, rejectRateLimitedCalls: true });
    await aws.close();
  });
});
