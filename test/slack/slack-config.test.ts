import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/config/config-error.ts';
import type { Env } from '../../src/config/env-reader.ts';

/** The Slack part of the one configuration, on AWS (bot ids required), the other parts valid. */
const loadSlackConfig = (env: Env) =>
  loadConfig(
    {
      ODPS_ENDPOINT: 'https://service.cn-hangzhou.maxcompute.aliyun.com/api',
      ODPS_PROJECT_NAME: 'my_proj',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tEXAMPLE',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'mc-secret-value',
      ODPS_TABLE_NAME: 'instances',
      ODPS_EVENT_BUS_NAME: 'odps-chatops',
      ...env,
    },
    'aws',
  ).slack;

const base = {
  SLACK_SIGNING_SECRET: 'signing-secret-value',
  SLACK_BOT_TOKEN: 'xoxb-token-value',
  SLACK_BOT_ID: 'B0BOT',
  SLACK_BOT_USER_ID: 'U0BOT',
};

describe('Slack configuration and guardrails', () => {
  it('parses allowlists, read-only channels, languages and the ack budget', () => {
    const config = loadSlackConfig({
      ...base,
      ODPS_ALLOWED_CHANNELS: 'C01, C02',
      ODPS_ADMINS: 'U0ADMIN',
      ODPS_READ_ONLY: 'yes',
      ODPS_READ_ONLY_CHANNELS: 'C02',
      ODPS_CHANNEL_LOCALES: 'C01=zh-CN,C02=en',
      ODPS_DEFAULT_LOCALE: 'zh-CN',
      ODPS_ACK_BUDGET_MS: '900',
    });
    assert.deepEqual([...config.guard.allowedChannels], ['C01', 'C02']);
    assert.equal(config.guard.readOnly, true);
    assert.equal(config.locales.byChannel.get('C01'), 'zh-CN');
    assert.equal(config.locales.defaultLocale, 'zh-CN');
    assert.equal(config.ackBudgetMs, 900);
    assert.ok(Object.isFrozen(config));
    const text = JSON.stringify(config);
    assert.ok(!text.includes('signing-secret-value') && !text.includes('xoxb-token-value'), text);
  });

  it('reports every problem in one error', () => {
    let caught: unknown;
    try {
      loadSlackConfig({
        ODPS_ALLOWED_USERS: 'U01,not an id',
        ODPS_READ_ONLY: 'maybe',
        ODPS_CHANNEL_LOCALES: 'C01:zh',
        ODPS_ACK_BUDGET_MS: '5000',
      });
    } catch (error) {
      caught = error;
    }
    assert.ok(caught instanceof ConfigError);
    const all = caught.problems.join('\n');
    for (const name of [
      'SLACK_SIGNING_SECRET',
      'SLACK_BOT_TOKEN',
      'SLACK_BOT_ID',
      'SLACK_BOT_USER_ID',
      'ODPS_ALLOWED_USERS',
      'ODPS_READ_ONLY',
      'ODPS_CHANNEL_LOCALES',
      'ODPS_ACK_BUDGET_MS',
    ]) {
      assert.ok(all.includes(name), `${name} in:\n${all}`);
    }
  });
});
