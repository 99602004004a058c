import { appMethods } from './apps.ts';
import { chatMethods } from './chat.ts';
import type { MethodHandler } from './context.ts';
import { conversationMethods } from './conversations.ts';
import { fileMethods } from './files.ts';
import { userGroupMethods } from './usergroups.ts';
import { viewMethods } from './views.ts';
import { workspaceMethods } from './workspace.ts';

/** Every Web API method the stand-in answers; anything else gets unknown_method. */
export const METHODS: ReadonlyMap<string, MethodHandler> = new Map(
  Object.entries({
    ...appMethods,
    ...chatMethods,
    ...conversationMethods,
    ...fileMethods,
    ...userGroupMethods,
    ...viewMethods,
    ...workspaceMethods,
  }),
);
