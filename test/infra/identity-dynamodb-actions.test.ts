import assert from 'node:assert/strict';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOCAL_ANALYST_ROLE } from '../../src/runtime/local-identities.ts';
import type { WorkerJob } from '../../src/slack/handoff.ts';
import { groupMembersVia } from '../../src/slack/identity/group-members.ts';
import { SlackWorker } from '../../src/slack/worker/worker.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import {
  POLLER_IDENTITY_ACTIONS,
  SLACK_IDENTITY_ACTIONS,
  WORKER_IDENTITY_ACTIONS,
} from '../support/identity-grants.ts';
import { instanceIdOf } from '../support/tracker-harness.ts';

/**
 * What each function asks of the identity mapping table (issue #17), recorded on a real table
 * (the local stack's dynalite) while people run as themselves (ODPS_IDENTITY_MODE=person): an
 * administrator maps a person and a user group, lists and unmaps, in Slack and handed to the worker;
 * a person mapped directly and one mapped through their group run a query each (the Slack
 * acknowledgement, the worker's run), ask whoami, and the poller reads both instances as their
 * requesters. Each role grants exactly the actions recorded for its function (identity-grants.ts,
 * compared with the packaged template by test/infra/serverless-package.test.ts): a call a role lacked
 * would fail every command on AWS while every local test passed.
 *
 * The local stack runs the three functions in one process on one DynamoDB client, so each call is
 * told apart by the function it was made for (AsyncLocalStorage around each entry point). On AWS each
 * function keeps its own group reads for a minute; here the worker is given its own resolver too, so
 * it reads what the worker function would, not what the acknowledgement already read.
 */
const ADMIN = 'U0ADMIN';
const ADA = 'U0ADA'; // mapped directly
const GRACE = 'U0GRACE'; // mapped through her user group only
const GROUP = 'S0ANALYSTS';
const TEMPORARY = 'U0TEMP'; // mapped and unmapped again

const door = await useFrontDoor({
  identities: true,
  emulator: { defaultDurationMs: 200 },
  env: {
    ODPS_IDENTITY_MODE: 'person',
    // Every mapping from the table: none configured to answer without it.
    ODPS_IDENTITY_MAP: '',
    ODPS_ADMINS: ADMIN,
  },
});
door.standin.setUserGroup(GROUP, { handle: 'analysts', users: [GRACE] });

type FunctionName = 'slack' | 'worker' | 'poller';
const running = new AsyncLocalStorage<FunctionName>();
/** What each function asked of the identity table; `outside` anything asked outside the three. */
const recorded = { slack: new Set<string>(), worker: new Set<string>(), poller: new Set<string>(), outside: new Set() };

const identityTable = door.parts.config.identity.tableName;
const client = door.dynamoDb;
assert.ok(identityTable && client, 'the identity store is DynamoDB on the stack’s dynalite');
client.middlewareStack.add(
  (next, context) => async (args) => {
    const input = args.input as { TableName?: string; IndexName?: string };
    if (input.TableName === identityTable) {
      const call = `${context.commandName}${input.IndexName ? ` on index ${input.IndexName}` : ''}`;
      recorded[running.getStore() ?? 'outside'].add(call);
    }
    return next(args);
  },
  { step: 'initialize', name: 'recordIdentityCalls' },
);

// The worker function: its own resolver (and so its own minute of group reads), run for every job
// the acknowledgement hands off and for the jobs this test hands it.
const deps = door.frontDoor.deps;
const worker = new SlackWorker({ ...deps, callers: door.parts.identity.callers(groupMembersVia(deps.poster)) });
door.publisher.connect((job) => running.run('worker', () => worker.handle(job)));

/** `/odps <text>` as the Slack function answers it, the worker drained: what the person was shown. */
async function command(text: string, userId: string, channelId = 'C0CHAN'): Promise<string> {
  const responses = door.standin.responses().length;
  const reply = await running.run('slack', () => door.command(text, { userId, channelId }));
  assert.equal(reply.statusCode, 200, text);
  await door.drain();
  const told = door.standin.responses().slice(responses);
  return [JSON.stringify(reply.body), ...told.map((response) => JSON.stringify(response.body))].join('\n');
}

