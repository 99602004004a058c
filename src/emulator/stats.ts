/**
 * Counts API requests as they arrive (before authentication and faults), by route kind such as
 * 'POST instances', 'GET instancestatus', 'PUT instance'.
 */
export class RequestStats {
  private requests = 0;
  private byKind: Record<string, number> = {};

  count(kind: string): void {
    this.requests += 1;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }

  snapshot(): { requests: number; byKind: Record<string, number> } {
    return { requests: this.requests, byKind: { ...this.byKind } };
  }

  reset(): void {
    this.requests = 0;
    this.byKind = {};
  }
}
