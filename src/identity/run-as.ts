import type { RoleSession } from './role-sessions.ts';

/**
 * Whose credentials sign a MaxCompute call: the bot's AccessKey, or a person's role assumed through
 * STS. A tracked instance records it (absent: the bot), so its card can say who ran it.
 */
export type RunAs = { readonly kind: 'bot' } | PersonRunAs;

export interface PersonRunAs extends RoleSession {
  readonly kind: 'person';
  /** The Slack user the session stands for. */
  readonly userId: string;
}

export const RUN_AS_BOT: RunAs = { kind: 'bot' };
