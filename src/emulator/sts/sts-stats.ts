import type { StsStats } from '../options.ts';

/** STS requests by outcome: `AssumeRole` for credentials issued, else the Code of the refusal. */
export class StsRequestStats {
  private requests = 0;
  private byOutcome: Record<string, number> = {};

  count(outcome: string): void {
    this.requests += 1;
    this.byOutcome[outcome] = (this.byOutcome[outcome] ?? 0) + 1;
  }

  snapshot(): StsStats {
    return { requests: this.requests, byOutcome: { ...this.byOutcome } };
  }

  reset(): void {
    this.requests = 0;
    this.byOutcome = {};
  }
}
