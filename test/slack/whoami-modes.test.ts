import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryInstanceStore } from '../../src/store/memory-instance-store.ts';
import { useFrontDoor } from '../support/front-door.ts';

/**
 * `/odps whoami` and `/odps admin` in the two modes other than person (admin-mappings.test.ts has
 * person mode): the bot's account and why, and mappings prepared before a switch to person mode. On
 * the in-memory stores (the mapping store follows the instance store's kind).
 */
const ANALYST = 'acs:ram::1234567890123456:role/analyst';

const bot = await useFrontDoor({
  store: new MemoryInstanceStore(),
  env: { ODPS_ADMINS: 'U0ADMIN', ODPS_IDENTITY_MODE: 'bot' },
});
const either = await useFrontDoor({
  store: new MemoryInstanceStore(),
  env: { ODPS_ADMINS: 'U0ADMIN', ODPS_IDENTITY_MODE: 'person-or-bot' },
});
for (const door of [bot, either]) {
  door.standin.setUser('U0ADMIN', { name: 'root', locale: 'en-US' });
  door.standin.setUser('U0ANNA', { name: 'anna', locale: 'en-US' });
  door.standin.setUser('U0LILEI', { name: 'lilei', locale: 'zh-CN' });
}

const shown = (reply: { body: { text?: string; blocks?: unknown[] } }) =>
  `${reply.body.text ?? ''}\n${JSON.stringify(reply.body.blocks ?? [])}`;

describe('bot mode', () => {
  it('whoami: everyone runs as the bot’s account, which MaxCompute’s audit shows', async () => {
    const me = shown(await bot.command('whoami', { userId: 'U0ANNA' }));
    assert.match(me, /Identity mode: bot \(ODPS_IDENTITY_MODE\)/);
    assert.match(me, /You run as the bot’s account, as everyone does in this mode/);
    assert.match(me, /MaxCompute’s audit shows the bot’s account, not you/);
    assert.match(me, /Admins \(ODPS_ADMINS\): <@U0ADMIN>/);
    const zh = shown(await bot.command('whoami', { userId: 'U0LILEI' }));
    assert.match(zh, /身份模式：bot/);
    assert.match(zh, /你以机器人的账号运行/);
  });

  it('admin commands work, and say the mappings wait for person or person-or-bot', async () => {
    const mapped = shown(await bot.command(`admin map <@U0ANNA|anna> ${ANALYST}`, { userId: 'U0ADMIN' }));
    assert.match(mapped, /Mapped <@U0ANNA> to/);
    assert.match(mapped, /ODPS_IDENTITY_MODE is bot: mappings take effect only when it is person or person-or-bot/);
    const listed = shown(await bot.command('admin mappings', { userId: 'U0ADMIN' }));
    assert.match(listed, /<@U0ANNA> → `acs:ram::1234567890123456:role\/analyst`/);
    assert.match(listed, /ODPS_IDENTITY_MODE is bot/);
    // Prepared, not yet in effect.
    assert.match(shown(await bot.command('whoami', { userId: 'U0ANNA' })), /You run as the bot’s account/);
    const removed = shown(await bot.command('admin unmap <@U0ANNA>', { userId: 'U0ADMIN' }));
    assert.match(removed, /Removed the mapping of <@U0ANNA>/);
    assert.match(removed, /ODPS_IDENTITY_MODE is bot/);
  });

  it('an empty listing says nobody is mapped', async () => {
    const listed = shown(await bot.command('admin mappings', { userId: 'U0ADMIN' }));
    assert.match(listed, /Nobody is mapped to a role/);
  });
});

describe('/odps help', () => {
  it('lists whoami and the admin commands, in both languages', async () => {
    const en = JSON.stringify((await bot.command('help', { userId: 'U0ANNA' })).body.blocks);
    assert.match(en, /\/odps whoami: who your queries run as in MaxCompute/);
    assert.match(en, /\/odps admin map\|unmap\|mappings: \(admins\)/);
    const zh = JSON.stringify((await bot.command('help', { userId: 'U0LILEI' })).body.blocks);
    assert.match(zh, /\/odps whoami：你的查询在 MaxCompute 中以什么身份运行/);
    assert.match(zh, /\/odps admin map\|unmap\|mappings：（管理员）/);
  });
});

describe('person-or-bot mode', () => {
  it('whoami: an unmapped person runs as the bot’s account, and is told why', async () => {
    const me = shown(await either.command('whoami', { userId: 'U0ANNA' }));
    assert.match(me, /Identity mode: person-or-bot/);
    assert.match(me, /You run as the bot’s account: no role is mapped to you or to a user group of yours/);
    const zh = shown(await either.command('whoami', { userId: 'U0LILEI' }));
    assert.match(zh, /你以机器人的账号运行：你本人和你所在的用户组都没有映射角色/);
  });

  it('whoami: a mapped person runs as their role at once, with no note about the mode on the map', async () => {
    const mapped = shown(await either.command(`admin map <@U0ANNA> ${ANALYST}`, { userId: 'U0ADMIN' }));
    assert.doesNotMatch(mapped, /ODPS_IDENTITY_MODE is bot/);
    const me = shown(await either.command('whoami', { userId: 'U0ANNA' }));
    assert.match(me, /You run as `acs:ram::1234567890123456:role\/analyst`, mapped to you by <@U0ADMIN>/);
    assert.match(me, /role session `slack\.U0ANNA`/);
  });
});
