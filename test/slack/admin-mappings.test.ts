import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EmulatorAccount } from '../../src/emulator/index.ts';
import { freePort } from '../support/free-port.ts';
import { useFrontDoor } from '../support/front-door.ts';

/**
 * `/odps admin map|unmap|mappings` and `/odps whoami` through the front door, in person mode, on the
 * DynamoDB mapping table (dynalite) and the emulator's STS stand-in: what each answers in both
 * languages, what it writes, what it refuses before writing, its audit lines, and that a change is
 * seen by the very next command (group reads and a person's credentials are not kept past it).
 */
const ACCOUNT = '1234567890123456';
const ANALYST = `acs:ram::${ACCOUNT}:role/analyst`;
const ENGINEER = `acs:ram::${ACCOUNT}:role/engineer`;
const CONFIGURED = `acs:ram::${ACCOUNT}:role/configured`;
const CONFIGURED_GROUP = `acs:ram::${ACCOUNT}:role/confgroup`;
/** The bot as a RAM user: STS lets no root account assume a role. */
const BOT: EmulatorAccount = { accessId: 'bot-access-id', secret: 'bot-secret', owner: `RAM$${ACCOUNT}:odps-bot` };

const stsPort = await freePort();
const door = await useFrontDoor({
  env: {
    ODPS_ADMINS: 'U0ADMIN,U0LIADMIN',
    ODPS_ALLOWED_CHANNELS: 'C0CHAN',
    ODPS_IDENTITY_MODE: 'person',
    ODPS_IDENTITY_MAP: `U0CONF=${CONFIGURED},S0CONFGRP=${CONFIGURED_GROUP}`,
    ODPS_STS_ENDPOINT: `http://127.0.0.1:${stsPort}`,
  },
  emulator: {
    accounts: [BOT],
    stsPort,
    roles: [ANALYST, ENGINEER].map((arn) => ({
      arn,
      trustedAccessIds: [BOT.accessId],
      projects: ['test_proj'],
      writes: false,
    })),
  },
  secrets: { credentials: BOT },
});
for (const [id, name, locale] of [
  ['U0ADMIN', 'root', 'en-US'],
  ['U0LIADMIN', 'wang', 'zh-CN'],
  ['U0ANNA', 'anna', 'en-US'],
  ['U0BEN', 'ben', 'en-US'],
  ['U0LILEI', 'lilei', 'zh-CN'],
  ['U0GRACE', 'grace', 'en-US'],
  ['U0CONF', 'conf', 'en-US'],
  ['U0NOBODY', 'nobody', 'en-US'],
] as const) {
  door.standin.setUser(id, { name, locale });
}
door.standin.setUserGroup('S0ANALYSTS', { handle: 'analysts', users: ['U0GRACE'] });
door.standin.setUserGroup('S0CONFGRP', { handle: 'conf-group', users: ['U0LILEI'] });

const store = door.parts.identity.store;
const admin = (text: string, userId = 'U0ADMIN') => door.command(`admin ${text}`, { userId });
const whoami = (userId: string, channelId = 'C0CHAN') => door.command('whoami', { userId, channelId });
/** The reply's whole text, blocks included: mentions, dates and code are in the blocks. */
const shown = (reply: { body: { text?: string; blocks?: unknown[] } }) =>
  `${reply.body.text ?? ''}\n${JSON.stringify(reply.body.blocks ?? [])}`;

/** The `admin` audit lines logged so far, parsed. */
function adminAudits(): Array<Record<string, unknown>> {
  return door.logs
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.message === 'audit' && record.event === 'admin');
}

