import type { Identity } from './auth';

/**
 * Tokens already verified, until they expire: a request's token is verified by the gateway and
 * again by every subgraph it reaches, and a front-end sends the same token for its whole session.
 * Bounded; the oldest entry goes first. Only successful verifications are remembered.
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { identity: Identity; expiresAtMs: number }>();

  constructor(private readonly capacity: number) {}

  get(token: string, nowMs = Date.now()): Identity | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (nowMs >= entry.expiresAtMs) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.identity;
  }

  remember(token: string, identity: Identity, expiresAtSeconds: number): void {
    if (this.capacity === 0) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, {
      identity: Object.freeze(identity),
      expiresAtMs: expiresAtSeconds * 1000,
    });
  }
}
