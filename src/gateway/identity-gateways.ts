import type { GatewaysByIdentity } from '../identity/callers.ts';
import type { CredentialCache } from '../identity/credential-cache.ts';
import { type RoleSession, sessionKey } from '../identity/role-sessions.ts';
import type { RunAs } from '../identity/run-as.ts';
import type { Credentials, CredentialsProvider } from '../maxcompute/request-pipeline.ts';
import type { MaxComputeGateway } from '../tracker/maxcompute-gateway.ts';

/**
 * One MaxCompute gateway per identity: the bot's, and one per person's role session whose client
 * signs with that person's temporary credentials (asked of the cache before every request, so they
 * are renewed under a long export). The clients share the bot client's connection pool and settings
 * (`clientFor`), so a person costs a few objects, not a connection. Bounded like the cache.
 */
export interface IdentityGatewaysOptions {
  readonly bot: MaxComputeGateway;
  readonly cache: CredentialCache;
  /** A gateway on a client built as the bot's is, with other credentials. */
  readonly gatewayFor: (credentials: CredentialsProvider) => MaxComputeGateway;
  readonly capacity: number;
}

export class IdentityGateways implements GatewaysByIdentity {
  readonly bot: MaxComputeGateway;
  readonly #options: IdentityGatewaysOptions;
  readonly #people = new Map<string, MaxComputeGateway>();

  constructor(options: IdentityGatewaysOptions) {
    this.bot = options.bot;
    this.#options = options;
  }

  for(runAs: RunAs): MaxComputeGateway {
    return runAs.kind === 'bot' ? this.bot : this.forSession(runAs);
  }

  forSession(runAs: RoleSession): MaxComputeGateway {
    const key = sessionKey(runAs);
    const known = this.#people.get(key);
    if (known !== undefined) {
      this.#people.delete(key);
      this.#people.set(key, known);
      return known;
    }
    const session: RoleSession = { roleArn: runAs.roleArn, sessionName: runAs.sessionName };
    const gateway = this.#options.gatewayFor(sessionCredentials(this.#options.cache, session));
    this.#people.set(key, gateway);
    const oldest = this.#people.size > this.#options.capacity ? this.#people.keys().next().value : undefined;
    if (oldest !== undefined) this.#people.delete(oldest);
    return gateway;
  }

  /** A person's mapping was removed or changed: their cached credentials go with it. */
  forget(session: RoleSession): void {
    this.#options.cache.forget(session);
  }
}

function sessionCredentials(cache: CredentialCache, session: RoleSession): CredentialsProvider {
  return {
    current: async (signal?: AbortSignal): Promise<Credentials> => {
      const temporary = await cache.credentials(session, signal);
      return {
        accessId: temporary.accessKeyId,
        secret: temporary.accessKeySecret,
        securityToken: temporary.securityToken,
      };
    },
  };
}
