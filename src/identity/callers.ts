import type { InstanceReader, InstanceReaders } from '../tracker/instance-readers.ts';
import type { MaxComputeGateway } from '../tracker/maxcompute-gateway.ts';
import type { TrackedInstance } from '../tracker/tracked-instance.ts';
import type { IdentityMode, RunIdentity } from './resolve-identity.ts';
import type { RoleSession } from './role-sessions.ts';
import type { RunAs } from './run-as.ts';
import { sessionNameFor } from './session-name.ts';

/** MaxCompute gateways by identity (src/gateway/identity-gateways.ts): the bot's, and one per role session. */
export interface GatewaysByIdentity {
  readonly bot: MaxComputeGateway;
  forSession(session: RoleSession): MaxComputeGateway;
  /** Drops the session's cached credentials (its mapping changed or was removed). */
  forget(session: RoleSession): void;
}

/** Who a Slack user runs as now (identity-resolver.ts). */
export interface IdentityDecider {
  readonly mode: IdentityMode;
  resolve(userId: string): Promise<RunIdentity>;
  /** Drops what it keeps of group mappings and memberships (a group mapping changed). */
  forgetGroups(): void;
}

/**
 * ODPS_IDENTITY_MODE=person and the user is mapped to no role: nothing may run for them, and
 * nothing runs as the bot instead. Not retryable: an administrator has to map them first.
 */
export class IdentityRefusedError extends Error {
  readonly code = 'identity_refused';
  readonly retryable = false;
  readonly userId: string;

  constructor(userId: string) {
    super(`${userId} has no MaxCompute identity mapped, and ODPS_IDENTITY_MODE is person`);
    this.name = 'IdentityRefusedError';
    this.userId = userId;
  }
}

/** A person as MaxCompute will see them: the gateway that signs as them, and what to record. */
export interface Caller {
  readonly gateway: MaxComputeGateway;
  readonly runAs: RunAs;
  readonly identity: Exclude<RunIdentity, { readonly kind: 'refused' }>;
}

/** The session the poller reads with when ODPS_READER_ROLE_ARN names a reader role. */
export const READER_SESSION_NAME = 'odps-chatops.reader';

/**
 * The one place that turns a Slack user into the MaxCompute gateway that acts for them (issue #17):
 * every command and job that calls MaxCompute asks it, and so does the poller for each instance it
 * reads (as {@link InstanceReaders}). Nothing here falls back to the bot's account except the mode
 * itself (`bot`, or `person-or-bot` for an unmapped person): a failed read of the mappings throws.
 */
export class Callers implements InstanceReaders {
  readonly #decider: IdentityDecider;
  readonly #gateways: GatewaysByIdentity;
  readonly #readerRole: string | undefined;

  constructor(decider: IdentityDecider, gateways: GatewaysByIdentity, readerRoleArn?: string) {
    this.#decider = decider;
    this.#gateways = gateways;
    this.#readerRole = readerRoleArn;
  }

  get mode(): IdentityMode {
    return this.#decider.mode;
  }

  /** The project commands use when they name none: the bot's configured one. */
  get defaultProject(): string {
    return this.#gateways.bot.defaultProject;
  }

  /** Throws IdentityRefusedError (person mode, unmapped) or the resolver's IdentityResolutionError. */
  async of(userId: string): Promise<Caller> {
    const identity = await this.#decider.resolve(userId);
    if (identity.kind === 'refused') throw new IdentityRefusedError(userId);
    if (identity.kind === 'bot') return { gateway: this.#gateways.bot, runAs: { kind: 'bot' }, identity };
    const session = { roleArn: identity.roleArn, sessionName: identity.sessionName };
    return {
      gateway: this.#gateways.forSession(session),
      runAs: { kind: 'person', userId, ...session },
      identity,
    };
  }

  /** Who the user runs as now, refusals included (`/odps whoami`): no gateway is made, nothing is sent. */
  identityOf(userId: string): Promise<RunIdentity> {
    return this.#decider.resolve(userId);
  }

  /**
   * An admin changed or removed `userId`'s own mapping to `roleArn`: the credentials kept for that
   * role session go with it, here where they are kept (other functions' expire on their own).
   */
  forget(userId: string, roleArn: string): void {
    this.#gateways.forget({ roleArn, sessionName: sessionNameFor(userId) });
  }

  /** An admin changed a user group's mapping: the next command reads group mappings and memberships again. */
  forgetGroups(): void {
    this.#decider.forgetGroups();
  }

  /**
   * Whoever asked for the instance, as they are mapped now (an unmap withholds what was not yet
   * shown); with a reader role, that role reads for everyone still mapped. In bot mode the record is
   * not read.
   */
  async readerFor(record: () => Promise<TrackedInstance | undefined>): Promise<InstanceReader> {
    if (this.#decider.mode === 'bot') return { kind: 'gateway', gateway: this.#gateways.bot };
    const instance = await record();
    return instance === undefined ? { kind: 'withheld' } : this.readerOf(instance.requestedBy);
  }

  /** What reads for `userId`'s channel: their identity now, or the reader role for everyone still mapped. */
  async readerOf(userId: string): Promise<InstanceReader> {
    if (this.#decider.mode === 'bot') return { kind: 'gateway', gateway: this.#gateways.bot };
    const identity = await this.#decider.resolve(userId);
    if (identity.kind === 'refused') return { kind: 'withheld', userId };
    if (this.#readerRole !== undefined) {
      const gateway = this.#gateways.forSession({ roleArn: this.#readerRole, sessionName: READER_SESSION_NAME });
      return { kind: 'gateway', gateway };
    }
    if (identity.kind === 'bot') return { kind: 'gateway', gateway: this.#gateways.bot };
    const session = { roleArn: identity.roleArn, sessionName: identity.sessionName };
    return { kind: 'gateway', gateway: this.#gateways.forSession(session) };
  }
}
