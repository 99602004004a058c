import { type RoleAssumer, type RoleSession, sessionKey, type TemporaryCredentials } from './role-sessions.ts';

/**
 * Each person's temporary credentials, kept until shortly before they expire so a burst of commands
 * costs one AssumeRole, not one each. Bounded: past `capacity` people the least recently used entry
 * is dropped (a warm Lambda serves a whole workspace). Concurrent askers for the same session share
 * one AssumeRole. A renewal that fails while the old credentials still have a minute left returns
 * the old ones, so a brief STS outage does not stop people whose credentials are still good.
 */
export interface CredentialCacheOptions {
  readonly assumer: RoleAssumer;
  readonly now: () => number;
  /** How many sessions are kept (ODPS_STS_CACHE_SIZE). */
  readonly capacity: number;
  /** Renew this long before expiry (ODPS_STS_REFRESH_MARGIN_SECONDS, in ms). */
  readonly refreshMarginMs: number;
}

/** Credentials with less than this left are never handed out: a request must finish before they end. */
const MIN_USABLE_MS = 60_000;

/** STS answered with credentials already (nearly) expired: a clock far off, or a role's session too short. */
export class ShortLivedCredentialsError extends Error {
  readonly code = 'credentials_short_lived';
  readonly retryable = true;

  constructor(expiresAt: number) {
    super(`STS gave credentials that expire at ${new Date(expiresAt).toISOString()}, too soon to use`);
    this.name = 'ShortLivedCredentialsError';
  }
}

export interface CredentialCacheStats {
  readonly hits: number;
  readonly assumes: number;
  readonly size: number;
}

export class CredentialCache {
  readonly #options: CredentialCacheOptions;
  readonly #entries = new Map<string, TemporaryCredentials>();
  readonly #pending = new Map<string, Promise<TemporaryCredentials>>();
  #hits = 0;
  #assumes = 0;

  constructor(options: CredentialCacheOptions) {
    if (!Number.isInteger(options.capacity) || options.capacity < 1) throw new RangeError('capacity must be ≥ 1');
    this.#options = options;
  }

  /** Fresh enough credentials for the session: cached, or assumed now (the caller's signal ends its wait). */
  async credentials(session: RoleSession, signal?: AbortSignal): Promise<TemporaryCredentials> {
    signal?.throwIfAborted();
    const key = sessionKey(session);
    const cached = this.#entries.get(key);
    const now = this.#options.now();
    if (cached !== undefined && cached.expiresAt - now > this.#options.refreshMarginMs) {
      this.#touch(key, cached);
      this.#hits += 1;
      return cached;
    }
    const renewed = this.#assumeOnce(key, session).catch((error: unknown) => {
      if (cached !== undefined && cached.expiresAt - this.#options.now() >= MIN_USABLE_MS) return cached;
      throw error;
    });
    return signal === undefined ? renewed : abortable(renewed, signal);
  }

  /** Drops a session's credentials (its mapping was removed), so the next use assumes again or is refused. */
  forget(session: RoleSession): void {
    this.#entries.delete(sessionKey(session));
  }

  stats(): CredentialCacheStats {
    return { hits: this.#hits, assumes: this.#assumes, size: this.#entries.size };
  }

  /** One AssumeRole per session at a time, not tied to any one caller's signal: others may be waiting. */
  #assumeOnce(key: string, session: RoleSession): Promise<TemporaryCredentials> {
    const inFlight = this.#pending.get(key);
    if (inFlight !== undefined) return inFlight;
    this.#assumes += 1;
    const assumed = this.#options.assumer
      .assume(session)
      .then((credentials) => {
        if (credentials.expiresAt - this.#options.now() < MIN_USABLE_MS) {
          throw new ShortLivedCredentialsError(credentials.expiresAt);
        }
        this.#touch(key, credentials);
        return credentials;
      })
      .finally(() => this.#pending.delete(key));
    this.#pending.set(key, assumed);
    return assumed;
  }

  #touch(key: string, credentials: TemporaryCredentials): void {
    this.#entries.delete(key);
    this.#entries.set(key, credentials);
    while (this.#entries.size > this.#options.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest === undefined) break;
      this.#entries.delete(oldest);
    }
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
