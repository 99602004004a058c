import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';
import { BOT_TOKEN, useStandin, webClientFor } from './harness.ts';

const standin = await useStandin();
const client = webClientFor(standin);

/** Slack's answer to a refused call (missing_scope adds `needed` and `provided`). */
type Refusal = WebAPIPlatformError['data'] & { needed?: string; provided?: string };

/** The refused call's answer, or fails the test when the call did not fail as a platform error. */
async function slackError(call: Promise<unknown>): Promise<Refusal> {
  try {
    await call;
  } catch (error) {
    assert.equal((error as WebAPIPlatformError).code, ErrorCode.PlatformError);
    return (error as WebAPIPlatformError).data;
  }
  assert.fail('the call succeeded');
}

describe('usergroups.users.list', () => {
  it("answers a group's members in order", async () => {
    standin.setUserGroup('S0ONCALL', { handle: 'on-call', users: ['U0ADA', 'W0GRID'] });
    const answer = await client.usergroups.users.list({ usergroup: 'S0ONCALL' });
    assert.equal(answer.ok, true);
    assert.deepEqual(answer.users, ['U0ADA', 'W0GRID']);
  });

  it('answers the simulated workspace’s group without setup', async () => {
    const answer = await client.usergroups.users.list({ usergroup: 'S0DATALEADS' });
    assert.deepEqual(answer.users, ['U0ADA', 'U0LILEI']);
  });

  it('replaces a group when it is set again, and answers an empty one with no users', async () => {
    standin.setUserGroup('S0CHANGING', { handle: 'changing', users: ['U0ONE', 'U0TWO'] });
    standin.setUserGroup('S0CHANGING', { handle: 'changing', users: ['U0THREE'] });
    assert.deepEqual((await client.usergroups.users.list({ usergroup: 'S0CHANGING' })).users, ['U0THREE']);
    standin.setUserGroup('S0EMPTY', { handle: 'empty', users: [] });
    assert.deepEqual((await client.usergroups.users.list({ usergroup: 'S0EMPTY' })).users, []);
  });

  it('refuses an unknown group with no_such_subteam', async () => {
    assert.equal((await slackError(client.usergroups.users.list({ usergroup: 'S0NOBODY' }))).error, 'no_such_subteam');
    assert.equal((await slackError(client.usergroups.users.list({ usergroup: 'U0ADA' }))).error, 'no_such_subteam');
  });

  it('answers a disabled group only with include_disabled', async () => {
    standin.setUserGroup('S0RETIRED', { handle: 'retired', users: ['U0GRACE'], disabled: true });
    const refused = await slackError(client.usergroups.users.list({ usergroup: 'S0RETIRED' }));
    assert.equal(refused.error, 'no_such_subteam');
    const notIncluded = client.usergroups.users.list({ usergroup: 'S0RETIRED', include_disabled: false });
    assert.equal((await slackError(notIncluded)).error, 'no_such_subteam');
    const included = await client.usergroups.users.list({ usergroup: 'S0RETIRED', include_disabled: true });
    assert.deepEqual(included.users, ['U0GRACE']);
  });

  it('refuses a call without usergroup with missing_argument', async () => {
    assert.equal((await slackError(client.apiCall('usergroups.users.list', {}))).error, 'missing_argument');
    const empty = client.apiCall('usergroups.users.list', { usergroup: '' });
    assert.equal((await slackError(empty)).error, 'missing_argument');
  });

  it('ignores team_id, as Slack does for a workspace token', async () => {
    const answer = await client.usergroups.users.list({ usergroup: 'S0DATALEADS', team_id: 'T0ELSEWHERE' });
    assert.deepEqual(answer.users, ['U0ADA', 'U0LILEI']);
  });

  it('checks the token: none is not_authed, another invalid_auth, the app token not_allowed_token_type', async () => {
    const bare = webClientFor(standin, {}, '');
    assert.equal((await slackError(bare.usergroups.users.list({ usergroup: 'S0DATALEADS' }))).error, 'not_authed');
    const stranger = webClientFor(standin, {}, 'xoxb-someone-else');
    const strangerCall = stranger.usergroups.users.list({ usergroup: 'S0DATALEADS' });
    assert.equal((await slackError(strangerCall)).error, 'invalid_auth');
    const appLevel = webClientFor(standin, {}, 'xapp-standin');
    const appCall = appLevel.usergroups.users.list({ usergroup: 'S0DATALEADS' });
    assert.equal((await slackError(appCall)).error, 'not_allowed_token_type');
  });

  it('takes injected faults like every method, and records each call', async () => {
    standin.clearCalls();
    standin.failNext('usergroups.users.list', { kind: 'error', error: 'plan_upgrade_required' });
    const refused = await slackError(client.usergroups.users.list({ usergroup: 'S0DATALEADS' }));
    assert.equal(refused.error, 'plan_upgrade_required');
    await client.usergroups.users.list({ usergroup: 'S0DATALEADS', include_disabled: true });
    const calls = standin.calls('usergroups.users.list');
    assert.deepEqual(
      calls.map((call) => [call.args.usergroup, call.args.include_disabled, (call.response as { ok: boolean }).ok]),
      [
        ['S0DATALEADS', undefined, false],
        ['S0DATALEADS', 'true', true],
      ],
    );
  });

  it('refuses malformed ids in setUserGroup: a test’s mistake, not a Slack answer', () => {
    assert.throws(() => standin.setUserGroup('data-leads', { handle: 'data-leads', users: [] }), TypeError);
    assert.throws(() => standin.setUserGroup('S0BAD', { handle: 'bad', users: ['ada'] }), TypeError);
  });
});

describe('bot scopes', () => {
  it('answers missing_scope with needed and provided when the token lacks usergroups:read', async () => {
    const narrow = await useStandin({ botScopes: ['commands', 'chat:write', 'users:read'] });
    const narrowClient = webClientFor(narrow, {}, BOT_TOKEN);
    const refused = await slackError(narrowClient.usergroups.users.list({ usergroup: 'S0DATALEADS' }));
    assert.deepEqual(
      { error: refused.error, needed: refused.needed, provided: refused.provided },
      { error: 'missing_scope', needed: 'usergroups:read', provided: 'commands,chat:write,users:read' },
    );
    // The scopes it has still work; a method with no single scope (conversations.info) is not checked.
    assert.equal((await narrowClient.users.info({ user: 'U0ADA' })).ok, true);
    assert.equal((await narrowClient.conversations.info({ channel: 'C0DATAENG' })).ok, true);
  });

  it('answers once the scope is granted, and checks nothing without botScopes', async () => {
    const granted = await useStandin({ botScopes: ['usergroups:read'] });
    const answer = await webClientFor(granted).usergroups.users.list({ usergroup: 'S0DATALEADS' });
    assert.deepEqual(answer.users, ['U0ADA', 'U0LILEI']);
    const refused = await slackError(webClientFor(granted).chat.postMessage({ channel: 'C1', text: 'x' }));
    assert.equal(refused.needed, 'chat:write');
    // The default stand-in (no botScopes) has every scope: the tests above needed none.
    assert.equal((await client.chat.postMessage({ channel: 'C1', text: 'x' })).ok, true);
  });
});
