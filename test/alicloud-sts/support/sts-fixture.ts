import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';
import { StsClient, type StsClientOptions, StsError } from '../../../src/alicloud-sts/index.ts';
import { rapidRetryPolicy } from '../../../src/shared/retry-policy.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { type ScriptedSts, startScriptedSts } from './scripted-sts.ts';

/** The bot's own AccessKey, the role it assumes, and a scripted STS that knows the key, reset before each test. */
export const BOT = { accessKeyId: 'LTAI5tBotAccessKey', accessKeySecret: 'bot-secret-0123456789abcdef' };
export const ROLE = { roleArn: 'acs:ram::1234567890123456:role/analyst', roleSessionName: 'slack.U0ADA' };
export const ROLE_FORM = { RoleArn: ROLE.roleArn, RoleSessionName: ROLE.roleSessionName };

export function useScriptedSts(): { readonly current: ScriptedSts } {
  const holder: { current: ScriptedSts } = { current: undefined as unknown as ScriptedSts };
  before(async () => {
    holder.current = await startScriptedSts({ [BOT.accessKeyId]: BOT.accessKeySecret });
  });
  after(() => holder.current.close());
  beforeEach(() => {
    holder.current.requests.length = 0;
    holder.current.script();
  });
  return holder;
}

/** A client of `endpoint` on a manual clock (pauses take no time), with numbered nonces. */
export function stsClient(endpoint: string, options: Partial<StsClientOptions> = {}) {
  let nonce = 0;
  const clock = new ManualClock(Date.UTC(2024, 2, 15, 8, 30, 0));
  const client = new StsClient({
    endpoint,
    credentials: BOT,
    clock,
    retryPolicy: rapidRetryPolicy,
    newNonce: () => `nonce-${++nonce}`,
    ...options,
  });
  return { client, clock };
}

export function rejectsWith(code: string, check: (error: StsError) => void = () => {}) {
  return (error: unknown) => {
    assert.ok(error instanceof StsError, String(error));
    assert.equal(error.code, code, error.message);
    check(error);
    return true;
  };
}
