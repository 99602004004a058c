import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_ACCOUNT } from '../../../src/emulator/index.ts';
import { parseCommand } from '../../../src/slack/commands/grammar/index.ts';
import { parseXmlBody, SignedClient } from '../../emulator/support/signed-client.ts';
import { PROJECT, useFrontDoor } from '../../support/front-door.ts';

/**
 * `/odps run --priority N --quota NAME` (issue #16): MaxCompute's job priority and the quota a job
 * runs in, each only from its allowlist (ODPS_ALLOWED_PRIORITIES, ODPS_ALLOWED_QUOTAS; unset, the
 * option is refused), checked in the acknowledgement before anything is handed off. What reaches
 * MaxCompute is read back from the emulator: the job's <Priority> and the task's settings.
 */
const door = await useFrontDoor({
  env: { ODPS_ALLOWED_PRIORITIES: '5-9', ODPS_ALLOWED_QUOTAS: 'etl_quota,adhoc', ODPS_COST_ESTIMATE: 'off' },
});
const raw = new SignedClient(door.emulator.endpoint, DEMO_ACCOUNT);

async function submittedJob(): Promise<{ priority: string; settings: Record<string, string> }> {
  const card = door.standin.calls('chat.postMessage').at(-1);
  const id = (card?.args.metadata as { event_payload?: { instance_id?: string } } | undefined)?.event_payload
    ?.instance_id;
  assert.ok(id, 'a job card');
  const source = await raw.send('GET', `/projects/${PROJECT}/instances/${id}?source`);
  const job = (parseXmlBody(source.body) as { Job: Record<string, unknown> }).Job;
  const task = (job.Tasks as { SQL: { Config: { Property: { Name: string; Value: string }[] } } }).SQL;
  const settings = task.Config.Property.find((property) => property.Name === 'settings')?.Value ?? '{}';
  return { priority: String(job.Priority), settings: JSON.parse(settings) };
}

describe('/odps run --priority and --quota', () => {
  it('reads both before the SQL; a bad value is a usage problem', () => {
    assert.deepEqual(parseCommand('run --priority 7 --quota etl_quota select 1'), {
      kind: 'run',
      sql: 'select 1',
      hints: {},
      mention: false,
      priority: 7,
      quota: 'etl_quota',
    });
    assert.deepEqual(parseCommand('run --priority 10 select 1'), {
      kind: 'usage',
      problem: { code: 'bad_priority', detail: '10' },
      subcommand: 'run',
    });
    assert.deepEqual(parseCommand('run --quota "a b" select 1'), {
      kind: 'usage',
      problem: { code: 'bad_quota', detail: 'a b' },
      subcommand: 'run',
    });
  });

  it('an allowed priority and quota reach MaxCompute as the job priority and the quota setting', async () => {
    await door.command('run --priority 6 --quota etl_quota select 1');
    await door.drain();
    const job = await submittedJob();
    assert.equal(job.priority, '6');
    assert.equal(job.settings['odps.task.wlm.quota'], 'etl_quota');
  });

  it('values off the allowlists are refused in the acknowledgement, naming the setting; nothing is submitted', async () => {
    const before = door.emulator.stats().byKind['POST instances'] ?? 0;
    const priority = await door.command('run --priority 0 select 1');
    assert.match(
      priority.body.text ?? '',
      /Priority 0 may not be asked for here; allowed: 5, 6, 7, 8, 9 \(ODPS_ALLOWED_PRIORITIES\)/,
    );
    const quota = await door.command('run --quota vip select 1');
    assert.match(quota.body.text ?? '', /Quota vip may not be named here; allowed: etl_quota, adhoc/);
    await door.drain();
    assert.equal((door.emulator.stats().byKind['POST instances'] ?? 0) - before, 0);
  });

  it('without allowlists the options are refused altogether', async () => {
    const plain = await useFrontDoor({ env: { ODPS_COST_ESTIMATE: 'off' } });
    const reply = await plain.command('run --priority 9 select 1');
    assert.match(reply.body.text ?? '', /Priority 9 may not be asked for here; allowed: - \(ODPS_ALLOWED_PRIORITIES\)/);
  });
});
