/**
 * One full garbage collection in the quiet gap before the load starts. Connecting the fleet
 * leaves the heap full of short-lived connect garbage; left alone, V8's first major GC of the
 * run then falls a second or two into the load (measured with bench:load: the incremental
 * marking and its final pause landed just as the requests reached every device, and the
 * generator sent requests more than 100 ms late for half a second). Done here instead, while
 * every device is up and no request or telemetry update is due until the settle ends (requests
 * and telemetry go only to settled devices), it costs the schedule nothing.
 * `node --expose-gc` (the bench) exposes `gc`; any other process, `fleetcert load` from the CLI
 * among them, gets the same function from V8 by turning the flag on at run time and reading
 * `gc` from a fresh context (a context made after the flag is set has it), so the CLI keeps the
 * schedule the bench keeps. The flag is turned on only in that moment's fresh context; the
 * process's own global gets no `gc`.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Collect only if at least this much quiet time is left before the first request. */
export const QUIET_MARGIN_MS = 500;

export class IdleCollector {
  #done = false;

  constructor(
    /** When the first request or telemetry update can be due (the settle time: plan time 0 + settle). */
    private readonly loadStartsMs: number,
    private readonly devices: number,
    /** The full collection (`exposedGc()`), or undefined to never collect. */
    private readonly gc: (() => void) | undefined,
  ) {}

  /** Collects once, when every device is connected and the load is still far enough off; true if it did. */
  maybeCollect(nowMs: number, connected: number): boolean {
    if (this.#done || !this.gc) return false;
    if (nowMs + QUIET_MARGIN_MS > this.loadStartsMs) {
      // Too late for this run: the load is (nearly) under way.
      this.#done = true;
      return false;
    }
    if (connected < this.devices) return false;
    this.#done = true;
    this.gc();
    return true;
  }
}

/** V8's full collection: the exposed `gc` under --expose-gc, else one obtained from V8 at run time. */
export function exposedGc(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return () => exposed();
  return runtimeGc();
}

let cachedGc: (() => void) | null | undefined;

/** `gc` from a context made with --expose-gc turned on; undefined if this V8 refuses. */
export function runtimeGc(): (() => void) | undefined {
  if (cachedGc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as unknown;
      cachedGc = typeof gc === 'function' ? (gc as () => void) : null;
    } catch {
      cachedGc = null;
    }
  }
  return cachedGc ?? undefined;
}
