/**
 * SignatureNonce values already used, per access key id, for as long as a timestamp is accepted:
 * the gateway refuses a nonce seen again within that window (SignatureNonceUsed), which is what
 * stops a captured request from being replayed while its Timestamp is still fresh.
 */
export class NonceLedger {
  private readonly seenAt = new Map<string, number>();
  private readonly windowMs: number;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Records the nonce; false when it was already recorded within the window. */
  claim(accessKeyId: string, nonce: string, nowMs: number): boolean {
    this.forgetOld(nowMs);
    const key = `${accessKeyId}\n${nonce}`;
    if (this.seenAt.has(key)) return false;
    this.seenAt.set(key, nowMs);
    return true;
  }

  private forgetOld(nowMs: number): void {
    // Insertion order is time order unless the injected clock went back; then a few linger a little.
    for (const [key, at] of this.seenAt) {
      if (at + 2 * this.windowMs >= nowMs) break;
      this.seenAt.delete(key);
    }
  }
}
