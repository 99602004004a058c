import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useStandin, webClientFor } from './harness.ts';

const standin = await useStandin();
const client = webClientFor(standin);

const modal = (title: string) => ({
  type: 'modal' as const,
  callback_id: 'odps_sql',
  title: { type: 'plain_text' as const, text: title },
  blocks: [],
});

describe('views and users', () => {
  it('opens a modal once per trigger_id and updates it by id with the current hash', async () => {
    const opened = await client.views.open({ trigger_id: '1.2.3', view: modal('Run SQL') });
    const view = opened.view as { id: string; hash: string; callback_id: string };
    assert.match(view.id, /^V\d+$/);
    assert.equal(view.callback_id, 'odps_sql');
    await assert.rejects(client.views.open({ trigger_id: '1.2.3', view: modal('again') }), /exchanged_trigger_id/);

    const updated = await client.views.update({ view_id: view.id, hash: view.hash, view: modal('Running') });
    assert.notEqual((updated.view as { hash: string }).hash, view.hash);
    await assert.rejects(
      client.views.update({ view_id: view.id, hash: view.hash, view: modal('stale') }),
      /hash_conflict/,
    );
    assert.deepEqual(
      standin.views().map((stored) => [stored.triggerId, (stored.view.title as { text: string }).text]),
      [['1.2.3', 'Running']],
    );
  });

  it('refuses views.open without a trigger_id', async () => {
    await assert.rejects(client.apiCall('views.open', { view: modal('x') }), /invalid_arguments/);
  });

  it('answers users.info with the locale only when asked, configurable per user', async () => {
    standin.setUser('U0JAPAN', { name: 'hanako', locale: 'ja-JP' });
    const plain = await client.users.info({ user: 'U0JAPAN' });
    assert.equal(plain.user?.name, 'hanako');
    assert.equal(plain.user?.locale, undefined);
    assert.equal((await client.users.info({ user: 'U0JAPAN', include_locale: true })).user?.locale, 'ja-JP');
    assert.equal((await client.users.info({ user: 'U0OTHER', include_locale: true })).user?.locale, 'en-US');
    await assert.rejects(client.users.info({ user: 'not-a-user' }), /user_not_found/);
  });

  it('answers auth.test and conversations.info', async () => {
    const auth = await client.auth.test();
    assert.equal(auth.user_id, 'U0BOT');
    assert.equal(auth.bot_id, 'B0BOT');
    assert.equal(auth.team_id, 'T0STANDIN');
    const info = await client.conversations.info({ channel: 'C0DATA' });
    assert.equal(info.channel?.is_member, true);
  });
});
