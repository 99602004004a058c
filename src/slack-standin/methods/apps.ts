import type { MethodHandler } from './context.ts';

/** Socket Mode's entry: a one-time WebSocket URL (the app-level token is checked by the endpoint). */
const connectionsOpen: MethodHandler = (_args, context) => ({ ok: true, url: context.socketMode.issueUrl() });

export const appMethods: Record<string, MethodHandler> = {
  'apps.connections.open': connectionsOpen,
};

/** Methods that take an app-level token (xapp-…) rather than the bot token. */
export const APP_TOKEN_METHODS: ReadonlySet<string> = new Set(Object.keys(appMethods));
