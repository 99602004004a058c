import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { TUNNEL_PREFIX } from '../../src/emulator/tunnel/routes.ts';
import { LOCAL_ANALYST_ROLE, LOCAL_BOT_ACCOUNT, localRoles } from '../../src/runtime/local-identities.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { startSigningRecorder } from '../support/signing-recorder.ts';
import { instanceIdOf } from '../support/tracker-harness.ts';

/**
 * ODPS_IDENTITY_MODE=person on `npm start`'s identities: the bot's RAM user assumes each mapped
 * person's role through the emulator's STS, and MaxCompute (the emulator) enforces the role. A
 * recording proxy in front of the emulator shows who signed every request.
 */

const ADA = 'U0ADA'; // the analyst: may read pyodps_iris, not salaries
const LILEI = 'U0LILEI'; // the admin role
const GRACE = 'U0GRACE'; // mapped to nobody
const CAROL = 'U0CAROL'; // mapped to a role that does not trust the bot
const MOSS = 'U0MOSS'; // mapped to a role that does not exist
const UNTRUSTING_ROLE = 'acs:ram::1234567890123456:role/odps-untrusting';
const MISSING_ROLE = 'acs:ram::1234567890123456:role/odps-nobody';

const recorder = await startSigningRecorder();
const door = await useFrontDoor({
  identities: true,
  emulator: {
    defaultDurationMs: 200,
    roles: [...localRoles(PROJECT), { arn: UNTRUSTING_ROLE, trustedAccessIds: [], projects: [PROJECT], writes: false }],
  },
  env: {
    ODPS_IDENTITY_MODE: 'person',
    ODPS_IDENTITY_MAP: [
      `${ADA}=${LOCAL_ANALYST_ROLE}`,
      `${LILEI}=acs:ram::1234567890123456:role/odps-admin`,
      `${CAROL}=${UNTRUSTING_ROLE}`,
      `${MOSS}=${MISSING_ROLE}`,
    ].join(','),
    ODPS_ENDPOINT: `${recorder.url}/api`,
    ODPS_TUNNEL_ENDPOINT: `${recorder.url}${TUNNEL_PREFIX}`,
    ODPS_ADMINS: ADA,
    // The run itself meets MaxCompute's refusals here; person-mode-cost.test.ts has them at the estimate.
    ODPS_COST_ESTIMATE: 'false',
  },
});
recorder.target(door.emulator.url);

/** `/odps run` as `userId` in `channelId`, the worker drained: the card's instance id, or undefined. */
async function runAs(userId: string, channelId: string, sql: string): Promise<{ id?: string; text: string }> {
  const reply = await door.command(`run ${sql}`, { userId, channelId });
  await door.drain();
  const card = door.standin.channel(channelId).find((message) => instanceIdOf(message) !== undefined);
  const told = door.standin.responses().map((response) => JSON.stringify(response.body));
  const id = card ? instanceIdOf(card) : undefined;
  return {
    ...(id ? { id } : {}),
    text: `${reply.body.text ?? ''} ${JSON.stringify(reply.body.blocks ?? [])} ${told.join(' ')}`,
  };
}

/** Ticks the stack's poller until the instance's notice is done; returns the thread's texts. */
async function noticeOf(channelId: string, instanceId: string): Promise<string> {
  for (let tick = 0; tick < 100; tick++) {
    const record = await door.store.get({ project: PROJECT, instanceId });
    if (record?.notice?.state === 'done') break;
    await door.poller.tick();
    await sleep(40);
  }
  assert.equal((await door.store.get({ project: PROJECT, instanceId }))?.notice?.state, 'done');
  return door.standin
    .channel(channelId)
    .flatMap((message) => [message.text ?? '', JSON.stringify(message.blocks ?? [])])
    .join('\n');
}

function requestsAbout(instanceId: string) {
  return recorder.requests.filter((request) => request.url.includes(instanceId));
}