/** An admin command handed to the worker as the acknowledgement hands one that ran out of time. */
async function commandInWorker(text: string): Promise<string> {
  const responseUrl = door.standin.newResponseUrl({ channelId: 'C0CHAN', userId: ADMIN });
  const job: WorkerJob = {
    kind: 'command',
    origin: {
      requestId: `trigger-${randomUUID()}`,
      teamId: 'T0TEAM',
      channelId: 'C0CHAN',
      userId: ADMIN,
      responseUrl,
      userLocale: 'en',
      channelLocale: 'en',
    },
    text,
  };
  await running.run('worker', () => worker.handle(job));
  return JSON.stringify(door.standin.responses().filter((response) => response.url === responseUrl));
}

/** `/odps run` as `userId`: the instance whose job card the worker posted in the channel. */
async function runAs(userId: string, channelId: string): Promise<string> {
  const told = await command('run select 1', userId, channelId);
  const card = door.standin.channel(channelId).find((message) => instanceIdOf(message) !== undefined);
  const id = card && instanceIdOf(card);
  assert.ok(id, `a job card for ${userId}: ${told}`);
  return id;
}

/** The poller function's ticks until the instance's notice is done. */
async function noticed(instanceId: string): Promise<void> {
  for (let tick = 0; tick < 100; tick++) {
    if ((await door.store.get({ project: PROJECT, instanceId }))?.notice?.state === 'done') return;
    await running.run('poller', () => door.poller.tick());
    await sleep(40);
  }
  assert.fail(`no notice for ${instanceId}`);
}

/** The IAM action DynamoDB authorizes each SDK command with. */
const IAM_ACTION_OF: Record<string, string> = {
  GetItemCommand: 'dynamodb:GetItem',
  PutItemCommand: 'dynamodb:PutItem',
  DeleteItemCommand: 'dynamodb:DeleteItem',
  UpdateItemCommand: 'dynamodb:UpdateItem',
  QueryCommand: 'dynamodb:Query',
  ScanCommand: 'dynamodb:Scan',
};
const actionsOf = (calls: ReadonlySet<string>) =>
  [...new Set([...calls].map((call) => IAM_ACTION_OF[call] ?? `unmapped ${call}`))].sort();

describe('the DynamoDB calls on the identity table', () => {
  it('are the ones each function’s role grants: no more, and none granted that it never makes', async () => {
    // The administrator in Slack: a person, a user group, a listing, a mapping made and removed.
    assert.match(await command(`admin map <@${ADA}> ${LOCAL_ANALYST_ROLE}`, ADMIN), /Mapped <@U0ADA>/);
    assert.match(await command(`admin map <!subteam^${GROUP}|@analysts> ${LOCAL_ANALYST_ROLE}`, ADMIN), /S0ANALYSTS/);
    assert.match(await command(`admin map <@${TEMPORARY}> ${LOCAL_ANALYST_ROLE}`, ADMIN), /Mapped <@U0TEMP>/);
    assert.match(await command(`admin unmap <@${TEMPORARY}>`, ADMIN), /U0TEMP/);
    assert.match(await command('admin mappings', ADMIN), /U0ADA/);
    // Who each runs as: Ada by her own mapping, Grace by her group's (the group mappings are queried).
    assert.match(await command('whoami', ADA), /odps-analyst/);
    assert.match(await command('whoami', GRACE), /S0ANALYSTS/);
    // A query each: the acknowledgement, then the worker resolves the submitter and runs it as them.
    const ada = await runAs(ADA, 'C0ADA');
    const grace = await runAs(GRACE, 'C0GRACE');
    // The poller reads each instance as whoever asked for it.
    await noticed(ada);
    await noticed(grace);
    // Admin commands the acknowledgement handed off, which the worker runs again.
    assert.match(await commandInWorker(`admin map <@${TEMPORARY}> ${LOCAL_ANALYST_ROLE}`), /Mapped <@U0TEMP>/);
    assert.match(await commandInWorker(`admin unmap <@${TEMPORARY}>`), /U0TEMP/);
    assert.match(await commandInWorker('admin mappings'), /U0ADA/);

    assert.deepEqual([...recorded.outside], [], 'every call was made by one of the functions');
    assert.deepEqual(actionsOf(recorded.slack), [...SLACK_IDENTITY_ACTIONS].sort(), 'the Slack function');
    assert.deepEqual(actionsOf(recorded.worker), [...WORKER_IDENTITY_ACTIONS].sort(), 'the worker');
    assert.deepEqual(actionsOf(recorded.poller), [...POLLER_IDENTITY_ACTIONS].sort(), 'the poller');
  });
});
