import type { FileStore } from '../file-store.ts';
import type { MessageStore } from '../message-store.ts';
import type { SocketModeHub } from '../socket-mode/hub.ts';
import type { UserDirectory } from '../user-directory.ts';
import type { UserGroupDirectory } from '../user-groups.ts';
import type { ViewStore } from '../view-store.ts';

export interface Identity {
  teamId: string;
  botUserId: string;
  botId: string;
  /** http://host:port of the stand-in, for URLs it hands out (upload URLs, permalinks). */
  origin: string;
}

/** Everything a Web API method may read or change. */
export interface MethodContext {
  identity: Identity;
  messages: MessageStore;
  files: FileStore;
  views: ViewStore;
  users: UserDirectory;
  userGroups: UserGroupDirectory;
  socketMode: SocketModeHub;
}

export type Args = Record<string, unknown>;
export type MethodResult = { ok: boolean } & Record<string, unknown>;
export type MethodHandler = (args: Args, context: MethodContext) => MethodResult;

/** Slack's error shape; `messages` lands in response_metadata like Slack's validation details. */
export function failure(error: string, messages?: string[]): MethodResult {
  return messages === undefined ? { ok: false, error } : { ok: false, error, response_metadata: { messages } };
}

/** Drops undefined fields, so stored and returned objects compare cleanly with deepEqual. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
