/**
 * Reconnect delays for EDP-MQTT-2: the first try within 5 s of a loss, later tries at most
 * 30 s apart, with jitter so a fleet cut off at once does not return in lockstep. Exponential
 * with "equal jitter": attempt n waits between cap/2 and cap, cap = min(maxMs, firstMs · 2^n).
 * Pure: randomness comes from a seeded `Random`.
 */
import type { Random } from '../../../src/index.js';

export interface BackoffOptions {
  /** Cap of the first delay; default 1000 ms (so the first try comes within 0.5–1 s). Must be <= 5000. */
  readonly firstMs?: number;
  /** Cap of every delay; default 30,000 ms. Must be <= 30,000. */
  readonly maxMs?: number;
}

export interface Backoff {
  /** The delay before the next attempt, in ms. */
  next(): number;
  /** After a successful connection: the next loss starts from the first delay again. */
  reset(): void;
}

export const FIRST_TRY_LIMIT_MS = 5_000;
export const RETRY_GAP_LIMIT_MS = 30_000;

export function createBackoff(random: Random, options: BackoffOptions = {}): Backoff {
  const firstMs = options.firstMs ?? 1_000;
  const maxMs = options.maxMs ?? RETRY_GAP_LIMIT_MS;
  if (!(firstMs > 0 && firstMs <= FIRST_TRY_LIMIT_MS)) {
    throw new RangeError(
      `backoff firstMs must be in (0, ${FIRST_TRY_LIMIT_MS}] (EDP-MQTT-2), got ${firstMs}`,
    );
  }
  if (!(maxMs >= firstMs && maxMs <= RETRY_GAP_LIMIT_MS)) {
    throw new RangeError(
      `backoff maxMs must be in [firstMs, ${RETRY_GAP_LIMIT_MS}] (EDP-MQTT-2), got ${maxMs}`,
    );
  }
  let attempt = 0;
  return {
    next() {
      const cap = Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 30));
      attempt++;
      return cap / 2 + (cap / 2) * random.next();
    },
    reset() {
      attempt = 0;
    },
  };
}
