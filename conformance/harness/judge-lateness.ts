/**
 * The judge's own lateness. On a busy machine this process's event loop runs late: a deadline
 * timer fires long after it was due, and a frame that arrived sits in the socket until the loop
 * gets round to it (timers run before I/O in a loop turn). Section 7 deadlines are about the
 * device, so time the judge itself was not running must not count against it: a ticker measures
 * how late the loop is, and deadlines are kept on a clock that does not advance while it is late.
 * On an idle machine the ticker is on time (within TOLERANCE_MS), the clock is the wall clock,
 * and a late device is as late as ever.
 */
import { performance } from 'node:perf_hooks';

/** How often the ticker looks at the loop; its cost is one timer per period while a run is on. */
const TICK_MS = 20;
/** Lateness a timer shows on an idle machine; only what goes beyond it counts as the judge's. */
const TOLERANCE_MS = 4;

const excess = (lateMs: number) => Math.max(0, lateMs - TOLERANCE_MS);

/** One per process: the event loop is the process's, whoever is running on it. */
class LatenessMeter {
  private committedMs = 0;
  private dueMs = 0;
  private timer: NodeJS.Timeout | undefined;
  private users = 0;

  /** Starts measuring (runs call it while they wait for a device); pair with `release`. */
  acquire(): void {
    if (this.users++ === 0) this.schedule(performance.now());
  }

  release(): void {
    if (this.users === 0) return;
    if (--this.users > 0 || this.timer === undefined) return;
    // Count a tick overdue right now, so the total never goes back.
    this.committedMs = this.lateMs();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Milliseconds the loop has been late, in all (a tick overdue right now included). */
  lateMs(): number {
    if (this.timer === undefined) return this.committedMs;
    return this.committedMs + excess(performance.now() - this.dueMs);
  }

  private schedule(fromMs: number): void {
    this.dueMs = fromMs + TICK_MS;
    this.timer = setTimeout(() => this.tick(), TICK_MS);
    // Never what keeps a process alive.
    this.timer.unref();
  }

  private tick(): void {
    const now = performance.now();
    this.committedMs += excess(now - this.dueMs);
    this.schedule(now);
  }
}

export const judgeLateness = new LatenessMeter();

/**
 * A clock for judging deadlines: `now()` minus the judge's lateness so far. `at(wallMs)` turns
 * the wall time of a frame just received into this clock's time.
 */
export interface JudgeClock {
  now(): number;
  at(wallMs: number): number;
}

export function judgeClock(now: () => number): JudgeClock {
  return {
    now: () => now() - judgeLateness.lateMs(),
    at: (wallMs) => wallMs - judgeLateness.lateMs(),
  };
}

export interface JudgedTimeout {
  /** Counts the time from now on again (the request has only now left the judge). */
  restart(): void;
  cancel(): void;
}

/**
 * Calls `onExpired` once `ms` have passed on `clock`, and only after the loop has read the I/O
 * that arrived by then (a setImmediate runs after the loop's poll phase): a response already in
 * the socket when the timer fires is read before it is called missing.
 */
export function judgedTimeout(clock: JudgeClock, ms: number, onExpired: () => void): JudgedTimeout {
  let startMs = clock.now();
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let fired = false;
  const arm = () => {
    const left = startMs + ms - clock.now();
    if (left > 0) timer = setTimeout(arm, Math.max(1, Math.ceil(left)));
    else
      immediate = setImmediate(() => {
        fired = true;
        onExpired();
      });
  };
  const cancel = () => {
    clearTimeout(timer);
    clearImmediate(immediate);
  };
  arm();
  return {
    restart() {
      if (fired) return;
      cancel();
      startMs = clock.now();
      arm();
    },
    cancel,
  };
}
