import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IdentityMapping } from '../../../src/identity/identity-mappings.ts';
import { type Locale, translator } from '../../../src/slack/i18n/catalog.ts';
import { mappingListMessage } from '../../../src/slack/messages/identity-mappings.ts';
import { blockKitProblems } from '../../../src/slack/messages/limits.ts';
import type { SlackMessage } from '../../../src/slack/messages/message.ts';
import { whoamiMessage } from '../../../src/slack/messages/whoami.ts';
import { checkBlocks } from '../../../src/slack-standin/index.ts';
import { mrkdwnStrings } from '../../support/inert.ts';

/**
 * The identity answers at their largest: a full page of the table's mappings beside a long
 * ODPS_IDENTITY_MAP, with the longest role names RAM allows, and a workspace of admins. They stay
 * within Block Kit's limits by leaving whole rows out and counting them, never by cutting one.
 */
const LONG_ROLE = (n: number) => `acs:ram::1234567890123456:role/${`r${n}-`.padEnd(64, 'x')}`;
const id = (prefix: string, n: number) => `${prefix}0${String(n).padStart(6, '0')}`;

function stored(count: number): IdentityMapping[] {
  return Array.from({ length: count }, (_, n) => ({
    subject: n % 5 === 0 ? { kind: 'group', groupId: id('S', n) } : { kind: 'user', userId: id('U', n) },
    roleArn: LONG_ROLE(n),
    mappedBy: 'U0ADMIN',
    mappedAt: Date.UTC(2026, 0, 1) + n * 60_000,
  }));
}

function configured(count: number) {
  const users = new Map<string, string>();
  const groups = new Map<string, string>();
  for (let n = 0; n < count; n++) (n % 4 === 0 ? groups : users).set(id(n % 4 === 0 ? 'S' : 'W', n), LONG_ROLE(n));
  return { users, groups };
}

function assertValid(message: SlackMessage): void {
  assert.deepEqual(blockKitProblems(message.blocks), []);
  assert.deepEqual(checkBlocks(message.blocks), { ok: true });
  for (const text of mrkdwnStrings(message)) {
    assert.equal((text.match(/</g) ?? []).length, (text.match(/>/g) ?? []).length, 'an element cut in half');
  }
}

describe('the mappings listing', () => {
  for (const locale of ['en', 'zh-CN'] as Locale[]) {
    it(`${locale}: a full page and a long configuration fit, and what did not fit is counted`, () => {
      const t = translator(locale);
      const message = mappingListMessage(
        { stored: stored(50), more: true, pageSize: 50, configured: configured(80), mode: 'bot' },
        t,
      );
      assertValid(message);
      const text = mrkdwnStrings(message).join('\n');
      const rows = (text.match(/^• /gm) ?? []).length;
      assert.ok(rows > 10, `${rows} rows shown`);
      assert.ok(rows < 130, 'not all fit');
      assert.ok(text.includes(t('mappings.omitted', { count: 130 - rows })), 'the rows left out are counted');
      assert.ok(text.includes(t('mappings.more', { count: 50 })));
      assert.ok(text.includes(t('admin.modeBot')));
    });
  }

  it('shows every row when they fit, groups first', () => {
    const message = mappingListMessage(
      { stored: stored(6), more: false, pageSize: 50, configured: configured(3), mode: 'person' },
      translator('en'),
    );
    assertValid(message);
    const text = mrkdwnStrings(message).join('\n');
    assert.equal((text.match(/^• /gm) ?? []).length, 9);
    assert.ok(text.indexOf('*User groups*') < text.indexOf('*People*'));
    assert.doesNotMatch(text, /did not fit|Only the first|ODPS_IDENTITY_MODE is bot/);
  });
});

describe('whoami', () => {
  it('names a workspace of admins within one text object, counting those left out', () => {
    const admins = Array.from({ length: 400 }, (_, n) => id('U', n));
    const message = whoamiMessage(
      {
        mode: 'person',
        identity: { kind: 'refused', reason: 'unmapped' },
        sessionName: 'slack.U0ADA',
        admins,
      },
      translator('en'),
    );
    assertValid(message);
    const text = mrkdwnStrings(message).join('\n');
    const shown = (text.match(/<@U0\d{6}>/g) ?? []).length;
    assert.ok(shown > 50 && shown < 400, `${shown} shown`);
    assert.match(text, new RegExp(`\\(\\+${400 - shown}\\)`));
  });
});