describe('/odps admin map and unmap', () => {
  it('maps a person, says so, and their whoami shows the role, who mapped it, when, and their session', async () => {
    const reply = await admin(`map <@U0ANNA|anna> ${ANALYST}`);
    assert.equal(reply.body.response_type, 'ephemeral');
    assert.match(shown(reply), new RegExp(`Mapped <@U0ANNA> to \`${ANALYST}\`\\.`));
    assert.deepEqual(await store.get({ kind: 'user', userId: 'U0ANNA' }), {
      subject: { kind: 'user', userId: 'U0ANNA' },
      roleArn: ANALYST,
      mappedBy: 'U0ADMIN',
      mappedAt: (await store.get({ kind: 'user', userId: 'U0ANNA' }))?.mappedAt,
    });
    const me = shown(await whoami('U0ANNA'));
    assert.match(me, /Identity mode: person/);
    assert.match(me, new RegExp(`You run as \`${ANALYST}\`, mapped to you by <@U0ADMIN> <!date\\^\\d+\\^`));
    assert.match(me, /role session `slack\.U0ANNA`/);
    assert.match(me, /Admins \(ODPS_ADMINS\): <@U0ADMIN>, <@U0LIADMIN>/);
    const [line] = adminAudits().filter((record) => record.subject === 'U0ANNA');
    assert.equal(line?.action, 'admin.map');
    assert.equal(line?.outcome, 'mapped');
    assert.equal(line?.user, 'U0ADMIN');
    assert.equal(line?.roleArn, ANALYST);
    assert.equal(line?.previousRoleArn, undefined);
  });

  it('says what a new mapping replaced, and audits the role before and after', async () => {
    await admin(`map <@U0BEN|ben> ${ANALYST}`);
    const reply = await admin(`map <@U0BEN> ${ENGINEER}`);
    assert.match(shown(reply), new RegExp(`Mapped <@U0BEN> to \`${ENGINEER}\`, in place of \`${ANALYST}\``));
    assert.match(shown(reply), /mapped by <@U0ADMIN> <!date\^/);
    const again = await admin(`map U0BEN ${ENGINEER}`);
    assert.match(shown(again), /already mapped to it/);
    const lines = adminAudits().filter((record) => record.subject === 'U0BEN');
    assert.deepEqual(
      lines.map((record) => [record.outcome, record.roleArn, record.previousRoleArn]),
      [
        ['mapped', ANALYST, undefined],
        ['replaced', ENGINEER, ANALYST],
        ['replaced', ENGINEER, ENGINEER],
      ],
    );
    assert.match(shown(await whoami('U0BEN')), new RegExp(`You run as \`${ENGINEER}\``));
  });

  it('answers a Chinese admin in Chinese, and the person’s whoami in theirs', async () => {
    const reply = await admin(`map <@U0LILEI|lilei> ${ANALYST}`, 'U0LIADMIN');
    assert.match(shown(reply), new RegExp(`已将 <@U0LILEI> 映射到 \`${ANALYST}\``));
    const me = shown(await whoami('U0LILEI'));
    assert.match(me, /身份模式：person/);
    assert.match(me, new RegExp(`你以 \`${ANALYST}\` 运行，由 <@U0LIADMIN> 于 <!date`));
    assert.match(me, /角色会话 `slack\.U0LILEI`/);
    const removed = await admin('unmap <@U0LILEI|lilei>', 'U0LIADMIN');
    assert.match(shown(removed), new RegExp(`已删除 <@U0LILEI> 到 \`${ANALYST}\` 的映射`));
    // Back to the configuration's group, which holds Li Lei.
    assert.match(shown(await whoami('U0LILEI')), /你通过用户组 <!subteam\^S0CONFGRP> 以 `[^`]+confgroup` 运行/);
  });

  it('unmaps: says what it removed, or that there was nothing; a configured mapping still applies', async () => {
    await admin(`map <@U0ANNA> ${ANALYST}`);
    const removed = await admin('unmap <@U0ANNA|anna>');
    assert.match(
      shown(removed),
      new RegExp(`Removed the mapping of <@U0ANNA> to \`${ANALYST}\` \\(made by <@U0ADMIN>`),
    );
    assert.equal(await store.get({ kind: 'user', userId: 'U0ANNA' }), undefined);
    const nothing = await admin('unmap <@U0ANNA|anna>');
    assert.match(shown(nothing), /<@U0ANNA> has no mapping made here; nothing was removed\./);
    const configured = await admin('unmap <@U0CONF>');
    assert.match(shown(configured), new RegExp(`ODPS_IDENTITY_MAP still maps <@U0CONF> to \`${CONFIGURED}\``));
    const outcomes = adminAudits()
      .filter((record) => record.action === 'admin.unmap' && record.subject === 'U0ANNA')
      .map((record) => [record.outcome, record.previousRoleArn]);
    assert.deepEqual(outcomes.slice(-2), [
      ['removed', ANALYST],
      ['none', undefined],
    ]);
  });
});

