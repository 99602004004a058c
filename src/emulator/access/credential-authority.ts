import { randomBytes } from 'node:crypto';
import type { EmulatorRole } from '../options.ts';

/**
 * Who is acting under a set of temporary credentials: a role, assumed by someone under a session
 * name, and the principal MaxCompute records for it (an instance's owner).
 */
export interface AssumedRoleSession {
  readonly role: EmulatorRole;
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
  /**
   * `RAM$<account id>:role/<role name>/<session name>`. MaxCompute names a RAM role
   * `RAM$<account id>:role/<role name>` (its `add user` syntax); how it shows the session of an
   * assumed role is UNVERIFIED, so the session name is appended as STS's AssumedRoleUser ARN does.
   */
  readonly principal: string;
}

/** One AssumeRole's answer, as both STS (which issued it) and MaxCompute (which checks it) see it. */
export interface TemporaryCredential {
  readonly accessKeyId: string;
  readonly secret: string;
  readonly securityToken: string;
  readonly expiresAtMs: number;
  readonly session: AssumedRoleSession;
}

/** An expired credential is still known this long, so a request using it hears "expired", not "unknown". */
const REMEMBER_EXPIRED_MS = 24 * 3_600_000;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The shared, in-memory record of issued temporary credentials: STS writes it, the MaxCompute side
 * reads it. Every part is drawn from the system's cryptographic random source (never the emulator's
 * injectable `random`), so a token cannot be guessed from a test's seed or forged from a known one.
 */
export class CredentialAuthority {
  private readonly byAccessKeyId = new Map<string, TemporaryCredential>();

  issue(session: AssumedRoleSession, expiresAtMs: number, nowMs: number): TemporaryCredential {
    this.forgetExpired(nowMs);
    const credential: TemporaryCredential = {
      accessKeyId: `STS.${randomText(25)}`,
      secret: randomText(44),
      securityToken: `CAIS${randomBytes(96).toString('base64')}`,
      expiresAtMs,
      session,
    };
    this.byAccessKeyId.set(credential.accessKeyId, credential);
    return credential;
  }

  find(accessKeyId: string): TemporaryCredential | undefined {
    return this.byAccessKeyId.get(accessKeyId);
  }

  private forgetExpired(nowMs: number): void {
    for (const [id, credential] of this.byAccessKeyId) {
      if (credential.expiresAtMs + REMEMBER_EXPIRED_MS < nowMs) this.byAccessKeyId.delete(id);
    }
  }
}

/** The principal MaxCompute records for an assumed role's session (see AssumedRoleSession.principal). */
export function sessionPrincipal(accountId: string, roleName: string, sessionName: string): string {
  return `RAM$${accountId}:role/${roleName}/${sessionName}`;
}

function randomText(length: number): string {
  const bytes = randomBytes(length);
  let text = '';
  // 62 does not divide 256; the slight bias toward the first letters does not matter for ids this long.
  for (const byte of bytes) text += BASE62[byte % BASE62.length];
  return text;
}
