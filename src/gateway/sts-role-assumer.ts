import type { StsClient } from '../alicloud-sts/sts-client.ts';
import type { RoleAssumer, RoleSession, TemporaryCredentials } from '../identity/role-sessions.ts';

/**
 * The identity core's RoleAssumer on the STS client (src/alicloud-sts): the adapter between the two,
 * outside both. Every person's session asks for the same duration and session policy (configuration);
 * the client's StsError passes through with STS's code, for the one place that words it.
 */
export interface StsRoleAssumerOptions {
  readonly durationSeconds: number;
  /** ODPS_STS_POLICY: narrows every assumed role further. */
  readonly policy?: string;
}

export class StsRoleAssumer implements RoleAssumer {
  readonly #client: StsClient;
  readonly #options: StsRoleAssumerOptions;

  constructor(client: StsClient, options: StsRoleAssumerOptions) {
    this.#client = client;
    this.#options = options;
  }

  async assume(session: RoleSession, signal?: AbortSignal): Promise<TemporaryCredentials> {
    const { durationSeconds, policy } = this.#options;
    const assumed = await this.#client.assumeRole(
      {
        roleArn: session.roleArn,
        roleSessionName: session.sessionName,
        durationSeconds,
        ...(policy === undefined ? {} : { policy }),
      },
      signal === undefined ? {} : { signal },
    );
    return {
      accessKeyId: assumed.accessKeyId,
      accessKeySecret: assumed.accessKeySecret,
      securityToken: assumed.securityToken,
      expiresAt: assumed.expiration.getTime(),
    };
  }
}
