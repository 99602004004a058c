import type { GuardConfig } from '../config/slack-config.ts';
import type { TrackedInstance } from '../tracker/tracked-instance.ts';
import type { MessageKey } from './i18n/catalog.ts';

/**
 * Who may do what. These lists guard people from mistakes and keep the bot to its channels; the
 * MaxCompute account's own permissions remain the real security boundary.
 */
export interface Requester {
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
}

export type Refusal = { readonly key: MessageKey; readonly params?: Readonly<Record<string, string>> };

export class AccessPolicy {
  readonly #guard: GuardConfig;

  constructor(guard: GuardConfig) {
    this.#guard = guard;
  }

  isAdmin(userId: string): boolean {
    return this.#guard.admins.has(userId);
  }

  /** Reading anything (status, list, Logview, results, watch): the workspace and channel must be allowed. */
  mayUse(who: Requester): Refusal | undefined {
    if (!allows(this.#guard.allowedTeams, who.teamId)) return { key: 'refuse.workspace' };
    if (!allows(this.#guard.allowedChannels, who.channelId)) return { key: 'refuse.channel' };
    return undefined;
  }

  /** Changing or listing identity mappings (`/odps admin`): also an admin (ODPS_ADMINS). */
  mayAdminister(who: Requester): Refusal | undefined {
    return this.mayUse(who) ?? (this.isAdmin(who.userId) ? undefined : { key: 'refuse.admin' });
  }

  /** Running SQL: also the user (admins always may) and the project. */
  mayRunSql(who: Requester, project: string): Refusal | undefined {
    const refusal = this.mayUse(who);
    if (refusal) return refusal;
    if (!this.isAdmin(who.userId) && !allows(this.#guard.allowedUsers, who.userId)) return { key: 'refuse.user' };
    if (!allows(this.#guard.allowedProjects, project)) return { key: 'refuse.project', params: { project } };
    return undefined;
  }

  mayUseProject(project: string): Refusal | undefined {
    return allows(this.#guard.allowedProjects, project) ? undefined : { key: 'refuse.project', params: { project } };
  }

  /** `--priority` and `--quota`: only values on their allowlists (none when the list is unset). */
  mayUseRunKnobs(knobs: { readonly priority?: number; readonly quota?: string }): Refusal | undefined {
    if (knobs.priority !== undefined && !this.#guard.allowedPriorities.has(knobs.priority)) {
      return {
        key: 'refuse.priority',
        params: { priority: String(knobs.priority), allowed: listed(this.#guard.allowedPriorities) },
      };
    }
    if (knobs.quota !== undefined && !this.#guard.allowedQuotas.has(knobs.quota)) {
      return { key: 'refuse.quota', params: { quota: knobs.quota, allowed: listed(this.#guard.allowedQuotas) } };
    }
    return undefined;
  }

  isReadOnly(channelId: string): boolean {
    return this.#guard.readOnly || this.#guard.readOnlyChannels.has(channelId);
  }

  /**
   * Stopping: whoever submitted it through /odps run, or an admin. A watched instance (started
   * elsewhere) or one the bot does not track can only be stopped by an admin.
   */
  mayStop(who: Requester, tracked: TrackedInstance | undefined, instanceId: string): Refusal | undefined {
    const refusal = this.mayUse(who);
    if (refusal) return refusal;
    if (this.isAdmin(who.userId)) return undefined;
    if (tracked?.origin === 'run' && tracked.requestedBy === who.userId) return undefined;
    return { key: 'stop.notOwner', params: { instanceId } };
  }
}

function listed(values: ReadonlySet<string | number>): string {
  return values.size === 0 ? '-' : [...values].join(', ');
}

function allows(list: ReadonlySet<string>, value: string): boolean {
  return list.size === 0 || list.has(value);
}
