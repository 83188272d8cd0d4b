/**
 * The shard's own timetable, computed from the plan: when each of its devices connects and
 * disconnects, and when each telemetry update is due. Pure: callers ask "what is due by now".
 */
import { sessionsOf, type Timeline } from '../plan/timeline.js';

export interface ConnectEvent {
  readonly atMs: number;
  readonly kind: 'connect' | 'disconnect';
  readonly slot: number;
}

/** Every planned connect and disconnect of the shard's devices, in time order (the run's end stops the rest). */
export function connectEvents(timeline: Timeline, positions: readonly number[]): ConnectEvent[] {
  const events: ConnectEvent[] = [];
  positions.forEach((position, slot) => {
    for (const session of sessionsOf(timeline, position)) {
      events.push({ atMs: session.connectMs, kind: 'connect', slot });
      if (session.disconnectMs < timeline.endMs)
        events.push({ atMs: session.disconnectMs, kind: 'disconnect', slot });
    }
  });
  // Disconnects first at equal times, so a device can leave and come back within one tick.
  return events.sort(
    (a, b) => a.atMs - b.atMs || (a.kind === b.kind ? a.slot - b.slot : a.kind === 'disconnect' ? -1 : 1),
  );
}

/** A cursor over a time-ordered list. */
export class DueCursor<T extends { readonly atMs: number }> {
  #next = 0;
  constructor(private readonly items: readonly T[]) {}

  /** The next item due at or before `nowMs` (each once), or undefined: the driver's per-tick call, no allocation. */
  next(nowMs: number): T | undefined {
    const item = this.items[this.#next];
    if (item === undefined || item.atMs > nowMs) return undefined;
    this.#next++;
    return item;
  }

  /** Items due at or before `nowMs`, each once. */
  *due(nowMs: number): Generator<T> {
    for (let item = this.next(nowMs); item !== undefined; item = this.next(nowMs)) yield item;
  }

  get done(): boolean {
    return this.#next >= this.items.length;
  }
}

/**
 * Telemetry is due for device d at phase_d + j · period (j = 0, 1, …) until `untilMs`. Devices
 * sorted by phase are visited cycle by cycle, so finding what is due costs nothing per idle device.
 */
export class TelemetryCursor {
  readonly #order: number[];
  #cycle = 0;
  #index = 0;
  /** The update `next` last took: its device slot, sequence number and intended time. */
  slot = -1;
  sequence = -1;
  intendedMs = Number.NaN;

  constructor(
    private readonly phasesMs: readonly number[],
    private readonly periodMs: number,
    private readonly untilMs: number,
  ) {
    this.#order = phasesMs
      .map((_, slot) => slot)
      .sort((a, b) => (phasesMs[a] as number) - (phasesMs[b] as number));
  }

  /**
   * Takes the next update due by `nowMs` into `slot`, `sequence` and `intendedMs` and returns
   * true, or returns false when none is due: the driver's per-tick call, no allocation.
   */
  next(nowMs: number): boolean {
    if (this.#order.length === 0 || !(this.periodMs > 0)) return false;
    const slot = this.#order[this.#index] as number;
    const sequence = this.#cycle;
    const intendedMs = (this.phasesMs[slot] as number) + sequence * this.periodMs;
    if (intendedMs > nowMs || intendedMs >= this.untilMs) return false;
    this.#index++;
    if (this.#index === this.#order.length) {
      this.#index = 0;
      this.#cycle++;
    }
    this.slot = slot;
    this.sequence = sequence;
    this.intendedMs = intendedMs;
    return true;
  }

  /** Each due update as (slot, sequence number, intended time), in time order; safe to stop early. */
  *due(nowMs: number): Generator<{ slot: number; sequence: number; intendedMs: number }> {
    // `next` advances before the update is handed out, so a caller that stops early never gets one twice.
    while (this.next(nowMs)) yield { slot: this.slot, sequence: this.sequence, intendedMs: this.intendedMs };
  }
}
