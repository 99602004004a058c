import { createHmac, randomBytes } from 'node:crypto';

/**
 * The requests Slack sends to an app's Request URL, built the way Slack builds them: a slash command
 * as a form, interactivity as a form with one `payload` field of JSON, every request signed with the
 * app's signing secret (`v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`). The stand-in's own
 * implementation, independent of the app's: it plays Slack's side of the protocol.
 */

export interface Actor {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly appId: string;
  readonly userId: string;
  readonly userName: string;
}

export interface ChannelRef {
  readonly id: string;
  readonly name: string;
}

/** Slack's legacy verification token, still sent on every request (signed apps ignore it). */
const LEGACY_TOKEN = 'standin-verification-token';

let triggerSequence = 0;

/** Shaped like Slack's ('13345224609.738474920.8088930838d88f008e0'), unique per call. */
export function newTriggerId(now: number): string {
  triggerSequence += 1;
  return `${Math.floor(now / 1000)}${triggerSequence}.738474920.${randomBytes(10).toString('hex')}`;
}

export function signRequest(signingSecret: string, body: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': `v0=${signature}`,
  };
}

/**
 * One request to the app, before it is put on a wire: over HTTP a slash command's fields are the
 * form and an interaction's payload goes in one `payload` field; over Socket Mode the same object is
 * the envelope's payload.
 */
export type AppRequest =
  | { readonly type: 'slash_commands'; readonly fields: Record<string, string> }
  | { readonly type: 'interactive'; readonly payload: Record<string, unknown> };

/** The form body Slack POSTs to the Request URL. */
export function formBody(request: AppRequest): string {
  return request.type === 'slash_commands'
    ? new URLSearchParams(request.fields).toString()
    : `payload=${encodeURIComponent(JSON.stringify(request.payload))}`;
}

export interface SlashCommandRequest {
  readonly actor: Actor;
  readonly channel: ChannelRef;
  readonly command: string;
  readonly text: string;
  readonly responseUrl: string;
  readonly triggerId: string;
}

export function slashCommand(request: SlashCommandRequest): AppRequest {
  const { actor, channel } = request;
  const fields = {
    token: LEGACY_TOKEN,
    team_id: actor.teamId,
    team_domain: actor.teamDomain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: actor.userId,
    user_name: actor.userName,
    command: request.command,
    text: request.text,
    api_app_id: actor.appId,
    is_enterprise_install: 'false',
    response_url: request.responseUrl,
    trigger_id: request.triggerId,
  };
  return { type: 'slash_commands', fields };
}

export interface BlockActionRequest {
  readonly actor: Actor;
  readonly channel: ChannelRef;
  /** The message the element is on, as the app last posted it. */
  readonly message: { readonly ts: string; readonly text?: string; readonly blocks: readonly unknown[] };
  readonly ephemeral: boolean;
  readonly blockId: string;
  /** The element as the app defined it (type, action_id, text, value, url, ...). */
  readonly element: Record<string, unknown>;
  readonly responseUrl: string;
  readonly triggerId: string;
  readonly now: number;
}

export function blockActions(request: BlockActionRequest): AppRequest {
  const { actor, channel, message } = request;
  const { confirm: _confirm, style: _style, ...element } = request.element;
  const payload = {
    type: 'block_actions',
    user: { id: actor.userId, username: actor.userName, name: actor.userName, team_id: actor.teamId },
    api_app_id: actor.appId,
    token: LEGACY_TOKEN,
    container: { type: 'message', message_ts: message.ts, channel_id: channel.id, is_ephemeral: request.ephemeral },
    trigger_id: request.triggerId,
    team: { id: actor.teamId, domain: actor.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name },
    // Slack leaves the message out of the payload for ephemeral messages.
    ...(request.ephemeral
      ? {}
      : { message: { type: 'message', text: message.text ?? '', ts: message.ts, blocks: message.blocks } }),
    state: { values: {} },
    response_url: request.responseUrl,
    actions: [{ ...element, block_id: request.blockId, action_ts: (request.now / 1000).toFixed(6) }],
  };
  return { type: 'interactive', payload };
}

export interface ViewSubmissionRequest {
  readonly actor: Actor;
  readonly viewId: string;
  readonly hash: string;
  readonly view: Record<string, unknown>;
  /** block_id -> action_id -> { type, value } */
  readonly values: Record<string, Record<string, unknown>>;
  readonly triggerId: string;
}

export function viewSubmission(request: ViewSubmissionRequest): AppRequest {
  const { actor, view } = request;
  const payload = {
    type: 'view_submission',
    team: { id: actor.teamId, domain: actor.teamDomain },
    user: { id: actor.userId, username: actor.userName, name: actor.userName, team_id: actor.teamId },
    api_app_id: actor.appId,
    token: LEGACY_TOKEN,
    trigger_id: request.triggerId,
    view: {
      ...view,
      id: request.viewId,
      team_id: actor.teamId,
      app_id: actor.appId,
      private_metadata: typeof view.private_metadata === 'string' ? view.private_metadata : '',
      callback_id: typeof view.callback_id === 'string' ? view.callback_id : '',
      state: { values: request.values },
      hash: request.hash,
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return { type: 'interactive', payload };
}
