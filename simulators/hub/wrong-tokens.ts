/**
 * Upgrades with a token the hub does not know, per client address (EDP-HUB-5 says each gets
 * 401, and it still does). Within a window, the first `perWindow` attempts of an address get a
 * warn line each; the rest are answered late (`delayMs`, so a guesser gets a few answers a
 * second, not thousands) and counted, and one summary line per address and window says how
 * many. The clock is injected, so tests drive windows without waiting.
 */
import type { Logger } from '../../src/log/index.js';

export interface WrongTokenPolicy {
  readonly perWindow: number;
  readonly windowMs: number;
}

interface Window {
  startedAt: number;
  attempts: number;
  suppressed: number;
}

/** At most this many addresses are tracked; past it, every window is closed (summaries logged) and tracking restarts. */
const MAX_TRACKED_ADDRESSES = 10_000;

export class WrongTokens {
  readonly #policy: WrongTokenPolicy;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #windows = new Map<string, Window>();

  constructor(policy: WrongTokenPolicy, logger: Logger, now: () => number = Date.now) {
    this.#policy = policy;
    this.#logger = logger;
    this.#now = now;
  }

  /** One refused upgrade from `address`: `'answer'` at once, or `'slow'` (over its budget: answer late, logged in the summary). */
  record(address: string): 'answer' | 'slow' {
    const now = this.#now();
    let window = this.#windows.get(address);
    if (window !== undefined && now - window.startedAt >= this.#policy.windowMs) {
      this.#summarise(address, window);
      window = undefined;
    }
    if (window === undefined) {
      if (this.#windows.size >= MAX_TRACKED_ADDRESSES) this.flush(Number.POSITIVE_INFINITY);
      window = { startedAt: now, attempts: 0, suppressed: 0 };
      this.#windows.set(address, window);
    }
    window.attempts++;
    if (window.attempts <= this.#policy.perWindow) {
      this.#logger.warn({ remote: address }, 'refused an app without a known bearer token');
      return 'answer';
    }
    window.suppressed++;
    return 'slow';
  }

  /** Closes the windows that ended by `now` (or by the given time), logging a summary for each that had suppressed attempts. */
  flush(now: number = this.#now()): void {
    for (const [address, window] of this.#windows)
      if (now - window.startedAt >= this.#policy.windowMs) this.#summarise(address, window);
  }

  #summarise(address: string, window: Window): void {
    this.#windows.delete(address);
    if (window.suppressed === 0) return;
    this.#logger.warn(
      {
        remote: address,
        refused: window.attempts,
        unlogged: window.suppressed,
        windowMs: this.#policy.windowMs,
      },
      'refused many apps without a known bearer token from one address (answered slowly)',
    );
  }
}
