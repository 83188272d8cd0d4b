/** The clock of a real run: monotonic milliseconds and Node timers. */
import type { SimClock, TimerRef } from './types.js';

export interface RealClockOptions {
  /** Let the process exit while timers are pending (default false). */
  readonly unref?: boolean;
}

export function realClock(options: RealClockOptions = {}): SimClock {
  const unref = options.unref ?? false;
  return {
    now: () => performance.now(),
    schedule(delayMs: number, callback: () => void): TimerRef {
      const handle = setTimeout(callback, Math.max(0, delayMs));
      if (unref) handle.unref();
      return { cancel: () => clearTimeout(handle) };
    },
  };
}
