/**
 * Requests as Slack sends them to the bot, for tests of the Lambda front door: signed bodies (slash
 * commands, block_actions, view_submission) wrapped in API Gateway HTTP API (payload v2) events.
 * Shapes follow Slack's request-signing and payload documentation and Bolt's SlashCommand / BlockAction types.
 */

import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';

const DEFAULT_TEAM = 'T0TEAM';
const DEFAULT_CHANNEL = 'C0CHAN';
const DEFAULT_USER = 'U0USER';
const APP_ID = 'A0ODPS';
/** Slack's legacy verification token: sent on every request, ignored by Bolt when signing is on. */
const LEGACY_TOKEN = 'legacy-verification-token';
/**
 * Where respond() goes when a test does not pass standin.newResponseUrl(): a loopback port nothing
 * listens on, so a stray respond() fails fast instead of reaching hooks.slack.com.
 */
const UNROUTABLE_RESPONSE_URL = 'http://127.0.0.1:9/commands';

let sequence = 0;

/** Unique per call and shaped like Slack's ('13345224609.738474920.8088930838d88f008e0'). */
export function newTriggerId(): string {
  sequence += 1;
  return `${sequence}${Date.now() % 1_000_000}.738474920.${randomBytes(10).toString('hex')}`;
}

/** 'v0=' + hex HMAC-SHA256(signingSecret, `v0:${timestamp}:${body}`), Slack's request signature. */
export function signSlackBody(signingSecret: string, body: string, timestampSeconds: number): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}

/**
 * POSTs a form body to an app's Request URL over HTTP, signed as Slack signs it (the content type
 * exactly Slack's: Bolt's receivers read nothing else as a form).
 */
export function postSignedForm(url: string, body: string, signingSecret: string, init: RequestInit = {}) {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(url, {
    ...init,
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackBody(signingSecret, body, timestamp),
    },
    body,
  });
}

export interface SlashCommandFields {
  text: string;
  userId?: string;
  channelId?: string;
  teamId?: string;
  triggerId?: string;
  responseUrl?: string;
  command?: string;
  userName?: string;
  enterpriseId?: string;
}

/** A slash command's form body with every field Slack sends, in Slack's order. */
export function slashCommandBody(fields: SlashCommandFields): string {
  const teamId = fields.teamId ?? DEFAULT_TEAM;
  const channelId = fields.channelId ?? DEFAULT_CHANNEL;
  const form = new URLSearchParams({
    token: LEGACY_TOKEN,
    team_id: teamId,
    team_domain: 'standin',
    channel_id: channelId,
    channel_name: channelId.toLowerCase(),
    user_id: fields.userId ?? DEFAULT_USER,
    user_name: fields.userName ?? 'alice',
    command: fields.command ?? '/odps',
    text: fields.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
  });
  if (fields.enterpriseId !== undefined) {
    form.set('enterprise_id', fields.enterpriseId);
    form.set('enterprise_name', 'Stand-in Grid');
  }
  form.set('response_url', fields.responseUrl ?? `${UNROUTABLE_RESPONSE_URL}/${teamId}/${sequence + 1}/x`);
  form.set('trigger_id', fields.triggerId ?? newTriggerId());
  return form.toString();
}