describe('user groups', () => {
  it('maps a group from its mention; whoami shows the group’s role at once, and each change to it', async () => {
    assert.match(shown(await whoami('U0GRACE')), /Refused: no role is mapped to you/);
    const mapped = await admin(`map <!subteam^S0ANALYSTS|@analysts> ${ANALYST}`);
    assert.match(shown(mapped), new RegExp(`Mapped <!subteam\\^S0ANALYSTS> to \`${ANALYST}\``));
    // The refusal above kept the group mappings it read (60 s); the map dropped them.
    const viaGroup = shown(await whoami('U0GRACE'));
    assert.match(viaGroup, new RegExp(`You run as \`${ANALYST}\`, through the user group <!subteam\\^S0ANALYSTS>`));
    assert.match(viaGroup, /mapped by <@U0ADMIN> <!date\^/);
    await admin(`map <!subteam^S0ANALYSTS> ${ENGINEER}`);
    assert.match(shown(await whoami('U0GRACE')), new RegExp(`You run as \`${ENGINEER}\`, through the user group`));
    const removed = await admin('unmap <!subteam^S0ANALYSTS|@analysts>');
    assert.match(shown(removed), /Removed the mapping of <!subteam\^S0ANALYSTS>/);
    assert.match(shown(await whoami('U0GRACE')), /Refused/);
    const line = adminAudits().find((record) => record.subject === 'S0ANALYSTS' && record.outcome === 'replaced');
    assert.equal(line?.previousRoleArn, ANALYST);
  });
});

describe('/odps admin mappings', () => {
  it('lists groups, then people, with who mapped them and when, and the configuration’s, labelled', async () => {
    await admin(`map <!subteam^S0DATALEADS|@data-leads> ${ENGINEER}`);
    await admin(`map <@U0ANNA> ${ANALYST}`);
    const reply = await admin('mappings');
    assert.equal(reply.body.response_type, 'ephemeral');
    const text = shown(reply);
    assert.match(text, /Identity mappings/);
    assert.match(text, new RegExp(`<!subteam\\^S0DATALEADS> → \`${ENGINEER}\` · by <@U0ADMIN> <!date\\^`));
    assert.match(text, new RegExp(`<!subteam\\^S0CONFGRP> → \`${CONFIGURED_GROUP}\` · configuration`));
    assert.match(text, new RegExp(`<@U0ANNA> → \`${ANALYST}\` · by <@U0ADMIN>`));
    assert.match(text, new RegExp(`<@U0CONF> → \`${CONFIGURED}\` · configuration \\(ODPS_IDENTITY_MAP\\)`));
    const order = ['*User groups*', 'S0DATALEADS', 'S0CONFGRP', '*People*', 'U0ANNA', 'U0CONF'].map((part) =>
      text.indexOf(part),
    );
    assert.ok(
      order.every((at, index) => at >= 0 && (index === 0 || at > (order[index - 1] ?? 0))),
      String(order),
    );
    assert.doesNotMatch(text, /ODPS_IDENTITY_MODE is bot/);
    assert.ok(adminAudits().some((record) => record.action === 'admin.mappings' && record.outcome === 'listed'));
    await admin('unmap <!subteam^S0DATALEADS>');
  });

  it('is in Chinese for a Chinese admin', async () => {
    const text = shown(await admin('mappings', 'U0LIADMIN'));
    assert.match(text, /身份映射/);
    assert.match(text, /配置（ODPS_IDENTITY_MAP）/);
  });
});

