import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useFrontDoor } from '../support/front-door.ts';

const door = await useFrontDoor({
  env: {
    ODPS_ALLOWED_TEAMS: 'T0TEAM',
    ODPS_ALLOWED_CHANNELS: 'C0CHAN,C0ZH',
    ODPS_ALLOWED_USERS: 'U0USER,U0ZHUSER',
    ODPS_ALLOWED_PROJECTS: 'test_proj',
    ODPS_CHANNEL_LOCALES: 'C0ZH=zh-CN',
  },
});
door.standin.setUser('U0ZHUSER', { name: 'li', locale: 'zh-CN' });
door.standin.setUser('U0USER', { name: 'alice', locale: 'en-US' });

describe('guardrails', () => {
  it('refuses a workspace, a channel, a user and a project outside the allowlists, and submits nothing', async () => {
    const before = door.emulator.stats().byKind['POST instances'] ?? 0;
    const team = await door.command('run select 1', { teamId: 'T0OTHER' });
    assert.match(team.body.text ?? '', /workspace is not allowed/);
    const channel = await door.command('run select 1', { channelId: 'C0ELSE' });
    assert.match(channel.body.text ?? '', /not enabled in this channel/);
    const user = await door.command('run select 1', { userId: 'U0MALLORY' });
    assert.match(user.body.text ?? '', /not on the list/);
    const project = await door.command('run -p secret_proj select 1');
    assert.match(project.body.text ?? '', /Project secret_proj is not allowed/);
    const status = await door.command('status 20261123043738049gqt7xqseb', { channelId: 'C0ELSE' });
    assert.match(status.body.text ?? '', /not enabled in this channel/);
    await door.drain();
    assert.equal((door.emulator.stats().byKind['POST instances'] ?? 0) - before, 0);
  });
});

describe('languages', () => {
  it('answers a Chinese-locale user in Chinese and posts the card in the channel’s language', async () => {
    const reply = await door.command('run select 1 as 一', { userId: 'U0ZHUSER', channelId: 'C0ZH' });
    assert.match(reply.body.text ?? '', /正在向项目 test_proj 提交查询/);
    await door.drain();
    const card = door.standin.channel('C0ZH').at(-1);
    assert.match(card?.text ?? '', /MaxCompute 实例 \w+（项目 test_proj）：运行中/);
    const blocks = JSON.stringify(card?.blocks);
    for (const label of ['停止', '刷新', '提交者']) assert.ok(blocks.includes(label), label);
  });

  it('answers an English user in English even in a Chinese channel; the card stays Chinese', async () => {
    const reply = await door.command('run select 2', { userId: 'U0USER', channelId: 'C0ZH' });
    assert.match(reply.body.text ?? '', /Submitting your query/);
    await door.drain();
    assert.match(door.standin.channel('C0ZH').at(-1)?.text ?? '', /MaxCompute 实例/);
  });

  it('usage errors come in the user’s language', async () => {
    const zh = await door.command('frobnicate', { userId: 'U0ZHUSER', channelId: 'C0ZH' });
    assert.match(zh.body.text ?? '', /不是 \/odps 的子命令/);
    const en = await door.command('frobnicate', { userId: 'U0USER' });
    assert.match(en.body.text ?? '', /is not an \/odps command/);
  });
});
