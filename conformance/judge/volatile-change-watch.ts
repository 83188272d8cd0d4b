/**
 * Missing notifications of volatile readings (EDP-NOTIFY-1, issue 18). A volatile property
 * changes on its own, at any time, and each change must be notified within the notification
 * window of the change itself; the judge never knows when it changed nor to what, so it checks
 * only the weakest consequence it can see: two reads of a volatile notify property that
 * returned different values (r1 earlier, r2 later, in any runs of the session) prove a change
 * after r1 was sampled and before r2 was, so at least one properties_changed item for it must
 * arrive after r1's request was sent and no later than r2's response plus the window. Any item
 * for it in that interval will do (a late item of an earlier change too: the reading with the
 * fewest violations), whatever its value (values of volatile items are judged by validity
 * elsewhere). None: one violation for that pair of consecutive reads. Reads that return the
 * value of the read before need nothing. Pure: time is passed in, on the judge's clock.
 */
import { valueProblem } from '../../src/model/index.js';
import type { IndexedProperty, ModelIndex, PropertyKey } from './model-index.js';
import { valuesEqual } from './value-equality.js';
import { type Violation, violation } from './violation.js';

/** One read of a volatile notify property: what it returned, and when it was asked and answered. */
export interface VolatileRead {
  readonly value: unknown;
  readonly sentAtMs: number;
  readonly respondedAtMs: number;
  /** Trace entry of the response, in the trace of `owner` (the run that made the read). */
  readonly ref?: number;
  readonly owner?: unknown;
}

/** A violation found, and which run's read closed it (its `messageRef` belongs to that run's trace). */
export interface VolatileMiss {
  readonly violation: Violation;
  readonly owner: unknown;
}

interface OpenPair {
  readonly property: IndexedProperty;
  readonly earlier: VolatileRead;
  readonly later: VolatileRead;
  /** The last moment an item may arrive to answer it: r2's response plus the window. */
  readonly deadlineMs: number;
}

export class VolatileChangeWatch {
  private readonly lastRead = new Map<PropertyKey, VolatileRead>();
  /** Arrival times of items per property, since the last read was sent. */
  private readonly itemTimes = new Map<PropertyKey, number[]>();
  private open: OpenPair[] = [];

  constructor(
    private readonly index: ModelIndex,
    private readonly windowMs: number,
    /** Times in failure texts are shown from here (the start of the session). */
    private readonly originMs = 0,
  ) {}

  /** A read of (siid, piid) returned `read.value`; ignored unless the property is volatile and notify. */
  read(siid: number, piid: number, read: VolatileRead): void {
    const property = this.watched(siid, piid);
    // An invalid reading is another rule's failure (EDP-PROP-1) and proves nothing here.
    if (property === undefined || valueProblem(property.spec, read.value) !== undefined) return;
    const earlier = this.lastRead.get(property.key);
    this.lastRead.set(property.key, read);
    const times = this.itemTimes.get(property.key) ?? [];
    if (earlier !== undefined && !valuesEqual(earlier.value, read.value)) {
      const deadlineMs = read.respondedAtMs + this.windowMs;
      const answered = times.some((t) => t >= earlier.sentAtMs && t <= deadlineMs);
      if (!answered) this.open.push({ property, earlier, later: read, deadlineMs });
    }
    // Later pairs start at this read: older items can answer none of them.
    this.itemTimes.set(
      property.key,
      times.filter((t) => t >= read.sentAtMs),
    );
  }

  /** A properties_changed item for (siid, piid) arrived at `atMs`. */
  item(siid: number, piid: number, atMs: number): void {
    const property = this.watched(siid, piid);
    if (property === undefined) return;
    const times = this.itemTimes.get(property.key) ?? [];
    times.push(atMs);
    this.itemTimes.set(property.key, times);
    this.open = this.open.filter(
      (p) => p.property.key !== property.key || atMs < p.earlier.sentAtMs || atMs > p.deadlineMs,
    );
  }

  /** The pairs whose window has passed by `nowMs` with no item: one EDP-NOTIFY-1 violation each. */
  expire(nowMs: number): VolatileMiss[] {
    const due = this.open.filter((p) => p.deadlineMs < nowMs);
    this.open = this.open.filter((p) => p.deadlineMs >= nowMs);
    return due.map((p) => ({ violation: this.describe(p), owner: p.later.owner }));
  }

  /** Pairs still waiting for an item, and the earliest deadline among them. */
  outstanding(): { readonly count: number; readonly nextDeadlineMs: number } {
    return {
      count: this.open.length,
      nextDeadlineMs: Math.min(Number.POSITIVE_INFINITY, ...this.open.map((p) => p.deadlineMs)),
    };
  }

  /**
   * Forgets every read, item and open pair: the harness could not see every item from now back to
   * those reads (another suite may have cut the connection), so no pair may span this moment.
   */
  forget(): void {
    this.lastRead.clear();
    this.itemTimes.clear();
    this.open = [];
  }

  private watched(siid: number, piid: number): IndexedProperty | undefined {
    const property = this.index.property(siid, piid);
    return property?.volatile === true && property.notify ? property : undefined;
  }

  private describe(p: OpenPair): Violation {
    const t = (ms: number) => `t=${Math.round(ms - this.originMs)} ms`;
    const { earlier, later, property } = p;
    const v = violation(
      'EDP-NOTIFY-1',
      `${property.label} (volatile, notify): a properties_changed item for each change, within ` +
        `${this.windowMs} ms of the change; notify every change of a volatile reading`,
      `read ${JSON.stringify(earlier.value)} (request sent at ${t(earlier.sentAtMs)}), then ` +
        `${JSON.stringify(later.value)} (answered at ${t(later.respondedAtMs)}): it changed in between, ` +
        `yet no item for it came from ${t(earlier.sentAtMs)} to ${t(p.deadlineMs)}`,
      later.ref,
    );
    // A missing item leaves the harness's knowledge of the state as it was.
    return { ...v, stateIntact: true };
  }
}
