import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import { DEMO_ACCOUNT } from '../../src/emulator/index.ts';

/** What a function on AWS is given, every part valid; serverless.yml names the identity table too. */
const AWS_ENV = {
  SLACK_SIGNING_SECRET: 'identity-config-signing-secret-0123',
  SLACK_BOT_TOKEN: 'xoxb-identity-config',
  SLACK_BOT_ID: 'B0BOT',
  SLACK_BOT_USER_ID: 'U0BOT',
  ODPS_ENDPOINT: 'http://127.0.0.1:9/api',
  ODPS_PROJECT_NAME: 'one_proj',
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_ACCOUNT.accessId,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_ACCOUNT.secret,
  ODPS_TABLE_NAME: 'odps_instances',
  ODPS_EVENT_BUS_NAME: 'odps-chatops',
  ODPS_IDENTITY_TABLE_NAME: 'odps_identities',
};
const ANALYST = 'acs:ram::1234567890123456:role/analyst';
const LEAD = 'acs:ram::1234567890123456:role/lead';

function problemsOf(env: Record<string, string>, target: 'aws' | 'local' = 'aws'): string[] {
  try {
    loadConfig(env, target);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('identity configuration: defaults', () => {
  it('the bot’s account, no mappings, STS at sts.aliyuncs.com for an hour, 1000 people kept, renewed 5 minutes early', () => {
    const { identity } = loadConfig(AWS_ENV, 'aws');
    assert.equal(identity.mode, 'bot');
    assert.deepEqual([identity.configured.users.size, identity.configured.groups.size], [0, 0]);
    assert.equal(identity.tableName, 'odps_identities');
    assert.deepEqual(identity.sts, {
      endpoint: 'https://sts.aliyuncs.com',
      durationSeconds: 3600,
      policy: undefined,
      cacheSize: 1000,
      refreshMarginSeconds: 300,
    });
    assert.equal(identity.readerRoleArn, undefined);
  });

  it('locally the embedded dynalite’s table, unless one is named', () => {
    assert.equal(loadConfig({}, 'local').identity.tableName, 'odps_chatops_identity_local');
    assert.equal(loadConfig({ ODPS_IDENTITY_TABLE_NAME: 'mine' }, 'local').identity.tableName, 'mine');
  });
});

describe('identity configuration: values', () => {
  it('reads the mode in any case, and a static mapping of users and groups with their ARNs normalised', () => {
    const { identity } = loadConfig(
      {
        ...AWS_ENV,
        ODPS_IDENTITY_MODE: 'Person-Or-Bot',
        ODPS_IDENTITY_MAP: ` U0ADA = ${ANALYST}, W0GRID=acs:ram::1234567890123456:ROLE/analyst ,S0DATALEADS=${LEAD},`,
      },
      'aws',
    );
    assert.equal(identity.mode, 'person-or-bot');
    assert.deepEqual(
      [...identity.configured.users],
      [
        ['U0ADA', ANALYST],
        ['W0GRID', ANALYST],
      ],
    );
    assert.deepEqual([...identity.configured.groups], [['S0DATALEADS', LEAD]]);
  });

  it('reads the STS settings, compacting the session policy', () => {
    const policy = { Version: '1', Statement: [{ Effect: 'Allow', Action: ['odps:Read*'], Resource: '*' }] };
    const { identity } = loadConfig(
      {
        ...AWS_ENV,
        ODPS_STS_ENDPOINT: 'https://sts.cn-shanghai.aliyuncs.com',
        ODPS_STS_DURATION_SECONDS: '900',
        ODPS_STS_POLICY: JSON.stringify(policy, null, 2),
        ODPS_STS_CACHE_SIZE: '50',
        ODPS_STS_REFRESH_MARGIN_SECONDS: '899',
        ODPS_READER_ROLE_ARN: 'acs:ram::1234567890123456:Role/reader',
      },
      'aws',
    );
    assert.deepEqual(identity.sts, {
      endpoint: 'https://sts.cn-shanghai.aliyuncs.com',
      durationSeconds: 900,
      policy: JSON.stringify(policy),
      cacheSize: 50,
      refreshMarginSeconds: 899,
    });
    assert.equal(identity.readerRoleArn, 'acs:ram::1234567890123456:role/reader');
  });

  it('takes an http STS stand-in on loopback on AWS (serverless offline), and any http one locally', () => {
    for (const endpoint of ['http://127.0.0.1:4100', 'http://localhost:4100/', 'http://[::1]:4100']) {
      assert.equal(loadConfig({ ...AWS_ENV, ODPS_STS_ENDPOINT: endpoint }, 'aws').identity.sts.endpoint, endpoint);
    }
    assert.deepEqual(problemsOf({ ODPS_STS_ENDPOINT: 'http://sts.internal:8080' }, 'local'), []);
  });
});

describe('identity configuration: problems', () => {
  it('on AWS a person mode needs the table; bot mode does not', () => {
    const { ODPS_IDENTITY_TABLE_NAME: _, ...withoutTable } = AWS_ENV;
    assert.deepEqual(problemsOf(withoutTable), []);
    assert.equal(loadConfig(withoutTable, 'aws').identity.tableName, undefined);
    for (const mode of ['person', 'person-or-bot']) {
      assert.deepEqual(problemsOf({ ...withoutTable, ODPS_IDENTITY_MODE: mode }), [
        `ODPS_IDENTITY_TABLE_NAME is required when ODPS_IDENTITY_MODE is ${mode} (the DynamoDB table of identity mappings)`,
      ]);
    }
  });

  it('locally against a real DynamoDB (ODPS_TABLE_NAME) a person mode needs the table too', () => {
    const problems = problemsOf({ ODPS_TABLE_NAME: 'real', ODPS_IDENTITY_MODE: 'person' }, 'local');
    assert.ok(
      problems.some((problem) => problem.startsWith('ODPS_IDENTITY_TABLE_NAME is required')),
      problems.join('\n'),
    );
  });

  it('reports each bad mapping entry: no =, not an id, not an ARN, an id twice', () => {
    const problems = problemsOf({
      ...AWS_ENV,
      ODPS_IDENTITY_MAP: [
        'U0ADA',
        `C0CHANNEL=${ANALYST}`,
        'U0BOB=acs:ram::1234567890123456:user/bob',
        `U0EVE=${ANALYST}`,
        `U0EVE=${LEAD}`,
        `S0LEADS="${LEAD}"`,
      ].join(','),
    });
    assert.deepEqual(problems, [
      'ODPS_IDENTITY_MAP entries must be <user or group id>=<role ARN>, got "U0ADA"',
      'ODPS_IDENTITY_MAP: "C0CHANNEL" is not a Slack user id (U…, W…) or user group id (S…)',
      'ODPS_IDENTITY_MAP: the role of U0BOB is not a RAM role ARN (acs:ram::<account>:role/<name>): "acs:ram::1234567890123456:user/bob"',
      'ODPS_IDENTITY_MAP maps U0EVE more than once',
      `ODPS_IDENTITY_MAP: the role of S0LEADS is not a RAM role ARN (acs:ram::<account>:role/<name>): "\\"${LEAD}\\""`,
    ]);
  });

  it('refuses http to a remote STS on AWS, and an endpoint with a path, a query or credentials', () => {
    assert.deepEqual(problemsOf({ ...AWS_ENV, ODPS_STS_ENDPOINT: 'http://sts.aliyuncs.com' }), [
      'ODPS_STS_ENDPOINT must be https on AWS (http only for a stand-in on loopback), got "http://sts.aliyuncs.com"',
    ]);
    for (const endpoint of [
      'https://sts.aliyuncs.com/v1',
      'https://sts.aliyuncs.com/?a=1',
      'https://u:p@sts.aliyuncs.com',
    ]) {
      assert.match(problemsOf({ ...AWS_ENV, ODPS_STS_ENDPOINT: endpoint }).join('\n'), /no path, query or credentials/);
    }
    assert.match(problemsOf({ ...AWS_ENV, ODPS_STS_ENDPOINT: 'ftp://sts' }).join('\n'), /must be an http\(s\) URL/);
  });

  it('refuses a session policy that does not parse, is no object, or is over 2048 characters', () => {
    const long = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'x'.repeat(2048) }] });
    const cases: [string, RegExp][] = [
      ['{"Version": "1",', /does not parse/],
      ['["a"]', /must be a policy document: a JSON object/],
      [long, /ODPS_STS_POLICY is \d+ characters as compact JSON, more than STS's 2048/],
    ];
    for (const [policy, problem] of cases) {
      const problems = problemsOf({ ...AWS_ENV, ODPS_STS_POLICY: policy });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0] ?? '', problem);
    }
  });

  it('a refresh margin must be shorter than the duration', () => {
    assert.deepEqual(
      problemsOf({ ...AWS_ENV, ODPS_STS_DURATION_SECONDS: '900', ODPS_STS_REFRESH_MARGIN_SECONDS: '900' }),
      ['ODPS_STS_REFRESH_MARGIN_SECONDS (900) must be less than ODPS_STS_DURATION_SECONDS (900)'],
    );
  });

  it('reports every identity problem at once, with the other parts’ problems', () => {
    const problems = problemsOf({
      ...AWS_ENV,
      ODPS_IDENTITY_TABLE_NAME: '',
      ODPS_IDENTITY_MODE: 'people',
      ODPS_IDENTITY_MAP: 'U0ADA=analyst',
      ODPS_STS_ENDPOINT: 'http://sts.aliyuncs.com',
      ODPS_STS_DURATION_SECONDS: '600',
      ODPS_STS_POLICY: 'allow all',
      ODPS_STS_CACHE_SIZE: '0',
      ODPS_STS_REFRESH_MARGIN_SECONDS: '-1',
      ODPS_READER_ROLE_ARN: 'reader',
      ODPS_READ_ONLY: 'maybe',
      LOG_LEVEL: 'chatty',
    });
    const names = [
      'ODPS_IDENTITY_MODE',
      'ODPS_IDENTITY_MAP',
      'ODPS_STS_ENDPOINT',
      'ODPS_STS_DURATION_SECONDS',
      'ODPS_STS_POLICY',
      'ODPS_STS_CACHE_SIZE',
      'ODPS_STS_REFRESH_MARGIN_SECONDS',
      'ODPS_READER_ROLE_ARN',
      'ODPS_READ_ONLY',
      'LOG_LEVEL',
    ];
    for (const name of names)
      assert.ok(
        problems.some((problem) => problem.startsWith(name)),
        `${name} in:\n${problems.join('\n')}`,
      );
    // An unknown mode falls back to bot, so the missing table is not a problem of its own.
    assert.equal(problems.length, names.length, problems.join('\n'));
  });
});
