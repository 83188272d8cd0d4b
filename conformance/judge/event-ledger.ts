/**
 * Judging emitted events (EDP-NOTIFY-3 for any event, EDP-ACT-1 for the events an action must
 * emit): each expected event must arrive, with matching arguments, within the notification
 * deadline after the response to the request that caused it. A device MAY send any other event
 * of its model on its own. Which arrival answers which expectation is a maximum matching
 * (augmenting paths), not first fit: an event that fits two expectations never leaves the other
 * one "missing" while another arrival could have answered it (the most charitable reading).
 * Time is passed in: this is pure and testable. An expected event that missed its deadline is
 * kept among the certification's overdue notifications: when it comes, however late, it is that
 * expectation's late event, never a later run's (issue 18, partner5: a 2 s-late event of the
 * certify run answered the printed replay, which then passed).
 */
import type { EventOccurredParams } from '../../src/protocol/index.js';
import type { Cause } from './cause.js';
import { eventArgumentsProblem } from './event-arguments.js';
import { describeExpectedValue, type ExpectedValue, matches } from './expected-value.js';
import { lateNotificationNote } from './late-arrival-text.js';
import type { IndexedEvent, ModelIndex } from './model-index.js';
import { eventOwedKey, type OverdueChanges } from './overdue-changes.js';
import type { ExpectedEvent } from './prediction.js';
import { type Violation, violation } from './violation.js';

export interface EventLedgerOptions {
  /** The certification's overdue notifications, shared by every run's ledgers. */
  readonly overdue?: OverdueChanges;
  /** The owner of what this ledger leaves overdue (its notification ledger). */
  readonly owner?: object;
  /** Told, for the trace, when an event is taken as an overdue expectation's late event. */
  readonly onLate?: (note: string) => void;
}

interface Arrival {
  readonly params: EventOccurredParams;
  readonly atMs: number | undefined;
}

interface PendingEvent {
  readonly expected: ExpectedEvent;
  readonly cause: Cause;
  deadlineMs: number;
  /** The arrival answering it in the current matching. */
  answer: Arrival | undefined;
  /** Events of the same kind that arrived but did not match, for the violation text. */
  readonly seen: string[];
}

export class EventLedger {
  private readonly pending: PendingEvent[] = [];
  /** Events of actions that had to be refused in this run (see `refused`). */
  private readonly ofRefused = new Set<IndexedEvent>();

  constructor(
    private readonly index: ModelIndex,
    private readonly notificationDeadlineMs: number,
    private readonly options: EventLedgerOptions = {},
  ) {}

  expect(events: readonly ExpectedEvent[], cause: Cause): void {
    for (const expected of events)
      this.pending.push({
        expected,
        cause,
        deadlineMs: Number.POSITIVE_INFINITY,
        answer: undefined,
        seen: [],
      });
  }

  /**
   * Events a refused action would have emitted. One of them arriving with invalid arguments shows
   * the device ran the action on its invalid `in`: a consequence of EDP-ACT-2, which leads only
   * when the device did accept that call in the same run (else EDP-NOTIFY-3 stands alone).
   */
  refused(events: readonly IndexedEvent[]): void {
    for (const event of events) this.ofRefused.add(event);
  }

  /** The response to `requestKey` came: its events are due by `deadlineMs`. */
  responded(requestKey: number, deadlineMs: number): void {
    for (const entry of this.pending)
      if (entry.cause.requestKey === requestKey) entry.deadlineMs = deadlineMs;
  }

  observe(params: EventOccurredParams, ref?: number, atMs?: number): Violation[] {
    const event = this.index.event(params.siid, params.eiid);
    if (event === undefined) {
      return [
        violation(
          'EDP-NOTIFY-3',
          'events of the model only',
          `event (siid ${params.siid}, eiid ${params.eiid})`,
          ref,
        ),
      ];
    }
    const problem = eventArgumentsProblem(this.index, event, params.arguments);
    if (problem !== undefined) {
      const found = violation('EDP-NOTIFY-3', `${event.label} with valid arguments`, problem, ref);
      return [this.ofRefused.has(event) ? { ...found, consequenceOf: 'EDP-ACT-2' } : found];
    }
    const shown = `${event.label}(${params.arguments.map((a) => JSON.stringify(a.value)).join(', ')})`;
    // An expectation that missed its deadline takes its event first, however late (as items do).
    const taken = this.options.overdue?.take(
      eventOwedKey(event.siid, event.spec.eiid),
      params,
      undefined,
      atMs,
    );
    if (taken !== undefined) {
      this.options.onLate?.(lateNotificationNote(`event ${shown}`, taken, this.owner));
      return [];
    }
    if (this.place({ params, atMs })) return [];
    // Not one the harness expected: a device MAY send any event of its model on its own.
    for (const p of this.pending)
      if (p.expected.event === event && p.answer === undefined) p.seen.push(shown);
    return [];
  }

