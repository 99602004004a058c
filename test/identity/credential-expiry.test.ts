import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config/config.ts';
import { startEmulator } from '../../src/emulator/index.ts';
import { MaxComputeClient } from '../../src/maxcompute/client.ts';
import { MaxComputeServiceError } from '../../src/maxcompute/errors.ts';
import { emulatorEnv } from '../../src/runtime/local-adapters.ts';
import {
  LOCAL_ANALYST_ROLE,
  LOCAL_BOT_ACCOUNT,
  localIdentityEmulator,
  localIdentityEnv,
} from '../../src/runtime/local-identities.ts';
import { buildParts } from '../../src/runtime/parts.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { describeError } from '../../src/slack/error-text.ts';
import { translator } from '../../src/slack/i18n/catalog.ts';
import { MemoryInstanceStore } from '../../src/store/memory-instance-store.ts';
import { GatewayError } from '../../src/tracker/gateway-error.ts';

/**
 * A person's temporary credentials expire while their work goes on: one clock, moved by the test,
 * drives the emulator (and its STS), the signing and the credentials cache. Credentials last 15
 * minutes (ODPS_STS_DURATION_SECONDS=900) and are renewed a minute before they end.
 */

const PROJECT = 'expiry_proj';
let offsetMs = 0;
const clock = { now: () => Date.now() + offsetMs, sleep: systemClock.sleep };
const emulator = await startEmulator({
  projects: [PROJECT],
  clock: () => clock.now(),
  defaultDurationMs: 50,
  ...localIdentityEmulator(PROJECT),
});
after(() => emulator.close());
const config = loadConfig(
  {
    SLACK_SIGNING_SECRET: 'expiry-signing-secret',
    SLACK_BOT_TOKEN: 'xoxb-expiry',
    ...emulatorEnv(emulator, PROJECT, LOCAL_BOT_ACCOUNT),
    ...localIdentityEnv({ ODPS_IDENTITY_MODE: 'person' }, emulator, true),
    ODPS_STS_DURATION_SECONDS: '900',
    ODPS_STS_REFRESH_MARGIN_SECONDS: '60',
  },
  'local',
);
const parts = buildParts(config, { store: new MemoryInstanceStore(), clock });
after(() => parts.close());
const callers = parts.identity.callers(async () => []);
const ADA = { roleArn: LOCAL_ANALYST_ROLE, sessionName: 'slack.U0ADA' };

async function finished(gateway: Awaited<ReturnType<typeof callers.of>>['gateway'], instanceId: string) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if ((await gateway.describe({ project: PROJECT, instanceId })).status === 'Terminated') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`${instanceId} never ended`);
}

describe('a person’s credentials expiring during their work', () => {
  it('are renewed before the next request, and an export opened before the expiry reads to its end', async () => {
    const { gateway } = await callers.of('U0ADA');
    const key = await gateway.submitSql({
      project: PROJECT,
      sql: 'select * from pyodps_iris',
      hints: {},
      guid: 'exp-1',
    });
    await finished(gateway, key.instanceId);
    const first = await parts.identity.credentials.credentials(ADA);
    const opened = await gateway.exportResult(key);
    offsetMs += 16 * 60_000; // past the first credentials' end
    // MaxCompute (the emulator) refuses the first credentials now.
    const stale = new MaxComputeClient({
      endpoint: emulator.endpoint,
      project: PROJECT,
      clock,
      credentials: { accessId: first.accessKeyId, secret: first.accessKeySecret, securityToken: first.securityToken },
    });
    await assert.rejects(stale.getInstance(key.instanceId).status(), (error: unknown) => {
      assert.ok(error instanceof MaxComputeServiceError);
      assert.equal(error.serviceCode, 'SecurityTokenExpired');
      return true;
    });
    let csv = '';
    for await (const chunk of opened.csv()) csv += chunk;
    assert.equal(csv.trim().split('\n').length, opened.rowCount + 1);
    const result = await gateway.result(key);
    assert.equal(result.kind, 'table');
    const renewed = await parts.identity.credentials.credentials(ADA);
    assert.notEqual(renewed.accessKeyId, first.accessKeyId);
    assert.equal(parts.identity.credentials.stats().assumes, 2);
  });

  it('when STS cannot renew them, the call fails as retryable identity_unavailable and the person is told to retry', async () => {
    const { gateway } = await callers.of('U0ADA');
    offsetMs += 16 * 60_000;
    emulator.sts.faults.set({ unavailableRate: 1 });
    try {
      await assert.rejects(gateway.list(PROJECT, { max: 5 }), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.code, 'identity_unavailable');
        assert.equal(error.retryable, true);
        assert.equal(error.serviceCode, 'ServiceUnavailable');
        assert.match(describeError(error, translator('en')).explanation, /STS did not give the bot your role/);
        return true;
      });
    } finally {
      emulator.sts.faults.reset();
    }
    await gateway.list(PROJECT, { max: 5 });
  });
});
