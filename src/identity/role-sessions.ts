/**
 * Temporary credentials for a person's role, in the product's terms: the port an STS adapter fills
 * (src/gateway/sts-role-assumer.ts) and what the MaxCompute client is handed to sign with. No SDK.
 */

/** One person acting through one RAM role: STS's RoleArn and RoleSessionName. */
export interface RoleSession {
  readonly roleArn: string;
  /** Derived from the Slack user id, so MaxCompute's audit names the person (./session-name.ts). */
  readonly sessionName: string;
}

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken: string;
  /** Epoch milliseconds after which MaxCompute refuses them. */
  readonly expiresAt: number;
}

/**
 * Assumes a role (Alibaba Cloud STS AssumeRole). Its errors carry a stable `code` and `retryable`
 * (the adapter's own retries are already spent when it throws).
 */
export interface RoleAssumer {
  assume(session: RoleSession, signal?: AbortSignal): Promise<TemporaryCredentials>;
}

/** The cache's key: one entry per person and role. */
export function sessionKey(session: RoleSession): string {
  return `${session.roleArn}\n${session.sessionName}`;
}