/** Interactivity's form body: one `payload` field carrying the JSON. */
export function blockActionsBody(payload: Record<string, unknown>): string {
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export interface ButtonClickOptions {
  actionId: string;
  value: string;
  messageTs: string;
  userId?: string;
  channelId?: string;
  teamId?: string;
  responseUrl?: string;
  triggerId?: string;
  blockId?: string;
}

/** A block_actions payload for a button clicked on a bot message, as Slack builds it. */
export function buttonClickPayload(opts: ButtonClickOptions): Record<string, unknown> {
  const teamId = opts.teamId ?? DEFAULT_TEAM;
  const channelId = opts.channelId ?? DEFAULT_CHANNEL;
  const userId = opts.userId ?? DEFAULT_USER;
  const blockId = opts.blockId ?? 'actions';
  const button = { type: 'button', action_id: opts.actionId, text: { type: 'plain_text', text: opts.actionId } };
  return {
    type: 'block_actions',
    user: { id: userId, username: 'alice', name: 'alice', team_id: teamId },
    api_app_id: APP_ID,
    token: LEGACY_TOKEN,
    container: { type: 'message', message_ts: opts.messageTs, channel_id: channelId, is_ephemeral: false },
    trigger_id: opts.triggerId ?? newTriggerId(),
    team: { id: teamId, domain: 'standin' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: channelId.toLowerCase() },
    message: {
      type: 'message',
      subtype: 'bot_message',
      text: 'job card',
      ts: opts.messageTs,
      bot_id: 'B0BOT',
      blocks: [{ type: 'actions', block_id: blockId, elements: [{ ...button, value: opts.value }] }],
    },
    state: { values: {} },
    response_url: opts.responseUrl ?? `${UNROUTABLE_RESPONSE_URL}/actions/${teamId}/x`,
    actions: [{ ...button, block_id: blockId, value: opts.value, action_ts: `${Date.now() / 1000}` }],
  };
}

export interface ViewSubmissionOptions {
  callbackId: string;
  values: Record<string, Record<string, unknown>>;
  userId?: string;
  teamId?: string;
  privateMetadata?: string;
}

/** A view_submission payload for a modal; `values` is view.state.values (block_id -> action_id -> value). */
export function viewSubmissionPayload(opts: ViewSubmissionOptions): Record<string, unknown> {
  const teamId = opts.teamId ?? DEFAULT_TEAM;
  const userId = opts.userId ?? DEFAULT_USER;
  const viewId = `V${randomBytes(5).toString('hex').toUpperCase()}`;
  return {
    type: 'view_submission',
    team: { id: teamId, domain: 'standin' },
    user: { id: userId, username: 'alice', name: 'alice', team_id: teamId },
    api_app_id: APP_ID,
    token: LEGACY_TOKEN,
    trigger_id: newTriggerId(),
    view: {
      id: viewId,
      team_id: teamId,
      type: 'modal',
      blocks: [],
      private_metadata: opts.privateMetadata ?? '',
      callback_id: opts.callbackId,
      state: { values: opts.values },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: { type: 'plain_text', text: 'ODPS' },
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: { type: 'plain_text', text: 'Run' },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: APP_ID,
      external_id: '',
      app_installed_team_id: teamId,
      bot_id: 'B0BOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface ApiGatewayEventOptions {
  body: string;
  signingSecret: string;
  /** Default now. */
  timestampSeconds?: number;
  /** Replaces the computed signature, to test bad ones. */
  signature?: string;
  /** Default EXACTLY 'application/x-www-form-urlencoded': Bolt's Lambda receiver reads nothing else as a form. */
  contentType?: string;
  /** Extra or overriding headers (names are lower-cased, as API Gateway v2 delivers them). */
  headers?: Record<string, string>;
  /** Sends the body base64-encoded (as Function URLs may); the signature stays over the raw body. */
  isBase64Encoded?: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's requestContext.time format: '12/Mar/2020:19:03:58 +0000'. */
function apiGatewayTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

/** An API Gateway HTTP API (payload format 2.0) event for `POST /slack/events`, signed like Slack's. */
export function apiGatewayEvent(opts: ApiGatewayEventOptions): APIGatewayProxyEventV2 {
  const nowMs = Date.now();
  const timestamp = opts.timestampSeconds ?? Math.floor(nowMs / 1000);
  const requestId = randomBytes(8).toString('base64url');
  const extraHeaders = Object.fromEntries(
    Object.entries(opts.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return {
    version: '2.0',
    routeKey: 'POST /slack/events',
    rawPath: '/slack/events',
    rawQueryString: '',
    headers: {
      accept: 'application/json,*/*',
      'accept-encoding': 'gzip,deflate',
      'content-length': String(Buffer.byteLength(opts.body)),
      'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
      host: 'standin.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-amzn-trace-id': `Root=1-${Math.floor(nowMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': opts.signature ?? signSlackBody(opts.signingSecret, opts.body, timestamp),
      ...extraHeaders,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'standin',
      domainName: 'standin.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'standin',
      http: {
        method: 'POST',
        path: '/slack/events',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'Slackbot 1.0 (+https://api.slack.com/robots)',
      },
      requestId,
      routeKey: 'POST /slack/events',
      stage: '$default',
      time: apiGatewayTime(new Date(nowMs)),
      timeEpoch: nowMs,
    },
    body: opts.isBase64Encoded ? Buffer.from(opts.body).toString('base64') : opts.body,
    isBase64Encoded: opts.isBase64Encoded ?? false,
  };
}

/** A Lambda context whose clock runs down from `remainingMs` (default 10 s), like the runtime's. */
export function lambdaContext(remainingMs = 10_000): Context {
  const deadline = Date.now() + remainingMs;
  const functionName = 'odps-chatops-slack';
  const unsupported = () => {
    throw new Error('done/fail/succeed are the pre-async Lambda API; handlers here return promises');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