  /** Takes the expectation `params` answers, if any. True when taken. */
  claim(params: EventOccurredParams): boolean {
    return this.place({ params, atMs: undefined });
  }

  /** Takes an event an overdue expectation (of any run) still waits for, however late. True when taken. */
  claimLate(params: EventOccurredParams, atMs?: number): boolean {
    const event = this.index.event(params.siid, params.eiid);
    if (event === undefined) return false;
    const taken = this.options.overdue?.take(
      eventOwedKey(event.siid, event.spec.eiid),
      params,
      undefined,
      atMs,
    );
    return taken !== undefined;
  }

  /** EDP-ACT-1 violations for events whose deadline has passed by `nowMs`; they are then forgotten. */
  expire(nowMs: number): Violation[] {
    const out: Violation[] = [];
    for (const entry of [...this.pending]) {
      if (entry.deadlineMs >= nowMs) continue;
      this.pending.splice(this.pending.indexOf(entry), 1);
      if (entry.answer !== undefined) continue;
      const args = entry.expected.arguments.map((a) => describeExpectedValue(a.value)).join(', ');
      const what = `event ${entry.expected.event.label}(${args}) emitted by ${entry.cause.description}, within ${this.notificationDeadlineMs} ms of its response`;
      const seen = entry.seen.length === 0 ? 'no such event' : `only ${entry.seen.join(', ')}`;
      const found = violation('EDP-ACT-1', what, seen, entry.cause.traceRef);
      const owedId = this.owe(entry, args);
      out.push(owedId === undefined ? found : { ...found, owedId });
    }
    return out;
  }

  /** Keeps an expectation past its deadline among the overdue notifications: its event may still come. */
  private owe(entry: PendingEvent, args: string): number | undefined {
    const { overdue } = this.options;
    if (overdue === undefined) return undefined;
    const { event } = entry.expected;
    return overdue.add({
      key: eventOwedKey(event.siid, event.spec.eiid),
      accepts: (params) =>
        entry.expected.arguments.every((a) =>
          argumentMatches(params as EventOccurredParams, a.piid, a.value),
        ),
      cause: entry.cause,
      deadlineMs: entry.deadlineMs,
      windowMs: this.notificationDeadlineMs,
      shown: `event ${event.label}(${args})`,
      owner: this.owner,
    });
  }

  private get owner(): object {
    return this.options.owner ?? this;
  }

  /** How many events are still to come, and the earliest and latest deadline among them. */
  outstanding(): {
    readonly count: number;
    readonly nextDeadlineMs: number;
    readonly lastDeadlineMs: number;
  } {
    let next = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let count = 0;
    for (const entry of this.pending) {
      if (entry.answer !== undefined) continue;
      count++;
      next = Math.min(next, entry.deadlineMs);
      last = Math.max(last, entry.deadlineMs);
    }
    return { count, nextDeadlineMs: next, lastDeadlineMs: last };
  }

  /** Augmenting path: answers an expectation with `arrival`, moving earlier arrivals where that frees one. */
  private place(arrival: Arrival, visited = new Set<PendingEvent>()): boolean {
    for (const entry of this.pending) {
      if (visited.has(entry) || !answers(entry, arrival, this.index)) continue;
      visited.add(entry);
      if (entry.answer === undefined || this.place(entry.answer, visited)) {
        entry.answer = arrival;
        return true;
      }
    }
    return false;
  }
}

function answers(entry: PendingEvent, arrival: Arrival, index: ModelIndex): boolean {
  const { params, atMs } = arrival;
  if (atMs !== undefined && atMs > entry.deadlineMs) return false;
  return (
    entry.expected.event === index.event(params.siid, params.eiid) &&
    entry.expected.arguments.every((a) => argumentMatches(params, a.piid, a.value))
  );
}

function argumentMatches(params: EventOccurredParams, piid: number, expected: ExpectedValue): boolean {
  const argument = params.arguments.find((a) => a.piid === piid);
  return argument !== undefined && matches(expected, argument.value);
}
