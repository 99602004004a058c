import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_BOT_ACCOUNT } from '../../src/runtime/local-identities.ts';
import { PROJECT, useFrontDoor } from '../support/front-door.ts';
import { instanceIdOf } from '../support/tracker-harness.ts';

/**
 * `npm start`'s identities as it runs them: ODPS_IDENTITY_MODE=person-or-bot, Ada mapped to the
 * analyst's role and Lilei to the admin's, Grace to nobody, and the cost guard on (the default).
 */

const door = await useFrontDoor({ identities: true, emulator: { defaultDurationMs: 200 } });

async function runAs(userId: string, channelId: string, sql: string) {
  const reply = await door.command(`run ${sql}`, { userId, channelId });
  await door.drain();
  const card = door.standin.channel(channelId).find((message) => instanceIdOf(message) !== undefined);
  const told = door.standin
    .responses()
    .map((response) => JSON.stringify(response.body))
    .join(' ');
  return { card, id: card ? instanceIdOf(card) : undefined, told: `${JSON.stringify(reply.body)} ${told}` };
}

describe('person-or-bot mode with the cost guard', () => {
  it('Grace, mapped to nobody, runs as the bot’s account, and her card says so', async () => {
    const { card, id } = await runAs('U0GRACE', 'C0GRACE', 'select count(*) as n from pyodps_iris');
    assert.ok(id);
    assert.match(JSON.stringify(card?.blocks), /as the bot’s account: no MaxCompute identity is mapped/);
    const { owner } = await door.parts.gateway.describe({ project: PROJECT, instanceId: id });
    assert.equal(owner, LOCAL_BOT_ACCOUNT.owner);
    assert.deepEqual((await door.store.get({ project: PROJECT, instanceId: id }))?.runAs, { kind: 'bot' });
  });

  it('Ada runs as her role, her card names it and her estimate was made as her', async () => {
    const { card, id } = await runAs('U0ADA', 'C0ADA', 'select count(*) as n from pyodps_iris');
    assert.ok(id);
    assert.match(JSON.stringify(card?.blocks), /as role `odps-analyst` \(session `slack\.U0ADA`\)/);
    const record = await door.store.get({ project: PROJECT, instanceId: id });
    assert.equal(record?.runAs?.kind, 'person');
    assert.equal(record?.cost?.kind, 'estimated');
  });

  it('MaxCompute refuses Ada’s estimate of a table her role may not read: she is told why, nothing runs', async () => {
    const { id, told } = await runAs('U0ADA', 'C0SALARIES', 'select * from salaries');
    assert.equal(id, undefined);
    assert.match(told, /identity this ran as may not do that/);
    assert.match(told, /ODPS-0130013/);
    assert.match(told, /odps:Select/);
  });
});
