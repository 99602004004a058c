import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogLevel, WebClient } from '@slack/web-api';
import { FRONT_DOOR_SLACK_OPTIONS } from '../../src/runtime/slack-clients.ts';
import { slackErrorCode } from '../../src/slack/error-text.ts';
import { SlackPoster } from '../../src/slack/slack-poster.ts';
import type { SlackStandin } from '../../src/slack-standin/index.ts';
import { BOT_TOKEN, useStandin } from '../slack-standin/harness.ts';

/** The poster on the client the front door gives Bolt, against the stand-in on loopback. */
function posterFor(standin: SlackStandin): SlackPoster {
  const client = new WebClient(BOT_TOKEN, {
    ...FRONT_DOOR_SLACK_OPTIONS,
    slackApiUrl: standin.apiUrl,
    logLevel: LogLevel.ERROR,
  });
  return new SlackPoster(client);
}

/** Asserts the call failed with Slack's `code`, as error-text.ts reads it. */
async function refusedWith(call: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.equal(slackErrorCode(error), code);
    return true;
  });
}

const standin = await useStandin();
const poster = posterFor(standin);

describe('SlackPoster.userGroupMembers', () => {
  it("answers the group's member ids as a set, asking Slack for enabled groups only", async () => {
    standin.clearCalls();
    const members = await poster.userGroupMembers('S0DATALEADS');
    assert.deepEqual(members, new Set(['U0ADA', 'U0LILEI']));
    assert.equal(members.has('U0GRACE'), false);
    const [call] = standin.calls('usergroups.users.list');
    assert.equal(call?.args.usergroup, 'S0DATALEADS');
    assert.equal(call?.args.include_disabled, undefined);
  });

  it('answers an empty group with an empty set', async () => {
    standin.setUserGroup('S0NOONE', { handle: 'no-one', users: [] });
    assert.equal((await poster.userGroupMembers('S0NOONE')).size, 0);
  });

  it('passes on Slack’s refusal of an unknown or a disabled group (no_such_subteam)', async () => {
    await refusedWith(poster.userGroupMembers('S0UNKNOWN'), 'no_such_subteam');
    standin.setUserGroup('S0FORMER', { handle: 'former', users: ['U0ADA'], disabled: true });
    await refusedWith(poster.userGroupMembers('S0FORMER'), 'no_such_subteam');
  });

  it('passes on missing_scope when the app was installed without usergroups:read', async () => {
    const narrow = await useStandin({ botScopes: ['commands', 'chat:write', 'users:read'] });
    await refusedWith(posterFor(narrow).userGroupMembers('S0DATALEADS'), 'missing_scope');
  });

  it('passes on a rate limit at once: the front door’s client does not wait it out', async () => {
    standin.failNext('usergroups.users.list', { kind: 'ratelimited', retryAfterSeconds: 30 });
    const started = performance.now();
    await assert.rejects(poster.userGroupMembers('S0DATALEADS'), { code: 'slack_webapi_rate_limited_error' });
    assert.ok(performance.now() - started < 5000, 'no 30 s wait');
  });

  it('does not ask Slack once the caller has given up, and stops waiting when it gives up', async () => {
    standin.clearCalls();
    const gaveUp = new Error('budget spent');
    await assert.rejects(poster.userGroupMembers('S0DATALEADS', AbortSignal.abort(gaveUp)), gaveUp);
    assert.equal(standin.calls('usergroups.users.list').length, 0);

    const controller = new AbortController();
    const pending = poster.userGroupMembers('S0DATALEADS', controller.signal);
    controller.abort(gaveUp);
    await assert.rejects(pending, gaveUp);
    // Unaborted, the same signal-taking call answers as usual.
    const members = await poster.userGroupMembers('S0DATALEADS', new AbortController().signal);
    assert.equal(members.size, 2);
  });
});