describe('refusals and bad input', () => {
  it('refuses whoever is not in ODPS_ADMINS, names the rule, writes nothing and audits the attempt', async () => {
    const before = await store.list();
    for (const text of [`map <@U0GRACE> ${ENGINEER}`, 'unmap <@U0ANNA>', 'mappings', 'map oops']) {
      const reply = await admin(text, 'U0GRACE');
      assert.match(shown(reply), /Only the admins named in ODPS_ADMINS may change or list identity mappings/, text);
    }
    const zh = await admin('mappings', 'U0LILEI');
    assert.match(shown(zh), /只有 ODPS_ADMINS 中列出的管理员/);
    assert.deepEqual(await store.list(), before);
    const refused = adminAudits().filter((record) => record.user === 'U0GRACE' && record.outcome === 'refused');
    assert.deepEqual(
      refused.map((record) => record.action),
      ['admin.map', 'admin.unmap', 'admin.mappings', 'admin.usage'],
    );
  });

  it('answers malformed commands with the admin usage and an example ARN, before any write', async () => {
    const before = await store.list();
    const cases: Array<[string, RegExp]> = [
      [`map <@U0ANNA> acs:ram::${ACCOUNT}:user/analyst`, /"acs:ram::\d+:user\/analyst" is not a RAM role ARN/],
      [`map <@U0ANNA> ${ANALYST}"`, /is not a RAM role ARN/],
      [`map ${ANALYST}`, /"acs:ram::\d+:role\/analyst" is not a person or a user group/],
      ['map', /name the person or user group/],
      ['map <@U0ANNA|anna>', /the RAM role ARN to map them to is needed/],
      [`map @anna ${ANALYST}`, /"@anna" is not a person or a user group: @mention them/],
      [`map <@U0ANNA> ${ANALYST} please`, /did not expect "please"/],
      ['unmap <@U0ANNA> <@U0BEN|ben>', /did not expect "@ben"/],
      ['mappings all', /did not expect "all"/],
      ['grant <@U0ANNA>', /"grant" is not an admin command: map, unmap or mappings/],
    ];
    for (const [text, problem] of cases) {
      const reply = shown(await admin(text));
      assert.match(reply, problem, text);
      assert.match(reply, /\/odps admin map &lt;@person \| @user-group&gt; &lt;role ARN&gt;/, text);
      assert.match(reply, /acs:ram::1234567890123456:role\/analyst/, text);
    }
    const zh = shown(await admin('map <@U0ANNA>', 'U0LIADMIN'));
    assert.match(zh, /需要提供要映射到的 RAM 角色 ARN/);
    assert.match(zh, /例如 \/odps admin map @ada acs:ram::1234567890123456:role\/analyst/);
    assert.deepEqual(await store.list(), before);
  });

  it('shows the admin help for /odps admin alone', async () => {
    const reply = shown(await admin('', 'U0GRACE'));
    assert.match(reply, /The \/odps admin commands/);
    assert.match(reply, /\/odps admin mappings/);
  });

  it('keeps /odps to its channels: whoami and admin commands elsewhere are refused', async () => {
    assert.match(shown(await whoami('U0ANNA', 'C0ELSE')), /not enabled in this channel/);
    const reply = await door.command('admin mappings', { userId: 'U0ADMIN', channelId: 'C0ELSE' });
    assert.match(shown(reply), /not enabled in this channel/);
  });
});

describe('/odps whoami in person mode', () => {
  it('says configured people and groups come from the configuration, and refuses the unmapped', async () => {
    assert.match(shown(await whoami('U0CONF')), /mapped to you in the configuration \(ODPS_IDENTITY_MAP\)/);
    const nobody = shown(await whoami('U0NOBODY'));
    assert.match(nobody, /Refused: no role is mapped to you or to a user group of yours/);
    assert.match(nobody, /Ask an admin to map you/);
    assert.match(nobody, /Once you are mapped, MaxCompute’s audit will show you as the role session `slack\.U0NOBODY`/);
    assert.match(nobody, /<@U0ADMIN>, <@U0LIADMIN>/);
  });

  it('answers within the acknowledgement and never asks STS', async () => {
    const assumed = door.emulator.sts.stats().requests;
    const reply = await whoami('U0GRACE');
    assert.equal(reply.statusCode, 200);
    assert.ok(reply.ms < 800, `${reply.ms} ms`);
    assert.doesNotMatch(shown(reply), /Working on it/);
    assert.equal(door.emulator.sts.stats().requests, assumed);
  });
});

describe('credentials kept for a person', () => {
  it('are dropped when their mapping changes or is removed', async () => {
    const credentials = door.parts.identity.credentials;
    await admin(`map <@U0ANNA> ${ANALYST}`);
    const before = credentials.stats().size;
    await door.command('list', { userId: 'U0ANNA' });
    await door.drain();
    assert.equal(credentials.stats().size, before + 1, 'the analyst role assumed for Anna');
    await admin(`map <@U0ANNA> ${ENGINEER}`);
    assert.equal(credentials.stats().size, before, 'the analyst role’s credentials forgotten');
    await door.command('list', { userId: 'U0ANNA' });
    await door.drain();
    assert.equal(credentials.stats().size, before + 1, 'the engineer role assumed');
    await admin('unmap <@U0ANNA>');
    assert.equal(credentials.stats().size, before, 'the engineer role’s credentials forgotten');
  });
});
