import { type FaultConfig, mergeFaults, NO_FAULTS } from './options.ts';

/** What to do to one API request before processing it; undefined means serve it normally. */
export type PreFault = 'drop' | 'error-503' | 'error-500' | 'malformed' | undefined;

/** What to do after processing it. */
export interface PostFault {
  readonly dropAfterProcess: boolean;
  readonly stallMs: number;
}

/**
 * Fault injection for API routes. The random source is drawn only for fault kinds whose rate is
 * above zero, so a deterministic `random` shared with id generation stays predictable.
 */
export class FaultInjector {
  private config: FaultConfig;
  private readonly random: () => number;

  constructor(initial: FaultConfig, random: () => number) {
    this.config = initial;
    this.random = random;
  }

  get(): FaultConfig {
    return { ...this.config };
  }

  set(patch: Partial<FaultConfig>): void {
    this.config = mergeFaults(this.config, patch);
  }

  /** Back to no faults at all (not to the start-up configuration). */
  reset(): void {
    this.config = { ...NO_FAULTS };
  }

  get latencyMs(): number {
    return this.config.latencyMs;
  }

  before(): PreFault {
    if (this.hit(this.config.dropRate)) return 'drop';
    if (this.hit(this.config.errorRate)) return this.random() < 0.5 ? 'error-503' : 'error-500';
    if (this.hit(this.config.malformedRate)) return 'malformed';
    return undefined;
  }

  after(): PostFault {
    const dropAfterProcess = this.hit(this.config.dropAfterProcessRate);
    const stallMs = !dropAfterProcess && this.hit(this.config.stallRate) ? this.config.stallMs : 0;
    return { dropAfterProcess, stallMs };
  }

  /** Whether this tunnel data reply carries a wrong record checksum. */
  corruptChecksum(): boolean {
    return this.hit(this.config.corruptChecksumRate);
  }

  private hit(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.random() < rate;
  }
}

/** A 200 body that starts like a real reply and stops mid-element, as a cut connection would leave it. */
export const MALFORMED_BODY = '<?xml version="1.0" encoding="UTF-8"?>\n<Instance>\n  <Status>Runn';
