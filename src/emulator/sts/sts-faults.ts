import { mergeStsFaults, NO_STS_FAULTS, type StsFaultConfig } from '../options.ts';

/** What to answer instead of processing an STS request; undefined means process it. */
export type StsPreFault = 'throttle' | 'unavailable' | undefined;

/** Fault injection for the STS stand-in; `random` is drawn only for rates above zero. */
export class StsFaultInjector {
  private config: StsFaultConfig;
  private readonly random: () => number;

  constructor(initial: StsFaultConfig, random: () => number) {
    this.config = initial;
    this.random = random;
  }

  get(): StsFaultConfig {
    return { ...this.config };
  }

  set(patch: Partial<StsFaultConfig>): void {
    this.config = mergeStsFaults(this.config, patch);
  }

  /** Back to no faults at all (not to the start-up configuration). */
  reset(): void {
    this.config = { ...NO_STS_FAULTS };
  }

  get latencyMs(): number {
    return this.config.latencyMs;
  }

  before(): StsPreFault {
    if (this.hit(this.config.unavailableRate)) return 'unavailable';
    if (this.hit(this.config.throttleRate)) return 'throttle';
    return undefined;
  }

  private hit(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.random() < rate;
  }
}
