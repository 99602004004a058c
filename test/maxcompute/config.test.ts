import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import type { Env } from '../../src/config/env-reader.ts';
import { isLocalOrIpEndpoint, regionFromEndpoint } from '../../src/maxcompute/endpoint.ts';

const valid = {
  ODPS_ENDPOINT: 'https://service.cn-hangzhou.maxcompute.aliyun.com/api',
  ODPS_PROJECT_NAME: 'my_proj',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tEXAMPLE',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'super-secret-value',
  ALIBABA_CLOUD_SECURITY_TOKEN: 'sts-token-value',
};

/** The MaxCompute part of the one configuration, on AWS, the other parts valid. */
const loadMaxComputeConfig = (env: Env) =>
  loadConfig(
    {
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      SLACK_BOT_TOKEN: 'xoxb-token-value',
      SLACK_BOT_ID: 'B0BOT',
      SLACK_BOT_USER_ID: 'U0BOT',
      ODPS_TABLE_NAME: 'instances',
      ODPS_EVENT_BUS_NAME: 'odps-chatops',
      ...env,
    },
    'aws',
  ).maxcompute;

describe('MaxCompute configuration', () => {
  it('reads PyODPS and Alibaba Cloud names into a frozen config', () => {
    const config = loadMaxComputeConfig({ ...valid, ODPS_LOGVIEW_HOST: 'http://logview.example.com ' });
    assert.ok(config);
    assert.equal(config.project, 'my_proj');
    assert.equal(config.logviewHost, 'http://logview.example.com');
    assert.equal(config.logviewHours, 720);
    assert.equal(config.credentials.secret, 'super-secret-value');
    assert.equal(config.credentials.securityToken, 'sts-token-value');
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.credentials));
  });

  it('never shows the secret or token when the config is serialised', () => {
    const text = JSON.stringify(loadMaxComputeConfig(valid));
    assert.ok(!text.includes('super-secret-value') && !text.includes('sts-token-value'), text);
  });

  it('reports every problem at once', () => {
    let error: unknown;
    try {
      loadMaxComputeConfig({ ODPS_ENDPOINT: 'ftp://x', ODPS_PROJECT_NAME: 'a/b', ODPS_LOGVIEW_HOURS: 'soon' });
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof ConfigError);
    const all = error.problems.join('\n');
    for (const name of [
      'ODPS_ENDPOINT',
      'ODPS_PROJECT_NAME',
      'ODPS_LOGVIEW_HOURS',
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    ]) {
      assert.ok(all.includes(name), `${name} in ${all}`);
    }
  });
});

describe('endpoint facts', () => {
  it('reads the region off public and VPC endpoints as PyODPS does', () => {
    assert.equal(regionFromEndpoint('https://service.cn-hangzhou.maxcompute.aliyun.com/api'), 'cn-hangzhou');
    assert.equal(regionFromEndpoint('http://service.cn-shanghai-vpc.maxcompute.aliyun-inc.com/api'), 'cn-shanghai');
    assert.equal(regionFromEndpoint('http://service.odps.aliyun.com/api'), undefined);
    assert.equal(regionFromEndpoint('http://127.0.0.1:8787/api'), undefined);
    assert.equal(regionFromEndpoint('not a url'), undefined);
  });

  it('knows loopback and IP endpoints', () => {
    assert.ok(isLocalOrIpEndpoint('http://127.0.0.1:1/api'));
    assert.ok(isLocalOrIpEndpoint('http://localhost:1/api'));
    assert.ok(!isLocalOrIpEndpoint('https://service.cn-hangzhou.maxcompute.aliyun.com/api'));
  });
});
