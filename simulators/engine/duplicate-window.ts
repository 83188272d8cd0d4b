/**
 * The duplicate window of EDP-RPC-5: the response to every request with a readable id is
 * kept for 60 s, keyed by (channel, id); a repeat gets it again, whatever its body.
 * Entries go in with non-decreasing expiry (the clock is monotonic), so Map insertion order
 * is expiry order and pruning stops at the first live entry: amortised O(1) per request.
 */

import type { RequestId, Response } from '../../src/protocol/index.js';
import { DUPLICATE_WINDOW_MS } from '../../src/protocol/index.js';

interface Stored {
  readonly response: Response;
  readonly expiresAt: number;
}

/** A safety net on memory only: far above what a conformant controller sends in 60 s. */
const MAX_ENTRIES = 100_000;

export class DuplicateWindow {
  private readonly entries = new Map<string, Stored>();

  constructor(private readonly windowMs: number = DUPLICATE_WINDOW_MS) {}

  /** The stored response to (channel, id) if it was answered within the window. */
  find(channel: string, id: RequestId, now: number): Response | undefined {
    this.prune(now);
    if (this.entries.size === 0) return undefined;
    const stored = this.entries.get(keyOf(channel, id));
    return stored && stored.expiresAt >= now ? stored.response : undefined;
  }

  remember(channel: string, id: RequestId, response: Response, now: number): void {
    const key = keyOf(channel, id);
    this.entries.delete(key);
    this.entries.set(key, { response, expiresAt: now + this.windowMs });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drops expired entries; cheap enough to call on every frame or sensor tick. */
  prune(now: number): void {
    for (const [key, stored] of this.entries) {
      if (stored.expiresAt >= now) return;
      this.entries.delete(key);
    }
  }
}

function keyOf(channel: string, id: RequestId): string {
  return channel === '' ? String(id) : `${channel}\u0000${id}`;
}
