import { ConfigError } from './config-error.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Typed reads from an env map that collect problems instead of throwing at the first one
 * (in the manner of Powertools' envUtils). Values are trimmed; empty counts as unset.
 */
export class EnvReader {
  readonly #env: Env;
  readonly #problems: string[] = [];

  constructor(env: Env) {
    this.#env = env;
  }

  optional(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: string, hint: string): string {
    const value = this.optional(name);
    if (value === undefined) {
      this.problem(`${name} is required (${hint})`);
      return '';
    }
    return value;
  }

  url(name: string, fallback?: string): string | undefined {
    const value = this.optional(name) ?? fallback;
    if (value === undefined) return undefined;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
    } catch {
      this.problem(`${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      this.problem(`${name} must be an integer from ${range.min} to ${range.max}, got ${JSON.stringify(raw)}`);
      return fallback;
    }
    return value;
  }

  matching(name: string, pattern: RegExp, description: string): string | undefined {
    const value = this.optional(name);
    if (value !== undefined && !pattern.test(value)) {
      this.problem(`${name} must be ${description}, got ${JSON.stringify(value)}`);
    }
    return value;
  }

  /** `on`/`off`, `true`/`false`, `yes`/`no`, `1`/`0`; unset is `fallback`. */
  boolean(name: string, fallback = false): boolean {
    const raw = this.optional(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    this.problem(`${name} must be true or false (on or off), got ${JSON.stringify(raw)}`);
    return fallback;
  }

  /** A comma-separated list whose every entry matches `pattern` (`what` names them in the problem). */
  list(name: string, pattern: RegExp, what: string): ReadonlySet<string> {
    const raw = this.optional(name);
    if (raw === undefined) return new Set();
    const values = raw
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean);
    const bad = values.filter((value) => !pattern.test(value));
    if (bad.length > 0) this.problem(`${name} must list ${what}, comma-separated; not: ${bad.join(', ')}`);
    return new Set(values);
  }

  problem(message: string): void {
    // Two parts reading one variable (SLACK_API_URL) report its problem once.
    if (!this.#problems.includes(message)) this.#problems.push(message);
  }

  /** Throws one ConfigError naming every problem seen so far. */
  done(): void {
    if (this.#problems.length > 0) throw new ConfigError(this.#problems);
  }
}
