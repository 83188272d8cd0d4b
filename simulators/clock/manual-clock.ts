/**
 * A virtual clock for tests: time stands still until `advance` moves it, and timers fire
 * in due order (ties in the order they were scheduled), so a run replays exactly.
 */
import type { SimClock, TimerRef } from './types.js';

interface PendingTimer {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

export class ManualClock implements SimClock {
  #now: number;
  #seq = 0;
  #pending: PendingTimer[] = [];

  constructor(startMs = 0) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  schedule(delayMs: number, callback: () => void): TimerRef {
    const timer: PendingTimer = {
      due: this.#now + Math.max(0, delayMs),
      seq: this.#seq++,
      callback,
      cancelled: false,
    };
    this.#pending.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Timers not yet fired or cancelled. */
  get pendingCount(): number {
    return this.#pending.filter((t) => !t.cancelled).length;
  }

  /** Move time forward by `ms`, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`ManualClock.advance: ms must be >= 0, got ${ms}`);
    this.advanceTo(this.#now + ms);
  }

  advanceTo(target: number): void {
    for (;;) {
      const next = this.#nextDue(target);
      if (next === undefined) break;
      this.#pending.splice(this.#pending.indexOf(next), 1);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = Math.max(this.#now, target);
  }

  #nextDue(target: number): PendingTimer | undefined {
    this.#pending = this.#pending.filter((t) => !t.cancelled);
    let best: PendingTimer | undefined;
    for (const t of this.#pending) {
      if (t.due > target) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    return best;
  }
}
