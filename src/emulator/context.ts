import type { AssumedRoleSession, CredentialAuthority } from './access/credential-authority.ts';
import type { LogviewTokens } from './logview/token.ts';
import type { Lifecycle } from './model/lifecycle.ts';
import type { InstanceRegistry } from './model/registry.ts';
import type { EmulatorAccount, ResolvedOptions } from './options.ts';
import type { SqlEngine } from './sql/engine.ts';
import type { DownloadSessions } from './tunnel/sessions.ts';

/** Everything a route handler may touch. Built once per emulator in server.ts. */
export interface EmulatorContext {
  readonly options: ResolvedOptions;
  readonly registry: InstanceRegistry;
  readonly lifecycle: Lifecycle;
  readonly engine: SqlEngine;
  readonly tokens: LogviewTokens;
  readonly downloads: DownloadSessions;
  /** Temporary credentials the STS stand-in issued, which requests may be signed with. */
  readonly credentials: CredentialAuthority;
  /** 'http://127.0.0.1:PORT', known once the server listens. */
  readonly origin: string;
  /** origin + prefix: what clients use as the MaxCompute endpoint. */
  readonly endpoint: string;
  /** Where the tunnel is served: origin + TUNNEL_PREFIX. */
  readonly tunnelEndpoint: string;
  /** HostId in error bodies. */
  readonly hostId: string;
  newInstanceId(nowMs: number): string;
  now(): number;
  /** Real-time wait; resolves false early when the emulator is closing. */
  sleep(ms: number): Promise<boolean>;
}

/**
 * The authenticated caller of an API request. With temporary credentials, `account` is the
 * credential itself (its owner the session's principal) and `session` says which role it holds;
 * a caller without a session is one of the configured accounts, with full access.
 */
export interface Caller {
  readonly account: EmulatorAccount;
  readonly session?: AssumedRoleSession;
}
