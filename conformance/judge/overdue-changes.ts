/**
 * Changes whose item did not come in time, kept for the rest of the certification (issue 18:
 * a partner's thermostat sent every item 2 s late), and emitted events likewise (EDP-ACT-1). The
 * change was already charged (or its run ended before judging it); when its item does come,
 * however late and however many runs later, that item is the change's late item: it is taken here
 * and never judged again — not as an executed repeat (EDP-RPC-5), not as an item out of order
 * (EDP-NOTIFY-2), not as an item for an unchanged write, not as a later run's event. The most
 * charitable reading: it costs no second violation.
 *
 * When it comes is kept too (by the id `add` gave the change): a violation that said "no such
 * item" then says it came late, and how late (late-arrival-text.ts, issue 18 C/D).
 */
import type { Cause } from './cause.js';

export interface OwedNotification {
  /** A property's key (`2.8`) or an event's (`event 2.1`): what an arrival must be of. */
  readonly key: string;
  /** Whether an arrival's value (an item's value, an event's parameters) is the one owed. */
  readonly accepts: (value: unknown) => boolean;
  readonly cause: Cause;
  /** Its notification deadline on the judge's clock (∞ when its response never came). */
  readonly deadlineMs: number;
  /** The notification window it had (section 7: 1 s by default). */
  readonly windowMs: number;
  /** What was owed, as a reader names it (`blind.speed = 1`, `event blind.position-reached(100)`). */
  readonly shown: string;
  /** The ledger that registered it (it takes its own entry back when its lingering self claims the item). */
  readonly owner: object;
}

interface Overdue extends OwedNotification {
  readonly id: number;
}

/** An owed notification that came after its deadline, and when (on the judge's clock). */
export interface LateArrival {
  readonly owed: OwedNotification;
  readonly atMs: number;
  /** How long after the response it came. */
  readonly afterResponseMs: number;
  /** How long after its deadline it came. */
  readonly pastDeadlineMs: number;
}

/** What `take` took: the owed notification, and its arrival when it came late. */
export interface Taken {
  readonly owed: OwedNotification;
  readonly late: LateArrival | undefined;
}

/** Bound on what is kept: a device that never notifies must not grow this without end. */
const MOST_KEPT = 10_000;

export class OverdueChanges {
  private readonly entries: Overdue[] = [];
  private readonly arrivals = new Map<number, LateArrival>();
  private nextId = 1;
  private mostLateMs = 0;

  /** Keeps `owed` until its arrival; returns its id (for `arrivalOf`). */
  add(owed: OwedNotification): number {
    const id = this.nextId++;
    this.entries.push({ ...owed, id });
    if (this.entries.length > MOST_KEPT) this.entries.shift();
    return id;
  }

  /**
   * Takes the oldest owed notification of `key` (of `owner` only, when given) that `value` is;
   * `atMs`, when it came (on the judge's clock), measures how late it was.
   */
  take(key: string, value: unknown, owner?: object, atMs?: number): Taken | undefined {
    const at = this.entries.findIndex(
      (e) => e.key === key && (owner === undefined || e.owner === owner) && e.accepts(value),
    );
    if (at < 0) return undefined;
    const [taken] = this.entries.splice(at, 1) as [Overdue];
    let late: LateArrival | undefined;
    if (atMs !== undefined && Number.isFinite(taken.deadlineMs) && atMs > taken.deadlineMs) {
      const pastDeadlineMs = atMs - taken.deadlineMs;
      this.mostLateMs = Math.max(this.mostLateMs, pastDeadlineMs);
      late = { owed: taken, atMs, afterResponseMs: pastDeadlineMs + taken.windowMs, pastDeadlineMs };
      this.arrivals.set(taken.id, late);
      if (this.arrivals.size > MOST_KEPT) this.arrivals.delete(this.arrivals.keys().next().value as number);
    }
    return { owed: taken, late };
  }

  /** When the notification `add` numbered `id` came after its deadline, if it has. */
  arrivalOf(id: number): LateArrival | undefined {
    return this.arrivals.get(id);
  }

  /** Forgets every change still owed: their items are taken never to come (a replay is about to start). */
  clear(): void {
    this.entries.length = 0;
  }

  /** The latest an item has come past its deadline so far (0 until one has). */
  get mostLatePastDeadlineMs(): number {
    return this.mostLateMs;
  }

  /** Changes still waiting for their (late) item. */
  get size(): number {
    return this.entries.length;
  }
}

/** The key of an event's owed notifications (a property's is its own key). */
export function eventOwedKey(siid: number, eiid: number): string {
  return `event ${siid}.${eiid}`;
}
