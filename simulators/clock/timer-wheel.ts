/**
 * One hashed timer wheel for a whole fleet: thousands of devices' telemetry ticks and MQTT
 * keepalives share a single clock timer instead of one Node timer (and one closure) each.
 * Precision is one tick (default 50 ms), plenty for seconds-scale work.
 */
import type { SimClock, TimerRef } from './types.js';

/** A scheduled entry; keep it to cancel. Callbacks receive `target`, so one shared function serves every device. */
export interface WheelEntry {
  /** True until it fires (one-shot) or is cancelled. */
  readonly active: boolean;
}

interface Slot<T = unknown> {
  callback: (target: T) => void;
  target: T;
  dueTick: number;
  intervalTicks: number;
  slot: number;
  index: number;
  active: boolean;
}

export interface TimerWheelOptions {
  /** Tick length in ms (default 50). */
  readonly tickMs?: number;
  /** Number of slots (default 1024): entries further out than slots × tick wait extra rounds. */
  readonly slotCount?: number;
}

/** The shape MQTT.js accepts as `timerVariant` (its keepalive timer). */
export interface IntervalTimer {
  set(callback: () => void, ms: number): unknown;
  clear(id: unknown): void;
}

export class TimerWheel {
  readonly tickMs: number;
  readonly #clock: SimClock;
  readonly #slots: Slot[][];
  readonly #startMs: number;
  #tick = 0;
  #size = 0;
  #timer: TimerRef | undefined;
  #stopped = false;

  constructor(clock: SimClock, options: TimerWheelOptions = {}) {
    this.tickMs = options.tickMs ?? 50;
    const slotCount = options.slotCount ?? 1024;
    if (!(this.tickMs > 0) || !Number.isInteger(slotCount) || slotCount < 1) {
      throw new RangeError(
        `TimerWheel: tickMs must be > 0 and slotCount a whole number >= 1 (got ${this.tickMs}, ${slotCount})`,
      );
    }
    this.#clock = clock;
    this.#slots = Array.from({ length: slotCount }, () => []);
    this.#startMs = clock.now();
  }

  get size(): number {
    return this.#size;
  }

  /** Call `callback(target)` after `delayMs`, then every `intervalMs` if given (> 0). After `stop`, nothing is scheduled. */
  add<T>(delayMs: number, callback: (target: T) => void, target: T, intervalMs = 0): WheelEntry {
    if (this.#stopped) return INACTIVE;
    const entry: Slot<T> = {
      callback,
      target,
      dueTick: this.#tickAfter(delayMs),
      intervalTicks: intervalMs > 0 ? Math.max(1, Math.round(intervalMs / this.tickMs)) : 0,
      slot: -1,
      index: -1,
      active: true,
    };
    this.#insert(entry as Slot);
    return entry;
  }

  cancel(entry: WheelEntry | undefined): void {
    const slot = entry as Slot | undefined;
    if (!slot?.active) return;
    slot.active = false;
    if (slot.slot >= 0) this.#remove(slot);
  }

  /** Stop ticking and drop every entry. */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = undefined;
    for (const slot of this.#slots) {
      for (const entry of slot) entry.active = false;
      slot.length = 0;
    }
    this.#size = 0;
  }

  /** An adapter for MQTT.js `timerVariant`: its keepalive intervals live on this wheel. */
  intervalTimer(): IntervalTimer {
    return {
      set: (callback, ms) => this.add(ms, callInterval, callback, ms),
      clear: (id) => this.cancel(id as WheelEntry),
    };
  }

  #tickAfter(delayMs: number): number {
    const dueMs = this.#clock.now() + Math.max(0, delayMs) - this.#startMs;
    return Math.max(this.#tick + 1, Math.ceil(dueMs / this.tickMs));
  }

  #insert(entry: Slot): void {
    const slot = this.#slots[entry.dueTick % this.#slots.length]!;
    entry.slot = entry.dueTick % this.#slots.length;
    entry.index = slot.length;
    slot.push(entry);
    this.#size++;
    if (!this.#timer && !this.#stopped) this.#arm();
  }

  #remove(entry: Slot): void {
    const slot = this.#slots[entry.slot]!;
    const last = slot.pop()!;
    if (last !== entry) {
      slot[entry.index] = last;
      last.index = entry.index;
    }
    entry.slot = -1;
    entry.index = -1;
    this.#size--;
  }

  #arm(): void {
    const nextMs = this.#startMs + (this.#tick + 1) * this.tickMs;
    this.#timer = this.#clock.schedule(nextMs - this.#clock.now(), () => this.#onTimer());
  }

  #onTimer(): void {
    this.#timer = undefined;
    const target = Math.floor((this.#clock.now() - this.#startMs) / this.tickMs);
    while (this.#tick < target && !this.#stopped) {
      this.#tick++;
      this.#fire(this.#tick);
    }
    if (this.#size > 0 && !this.#stopped) this.#arm();
  }

  #fire(tick: number): void {
    const slot = this.#slots[tick % this.#slots.length]!;
    const due: Slot[] = [];
    for (let i = 0; i < slot.length; ) {
      const entry = slot[i]!;
      if (entry.dueTick <= tick) {
        this.#remove(entry);
        due.push(entry);
      } else {
        i++;
      }
    }
    for (const entry of due) {
      if (!entry.active) continue;
      if (entry.intervalTicks > 0) {
        entry.dueTick = tick + entry.intervalTicks;
        this.#insert(entry);
      } else {
        entry.active = false;
      }
      entry.callback(entry.target);
    }
  }
}

const INACTIVE: WheelEntry = Object.freeze({ active: false });

function callInterval(callback: () => void): void {
  callback();
}
