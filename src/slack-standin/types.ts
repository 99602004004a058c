/** Public shapes of the Slack Web API stand-in. Field names follow Slack's where Slack has one. */

import type { AppTarget } from './simulator/app-link.ts';
import type { Simulator } from './simulator/simulator.ts';
import type { SimulatedWorkspace } from './simulator/workspace.ts';

export interface SlackStandinOptions {
  /** Interface to listen on; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port (what tests want). */
  port?: number;
  /** The only token accepted, as `Authorization: Bearer <it>` or a `token` field. Default 'xoxb-standin'. */
  botToken?: string;
  /** The app-level token apps.connections.open takes (Socket Mode). Default 'xapp-standin'. */
  appToken?: string;
  /**
   * The bot token's scopes. Given, a method that needs another (see methods/scopes.ts) answers
   * missing_scope like Slack; absent (the default), the token has every scope and none is checked.
   */
  botScopes?: readonly string[];
  /** Default 'T0STANDIN'. */
  teamId?: string;
  /** The bot's user id, the author of every bot message. Default 'U0BOT' (match Bolt's `botUserId`). */
  botUserId?: string;
  /** Default 'B0BOT' (match Bolt's `botId`). */
  botId?: string;
  /** Milliseconds since the epoch; drives message ts and `RecordedCall.at`. Default Date.now. */
  clock?: () => number;
  /** The people, channels and slash command the simulator page offers (DEFAULT_WORKSPACE). */
  workspace?: SimulatedWorkspace;
  /** 0..1 draws for fault rules' rates. Default Math.random. */
  random?: () => number;
}

export interface RecordedCall {
  /** e.g. 'chat.postMessage' */
  method: string;
  /** Form fields or JSON body; JSON-carrying fields (blocks, metadata, attachments, view, files) parsed. */
  args: Record<string, unknown>;
  at: number;
  /** HTTP status the stand-in answered with (200 unless a fault was injected). */
  status: number;
  /** The JSON body answered (a string for an injected HTTP error). */
  response: unknown;
}

export interface StandinMessage {
  ts: string;
  channel: string;
  /** The bot user id for bot posts. */
  user?: string;
  text?: string;
  blocks?: unknown[];
  /** The thread parent's ts for a reply (never set on the parent itself). */
  threadTs?: string;
  /** Set on ephemeral messages: the only user who sees them. */
  ephemeralTo?: string;
  edited?: boolean;
  metadata?: unknown;
  /** Ids of files shared with this message. */
  files?: string[];
}

export type StandinFailure =
  | { kind: 'ratelimited'; retryAfterSeconds: number }
  | { kind: 'http'; status: number }
  | { kind: 'error'; error: string };

/**
 * Fails the calls it matches at `rate` (1: every one) while it is in place: a 429 storm, flaky 5xx,
 * or a channel that refuses the bot (`{ kind: 'error', error: 'not_in_channel' }` with `channels`).
 */
export interface StandinFaultRule {
  /** Methods it applies to, e.g. `chat.postMessage`; every method when absent. */
  readonly methods?: readonly string[];
  /** Only calls whose `channel` (or `channel_id`) argument is one of these; any call when absent. */
  readonly channels?: readonly string[];
  readonly rate: number;
  readonly failure: StandinFailure;
}

export interface StandinFile {
  id: string;
  filename: string;
  title?: string;
  content: Buffer;
  channelId?: string;
  threadTs?: string;
  initialComment?: string;
}

export interface StandinView {
  id: string;
  /** The trigger_id it was opened with. */
  triggerId: string;
  hash: string;
  /** The view as last opened or updated (Slack's view payload, as sent). */
  view: Record<string, unknown>;
}

export interface StandinUser {
  name?: string;
  realName?: string;
  /** e.g. 'en-US', 'ja-JP'; only returned when users.info is asked with include_locale. */
  locale?: string;
  tz?: string;
}

/** A user group (Slack's subteam) as usergroups.users.list answers for it. */
export interface StandinUserGroup {
  /** What people type after @, e.g. 'data-leads'. */
  handle: string;
  name?: string;
  /** Member user ids (U… or W…), in the order usergroups.users.list answers them. */
  users: readonly string[];
  /** A disabled group answers only with include_disabled (no_such_subteam otherwise). */
  disabled?: boolean;
}

/** Where a response_url's posts land, so they show up in channel() like Slack shows them. */
export interface ResponseUrlContext {
  channelId: string;
  /** Who sees an ephemeral response (the default response_type). */
  userId?: string;
  /** The message the interaction came from: target of replace_original / delete_original. */
  messageTs?: string;
  /** A slash command's: its original is the command's answer, bound once shown. */
  awaitsOriginal?: boolean;
}

export interface RecordedResponse {
  url: string;
  body: Record<string, unknown>;
}

export interface SlackStandin {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** url + '/api/': give this to Bolt / WebClient as `slackApiUrl`. */
  readonly apiUrl: string;
  calls(method?: string): RecordedCall[];
  clearCalls(): void;
  /** Messages as a channel would show them, oldest first: posts, edits in place, replies, ephemerals, files. */
  channel(channelId: string): StandinMessage[];
  /** A response_url on the stand-in, unique per call. With a context, posts also land in channel(). */
  newResponseUrl(context?: ResponseUrlContext): string;
  responses(): RecordedResponse[];
  /** The next `times` (default 1) calls of `method` fail this way instead of running. */
  failNext(method: string, failure: StandinFailure, times?: number): void;
  /** Fails matching calls at a rate until the returned function (or `clearFaultRules()`) removes the rule. */
  addFaultRule(rule: StandinFaultRule): () => void;
  clearFaultRules(): void;
  /** Files completed through files upload v2 (getUploadURLExternal, upload, completeUploadExternal). */
  files(): StandinFile[];
  /** Modals opened with views.open, as last updated. */
  views(): StandinView[];
  /** What users.info answers for this user (unknown U/W ids get a generated profile). */
  setUser(userId: string, user: StandinUser): void;
  /**
   * Defines (or replaces) a user group for usergroups.users.list, e.g.
   * `setUserGroup('S0DATALEADS', { handle: 'data-leads', users: ['U0ADA'] })`.
   */
  setUserGroup(groupId: string, group: StandinUserGroup): void;
  /** Where the simulator sends what people do (commands, buttons, modals), signed like Slack. */
  connectApp(target: AppTarget): void;
  /** Whether an app is connected over Socket Mode (then the simulator delivers through it). */
  socketModeConnected(): boolean;
  /** Slack's client side: what the simulator page drives, also usable from tests. */
  readonly simulator: Simulator;
  close(): Promise<void>;
}
