/**
 * What the request guard remembers about requests it has served: a key per verified request, until the
 * five minutes in which that request's signature is valid are over. Behind a small async interface so a
 * store shared by every instance (SQLite/Postgres) can take the in-memory default's place.
 */
export interface ReplayMemory {
  /** Remember `key` until `expiresAtMs`; true when it is new, false when it was already remembered (and not expired). */
  remember(key: string, expiresAtMs: number): Promise<boolean>;
}

export interface BoundedReplayMemoryOptions {
  /** The most keys held at once; beyond it the soonest-to-expire go first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * The in-memory default. Only requests whose signature was verified reach it, so its size follows genuine
 * Slack traffic; the cap is a last bound, not the defence. A key is 64 hex characters: 100,000 of them
 * hold about 15 MB.
 */
export class BoundedReplayMemory implements ReplayMemory {
  // Insertion order is close to expiry order (every key lives about five minutes), so the first keys are the oldest.
  private readonly keys = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: BoundedReplayMemoryOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 100_000);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.keys.size;
  }

  async remember(key: string, expiresAtMs: number): Promise<boolean> {
    const now = this.now();
    const expires = this.keys.get(key);
    if (expires !== undefined && expires > now) return false;
    this.keys.delete(key);
    this.evict(now);
    this.keys.set(key, expiresAtMs);
    return true;
  }

  private evict(now: number): void {
    for (const [key, expires] of this.keys) {
      if (expires > now && this.keys.size < this.maxEntries) break;
      this.keys.delete(key);
    }
  }
}
