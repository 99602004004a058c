import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiGatewayEvent,
  blockActionsBody,
  buttonClickPayload,
  lambdaContext,
  signSlackBody,
  slashCommandBody,
} from '../support/slack-requests.ts';

describe('signed Slack request helpers', () => {
  it("reproduces the signature from Slack's request-verification guide", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V' +
      '&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=' +
      '&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN' +
      '&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    assert.equal(
      signSlackBody('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618),
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('builds a slash command body with every field Slack sends and a fresh trigger_id', () => {
    const first = new URLSearchParams(slashCommandBody({ text: 'run select 1 -- ä' }));
    const second = new URLSearchParams(slashCommandBody({ text: 'x', enterpriseId: 'E0GRID' }));
    assert.deepEqual(
      [...first.keys()],
      [
        'token',
        'team_id',
        'team_domain',
        'channel_id',
        'channel_name',
        'user_id',
        'user_name',
        'command',
        'text',
        'api_app_id',
        'is_enterprise_install',
        'response_url',
        'trigger_id',
      ],
    );
    assert.equal(first.get('command'), '/odps');
    assert.equal(first.get('text'), 'run select 1 -- ä');
    assert.equal(first.get('team_id'), 'T0TEAM');
    assert.equal(first.get('channel_id'), 'C0CHAN');
    assert.equal(first.get('user_id'), 'U0USER');
    assert.notEqual(first.get('trigger_id'), second.get('trigger_id'));
    assert.equal(second.get('enterprise_id'), 'E0GRID');
    assert.ok(new URL(first.get('response_url') ?? '').hostname === '127.0.0.1', 'a stray respond() stays local');
  });

  it('wraps a payload as interactivity sends it', () => {
    const payload = buttonClickPayload({ actionId: 'odps_stop', value: 'i1', messageTs: '1700000000.000100' });
    const parsed: unknown = JSON.parse(new URLSearchParams(blockActionsBody(payload)).get('payload') ?? '');
    assert.deepEqual(parsed, payload);
    assert.deepEqual(payload.container, {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: 'C0CHAN',
      is_ephemeral: false,
    });
    assert.equal((payload.actions as { action_id: string }[])[0]?.action_id, 'odps_stop');
  });

  it('builds an API Gateway v2 event whose signature covers the raw body', () => {
    const body = slashCommandBody({ text: 'run select 1' });
    const event = apiGatewayEvent({ body, signingSecret: 's', timestampSeconds: 1_700_000_000, isBase64Encoded: true });
    assert.equal(event.version, '2.0');
    assert.equal(event.routeKey, 'POST /slack/events');
    assert.equal(event.requestContext.http.method, 'POST');
    assert.equal(event.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(event.headers['x-slack-request-timestamp'], '1700000000');
    assert.equal(event.headers['x-slack-signature'], signSlackBody('s', body, 1_700_000_000));
    assert.equal(Buffer.from(event.body ?? '', 'base64').toString(), body);
    assert.match(event.requestContext.time, /^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('gives a Lambda context whose remaining time runs down', () => {
    const context = lambdaContext(2000);
    const remaining = context.getRemainingTimeInMillis();
    assert.ok(remaining <= 2000 && remaining > 1900);
    assert.match(context.invokedFunctionArn, /^arn:aws:lambda:/);
  });
});
