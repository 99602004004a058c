import type { StandinUser } from './types.ts';

/** Slack user ids: U… in a workspace, W… on Enterprise Grid. */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * What users.info knows. Any well-formed user id gets a plausible profile so tests need no setup;
 * setUser() pins a name or a locale (say 'ja-JP') for the test that cares.
 */
export class UserDirectory {
  readonly #teamId: string;
  readonly #users = new Map<string, StandinUser>();

  constructor(teamId: string) {
    this.#teamId = teamId;
  }

  set(userId: string, user: StandinUser): void {
    this.#users.set(userId, { ...this.#users.get(userId), ...user });
  }

  /** Slack's user object; `locale` only when asked for, as users.info does without include_locale. */
  info(userId: string, includeLocale: boolean): Record<string, unknown> | undefined {
    if (!USER_ID.test(userId)) return undefined;
    const known = this.#users.get(userId) ?? {};
    const name = known.name ?? userId.toLowerCase();
    const realName = known.realName ?? name;
    const user: Record<string, unknown> = {
      id: userId,
      team_id: this.#teamId,
      name,
      real_name: realName,
      deleted: false,
      is_bot: false,
      tz: known.tz ?? 'UTC',
      profile: { real_name: realName, display_name: name },
    };
    if (includeLocale) user.locale = known.locale ?? 'en-US';
    return user;
  }
}
