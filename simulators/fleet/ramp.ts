/**
 * The connection ramp: at most `perSecond` new connections a second (`--ramp 500/s`), and at
 * most `maxInFlight` handshakes under way at once, so neither the broker nor this process
 * drowns in a connect storm. One clock timer drives it, whatever the fleet size.
 */
import type { SimClock, TimerRef } from '../clock/types.js';
import { FleetError } from './fleet-error.js';

/** `500/s`, `500`, `30/m`: connections per second. */
export function parseRamp(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|m|min))?\s*$/.exec(text);
  const value = match ? Number(match[1]) : Number.NaN;
  if (!match || !(value > 0)) {
    throw new FleetError(
      `--ramp ${JSON.stringify(text)}: expected a rate such as 500/s (connections per second) or 30/m.`,
    );
  }
  return match[2]?.startsWith('m') ? value / 60 : value;
}

export interface RampOptions {
  /** Connections started per second; `undefined` or Infinity: as fast as the window allows. */
  readonly perSecond?: number;
  /** Handshakes under way at once (default 256). */
  readonly maxInFlight?: number;
}

/**
 * Starts `count` jobs in order through the ramp. `start(i, done)` begins job i and calls
 * `done()` once its handshake is over (connected or failed), freeing its window place.
 */
export class Ramp {
  readonly #clock: SimClock;
  readonly #perSecond: number;
  readonly #maxInFlight: number;
  readonly #start: (index: number, done: () => void) => void;
  readonly #count: number;
  #next = 0;
  #inFlight = 0;
  #startedAt = 0;
  #timer: TimerRef | undefined;
  #stopped = false;
  #pumping = false;
  #onIdle: (() => void) | undefined;

  constructor(
    clock: SimClock,
    count: number,
    start: (index: number, done: () => void) => void,
    options: RampOptions = {},
  ) {
    this.#clock = clock;
    this.#count = count;
    this.#start = start;
    this.#perSecond = options.perSecond ?? Number.POSITIVE_INFINITY;
    this.#maxInFlight = options.maxInFlight ?? 256;
  }

  get started(): number {
    return this.#next;
  }

  /** Begin; resolves once every job has been started and finished its handshake (or the ramp was stopped). */
  run(): Promise<void> {
    this.#startedAt = this.#clock.now();
    return new Promise((resolve) => {
      this.#onIdle = resolve;
      this.#pump();
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    this.#finishIfIdle();
  }

  #pump(): void {
    this.#timer = undefined;
    this.#pumping = true;
    try {
      this.#fill();
    } finally {
      this.#pumping = false;
    }
    this.#finishIfIdle();
  }

  #fill(): void {
    if (this.#stopped) return;
    const allowed = Number.isFinite(this.#perSecond)
      ? Math.floor(((this.#clock.now() - this.#startedAt) / 1000) * this.#perSecond) + 1
      : this.#count;
    while (
      this.#next < this.#count &&
      this.#next < allowed &&
      this.#inFlight < this.#maxInFlight &&
      !this.#stopped
    ) {
      const index = this.#next++;
      this.#inFlight++;
      let finished = false;
      this.#start(index, () => {
        if (finished) return;
        finished = true;
        this.#inFlight--;
        // A handshake that ends inside #fill (a synchronous failure) is picked up by its loop.
        if (!this.#timer && !this.#pumping) this.#pump();
      });
    }
    if (this.#next < this.#count && this.#next >= allowed && !this.#timer && !this.#stopped) {
      const dueMs = this.#startedAt + (this.#next / this.#perSecond) * 1000;
      this.#timer = this.#clock.schedule(Math.max(1, dueMs - this.#clock.now()), () => this.#pump());
    }
  }

  #finishIfIdle(): void {
    if (this.#inFlight === 0 && (this.#next >= this.#count || this.#stopped)) {
      const resolve = this.#onIdle;
      this.#onIdle = undefined;
      resolve?.();
    }
  }
}