describe('person mode', () => {
  it('Ada’s query runs as her role: MaxCompute’s owner names her, and nothing about it is signed by the bot', async () => {
    const { id } = await runAs(ADA, 'C0ADA', 'select count(*) as n from pyodps_iris');
    assert.ok(id, 'a job card');
    const thread = await noticeOf('C0ADA', id);
    assert.match(thread, /Succeeded|succeeded/);
    const about = requestsAbout(id);
    assert.ok(about.length >= 3, `${about.length} requests about the instance`);
    for (const request of about) {
      assert.match(request.accessId ?? '', /^STS\./, `${request.method} ${request.url}`);
      assert.equal(request.hasStsToken, true);
    }
    const creates = recorder.requests.filter((request) => request.method === 'POST' && /\/instances/.test(request.url));
    assert.ok(creates.length > 0);
    for (const request of creates) assert.notEqual(request.accessId, LOCAL_BOT_ACCOUNT.accessId, request.url);
    // The bot's key lists each project's live instances (ids and statuses) for the poller, and no more.
    for (const request of recorder.requests.filter((each) => each.accessId === LOCAL_BOT_ACCOUNT.accessId)) {
      assert.equal(request.method, 'GET', request.url);
      assert.match(request.url, /^\/api\/projects\/test_proj\/instances\?/, request.url);
    }
    const owner = (await door.parts.gateway.describe({ project: PROJECT, instanceId: id })).owner ?? '';
    assert.match(owner, /slack\.U0ADA/);
  });

  it('every other command Ada sends to MaxCompute is signed as her too', async () => {
    const { id } = await runAs(ADA, 'C0CMDS', 'select 7 as seven');
    assert.ok(id);
    await noticeOf('C0CMDS', id);
    const from = recorder.requests.length;
    for (const text of [`status ${id}`, `logview ${id}`, `result ${id}`, 'list', 'cost select 1']) {
      const reply = await door.command(text, { userId: ADA, channelId: 'C0CMDS' });
      assert.equal(reply.statusCode, 200, text);
      await door.drain();
    }
    const sent = recorder.requests.slice(from);
    assert.ok(sent.length >= 5, `${sent.length} requests`);
    // No poller ticks meanwhile (the test ticks it), so every request here is one of Ada's commands.
    for (const request of sent) {
      assert.match(request.accessId ?? '', /^STS\./, `${request.method} ${request.url}`);
    }
  });

  it('a table Ada’s role may not read fails in MaxCompute’s own words, in her thread', async () => {
    const { id, text } = await runAs(ADA, 'C0SALARY', 'select * from salaries');
    assert.ok(id, text);
    const thread = await noticeOf('C0SALARY', id);
    assert.match(thread, /ODPS-0130013/);
    assert.match(thread, /odps:Select/);
  });

  it('the admin role reads the same table', async () => {
    const { id } = await runAs(LILEI, 'C0ADMIN', 'select count(*) as n from salaries');
    assert.ok(id);
    const thread = await noticeOf('C0ADMIN', id);
    assert.doesNotMatch(thread, /ODPS-0130013/);
    assert.match(thread, /成功|Succeeded|succeeded/);
  });

  it('an unmapped person is refused before anything is sent, and told whom to ask', async () => {
    const before = recorder.requests.length;
    const { id, text } = await runAs(GRACE, 'C0GRACE', 'select 1');
    assert.equal(id, undefined);
    assert.match(text, /no MaxCompute identity here/);
    assert.match(text, /admin map/);
    assert.equal(recorder.requests.length, before, 'nothing reached MaxCompute');
  });

  it('a role that does not trust the bot, or does not exist: STS’s refusal explained, nothing submitted', async () => {
    const creates = () => recorder.requests.filter((request) => request.method === 'POST').length;
    const before = creates();
    const untrusting = await runAs(CAROL, 'C0CAROL', 'select 1');
    assert.equal(untrusting.id, undefined);
    assert.match(untrusting.text, /would not let the bot act as your role \(NoPermission\)/);
    const missing = await runAs(MOSS, 'C0MOSS', 'select 1');
    assert.equal(missing.id, undefined);
    assert.match(missing.text, /does not exist \(EntityNotExist\.Role\)/);
    assert.equal(creates(), before);
  });

  it('stop: the app lets Ada (an admin here) stop Lilei’s query, MaxCompute does not', async () => {
    const { id } = await runAs(LILEI, 'C0STOP', '--hint emulator.duration.ms=60000 select 2');
    assert.ok(id);
    const reply = await door.command(`stop ${id}`, { userId: ADA, channelId: 'C0STOP' });
    await door.drain();
    const told = `${JSON.stringify(reply.body)} ${door.standin
      .responses()
      .map((response) => JSON.stringify(response.body))
      .join(' ')}`;
    assert.match(told, /may not do that/);
    assert.match(told, /odps:Write/);
    const { status } = await door.parts.gateway.describe({ project: PROJECT, instanceId: id });
    assert.equal(status, 'Running');
    const mine = await door.command(`stop ${id}`, { userId: LILEI, channelId: 'C0STOP' });
    await door.drain();
    assert.match(JSON.stringify(mine.body), new RegExp(`octagonal_sign.*${id}`));
  });

  it('a person unmapped while their query runs: the notice and the card withhold it, nothing more is read', async () => {
    const dan = 'U0DAN';
    const store = door.parts.identity.store;
    await store.put({
      subject: { kind: 'user', userId: dan },
      roleArn: LOCAL_ANALYST_ROLE,
      mappedBy: ADA,
      mappedAt: 1,
    });
    const { id } = await runAs(dan, 'C0DAN', '--hint emulator.duration.ms=600 select 3');
    assert.ok(id);
    await store.remove({ kind: 'user', userId: dan });
    const before = requestsAbout(id).length;
    const thread = await noticeOf('C0DAN', id);
    assert.match(thread, /no MaxCompute identity here any more/);
    assert.match(thread, /Ended \(not shown\)/, 'the card says it ended, not how');
    assert.doesNotMatch(thread, /Succeeded/);
    assert.equal(requestsAbout(id).length, before, 'nothing about it was read after the unmap');
  });

  it('no log line carries a secret, an STS token or a temporary key’s secret', () => {
    const logs = door.logs.join('\n');
    assert.doesNotMatch(logs, /odps-chatops-bot-secret/);
    assert.doesNotMatch(logs, /"securityToken"\s*:\s*"[^"*]/);
  });
});
