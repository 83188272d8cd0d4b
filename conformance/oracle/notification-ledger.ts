/**
 * Judging notifications against the predicted state HISTORY (EDP-NOTIFY-1/2/3, EDP-ACT-1 for
 * emitted events). Every predicted change of a notify property expects one properties_changed
 * item carrying the value it took, in the order of the changes, within the notification
 * deadline after the response to the request that caused it; its order relative to that
 * response is free, so expectations are registered before the request is sent. Items for
 * volatile or non-notify properties, and for properties whose value the harness does not
 * know, are judged by validity only. Time is passed in: this is pure and testable.
 */
import { valueProblem } from '../../src/model/values.js';
import type { EventOccurredParams, PropertyChangedItem } from '../../src/protocol/types.js';
import type { Cause } from './cause.js';
import { EventLedger } from './event-ledger.js';
import { describeExpectedValue, type ExpectedValue, expectedValue, matches } from './expected-value.js';
import { knowledgeOf, type OracleState } from './knowledge.js';
import type { ModelIndex } from './model-index.js';
import type { Change, ExpectedEvent, QuietWrite } from './prediction.js';
import { type QuietRecord, QuietWrites } from './quiet-writes.js';
import { intact, type Violation, violation } from './violation.js';

export interface LedgerOptions {
  /** Section 7: 1 s by default, only ever longer. */
  readonly notificationDeadlineMs: number;
}

interface PendingItem {
  readonly change: Change;
  readonly expected: ExpectedValue;
  readonly cause: Cause;
  deadlineMs: number;
  /** An item for a later change of the same property came first. */
  overtaken: boolean;
}

/**
 * An item that carries the value of an unchanged write while a real change of the property is
 * still to come: either the unchanged write's stray item (EDP-NOTIFY-1, known once the change's
 * own item arrives) or a wrong value in place of the change's item (EDP-NOTIFY-2, known once
 * that item fails to come).
 */
interface Suspect {
  readonly next: PendingItem;
  readonly quiet: QuietRecord;
  readonly shown: string;
  readonly ref: number | undefined;
}

export class NotificationLedger {
  private readonly items = new Map<string, PendingItem[]>();
  private readonly events: EventLedger;
  private readonly quiet = new QuietWrites();
  private readonly suspects: Suspect[] = [];
  private readonly respondedAt = new Map<number, number>();
  /**
   * Items taken by an expectation the harness was not sure of (an unknown value may or may not
   * have changed), per property: should a later sure change of that property miss its item,
   * one of these, if it carries that value, was its item after all.
   */
  private readonly absorbed = new Map<string, unknown[]>();
  private slowestMs = 0;
  private state: OracleState;

  constructor(
    private readonly index: ModelIndex,
    private readonly options: LedgerOptions,
    initial: OracleState,
  ) {
    this.state = initial;
    this.events = new EventLedger(index, options.notificationDeadlineMs);
  }

  /** The state the harness knows now; items for unknown properties are judged leniently. */
  setState(state: OracleState): void {
    this.state = state;
  }

  /** Register what a request will change and emit (and which of its writes must stay quiet), before it is sent. */
  expect(
    changes: readonly Change[],
    events: readonly ExpectedEvent[],
    cause: Cause,
    quiet: readonly QuietWrite[] = [],
  ): void {
    this.quiet.add(quiet, cause);
    for (const change of changes) {
      if (!change.property.notify || change.property.volatile) continue;
      const expected = expectedValue(change.property, change.value);
      const queue = this.items.get(change.property.key) ?? [];
      queue.push({ change, expected, cause, deadlineMs: Number.POSITIVE_INFINITY, overtaken: false });
      this.items.set(change.property.key, queue);
    }
    this.events.expect(events, cause);
  }

  /** The response to `requestKey` arrived at `atMs`: its notifications are due within the deadline. */
  responded(requestKey: number, atMs: number): void {
    const deadline = atMs + this.options.notificationDeadlineMs;
    this.respondedAt.set(requestKey, atMs);
    this.quiet.responded(requestKey, deadline);
    for (const queue of this.items.values()) {
      for (const entry of queue) if (entry.cause.requestKey === requestKey) entry.deadlineMs = deadline;
    }
    this.events.responded(requestKey, deadline);
  }

  observeProperties(items: readonly PropertyChangedItem[], ref?: number, atMs?: number): Violation[] {
    return intact(items.flatMap((item) => this.observeItem(item, ref, atMs)));
  }

  /** The longest this device has taken to notify a change after its response (0 until one is seen). */
  get slowestNotificationMs(): number {
    return this.slowestMs;
  }

  /** The latest deadline of writes that must stay quiet (−∞ when there are none). */
  quietDeadline(): number {
    return this.quiet.lastDeadline();
  }

  observeEvent(params: EventOccurredParams, ref?: number): Violation[] {
    return intact(this.events.observe(params, ref));
  }

  /** Violations for expectations whose deadline has passed by `nowMs`; they are then forgotten. */
  expire(nowMs: number): Violation[] {
    return intact(this.expired(nowMs));
  }

  private expired(nowMs: number): Violation[] {
    const out: Violation[] = [];
    this.quiet.expire(nowMs);
    for (const [key, queue] of this.items) {
      const keep = queue.filter((entry) => {
        if (entry.deadlineMs >= nowMs) return true;
        // The change's item never came: the suspect in its place was a wrong value for it.
        out.push(...this.resolveSuspects(entry, 'missing'));
        const taken = this.absorbed.get(key);
        const mistaken = taken?.findIndex((value) => matches(entry.expected, value)) ?? -1;
        if (entry.change.certain && mistaken >= 0) {
          taken?.splice(mistaken, 1);
          return false;
        }
        if (entry.change.certain) {
          const what = `one properties_changed item ${entry.change.property.label} = ${describeExpectedValue(entry.expected)} within ${this.options.notificationDeadlineMs} ms of the response to ${entry.cause.description}`;
          out.push(violation('EDP-NOTIFY-1', what, 'no such item', entry.cause.traceRef));
        }
        return false;
      });
      if (keep.length === 0) this.items.delete(key);
      else this.items.set(key, keep);
    }
    out.push(...this.events.expire(nowMs));
    return out;
  }

  /**
   * How many expected items (`items`: EDP-NOTIFY-1) and emitted events (`events`: EDP-ACT-1) are
   * still to come, and the earliest deadline among them.
   */
  outstanding(
    kinds: { readonly items: boolean; readonly events: boolean; readonly suspects?: boolean } = {
      items: true,
      events: true,
    },
  ): {
    readonly count: number;
    readonly nextDeadlineMs: number;
  } {
    let count = 0;
    let next = Number.POSITIVE_INFINITY;
    if (kinds.items) {
      for (const queue of this.items.values()) {
        for (const entry of queue) {
          if (!entry.change.certain) continue;
          count++;
          next = Math.min(next, entry.deadlineMs);
        }
      }
    }
    if (kinds.suspects === true && !kinds.items) {
      // A suspect is judged once the change it stands in for arrives or misses its deadline.
      for (const suspect of this.suspects) {
        count++;
        next = Math.min(next, suspect.next.deadlineMs);
      }
    }
    if (kinds.events) {
      const events = this.events.outstanding();
      count += events.count;
      next = Math.min(next, events.nextDeadlineMs);
    }
    return { count, nextDeadlineMs: next };
  }

  /**
   * For a run that has ended: takes an item that answers one of its expectations (a late but
   * timely notification), so the next run does not judge it. True when taken.
   */
  claim(item: PropertyChangedItem): boolean {
    const property = this.index.property(item.siid, item.piid);
    const queue = property === undefined ? undefined : this.items.get(property.key);
    const at = queue?.findIndex((entry) => matches(entry.expected, item.value)) ?? -1;
    if (queue !== undefined && at >= 0) {
      queue.splice(at, 1);
      return true;
    }
    // A write of that run that had to stay quiet: its stray item is that run's, never a later one's.
    const quiet = property === undefined ? undefined : this.quiet.take(property.key, item.value);
    return quiet !== undefined;
  }

  /**
   * Whether an item answers the next change of its property this ledger is sure of (it then has
   * first call on it); an item that would overtake an earlier change goes to earlier runs first.
   */
  expectsNext(item: PropertyChangedItem): boolean {
    const property = this.index.property(item.siid, item.piid);
    const queue = property === undefined ? undefined : this.items.get(property.key);
    const next = queue?.find((entry) => entry.change.certain && !entry.overtaken);
    return next !== undefined && matches(next.expected, item.value);
  }

  /** Whether this ledger still expects any change of the item's property. */
  expectsAny(item: PropertyChangedItem): boolean {
    const property = this.index.property(item.siid, item.piid);
    const queue = property === undefined ? undefined : this.items.get(property.key);
    return queue?.some((entry) => entry.change.certain) === true;
  }

  /** Like `claim`, for an emitted event. */
  claimEvent(params: EventOccurredParams): boolean {
    return this.events.claim(params);
  }

  /** The latest deadline among what is still expected (−∞ when nothing is). */
  lastDeadline(): number {
    let last = this.quietDeadline();
    for (const queue of this.items.values())
      for (const entry of queue) last = Math.max(last, entry.deadlineMs);
    return Math.max(last, this.events.outstanding().lastDeadlineMs);
  }

  private observeItem(item: PropertyChangedItem, ref?: number, atMs?: number): Violation[] {
    const property = this.index.property(item.siid, item.piid);
    // An item carrying the value of a write that had to be refused: the device applied it.
    const refused =
      property === undefined ? undefined : this.quiet.take(property.key, item.value, ['refused']);
    const judged = this.judgeItem(item, ref, atMs);
    return refused === undefined
      ? judged
      : judged.map((v) => ({ ...v, consequenceOf: refused.write.refusedBy ?? ('EDP-PROP-4' as const) }));
  }

  private judgeItem(item: PropertyChangedItem, ref?: number, atMs?: number): Violation[] {
    const property = this.index.property(item.siid, item.piid);
    if (property === undefined) {
      return [
        violation(
          'EDP-NOTIFY-2',
          'items for properties of the model only',
          `item for (siid ${item.siid}, piid ${item.piid})`,
          ref,
        ),
      ];
    }
    const problem = valueProblem(property.spec, item.value);
    if (problem !== undefined) {
      return [violation('EDP-NOTIFY-2', `${property.label}: a value the property can have`, problem, ref)];
    }
    if (property.volatile || !property.notify) return [];
    const queue = this.items.get(property.key) ?? [];
    const at = queue.findIndex((entry) => matches(entry.expected, item.value));
    const shown = `${property.label} = ${JSON.stringify(item.value)}`;
    const head = queue.find((entry) => entry.change.certain && !entry.overtaken);
    if (at >= 0 && head !== undefined && queue.indexOf(head) < at) {
      // It would overtake an earlier change: an unchanged write's stray item is the likelier story.
      const unchanged = this.quiet.take(property.key, item.value, ['unchanged']);
      if (unchanged !== undefined) {
        this.suspects.push({ next: head, quiet: unchanged, shown, ref });
        return [];
      }
    }
    if (at >= 0) {
      const entry = queue[at] as PendingItem;
      this.noteDelay(entry.cause.requestKey, atMs);
      if (!entry.change.certain)
        this.absorbed.set(property.key, [...(this.absorbed.get(property.key) ?? []), item.value]);
      for (const earlier of queue.slice(0, at)) earlier.overtaken = true;
      // Uncertain expectations that were skipped may simply never come: forget them.
      const rest = queue.filter((e, i) => i !== at && (i > at || e.change.certain));
      if (rest.length === 0) this.items.delete(property.key);
      else this.items.set(property.key, rest);
      // The change's own item came: a suspect in its place was an unchanged write's stray item.
      const resolved = this.resolveSuspects(entry, 'arrived');
      if (entry.overtaken) {
        return [
          ...resolved,
          violation(
            'EDP-NOTIFY-2',
            `items for ${property.label} in the order of its changes`,
            `${shown} (an earlier change) came after an item for a later change`,
            ref,
          ),
        ];
      }
      return resolved;
    }
    const next = queue.find((entry) => entry.change.certain && !entry.overtaken);
    // A write that left the value as it was explains it (EDP-NOTIFY-1); failing that, a repeated
    // id that was executed (EDP-RPC-5). The repeat is blamed only when nothing else explains it.
    const quiet =
      this.quiet.take(property.key, item.value, ['unchanged']) ??
      this.quiet.take(property.key, item.value, ['forbidden']);
    if (quiet?.write.kind === 'forbidden') {
      return [
        violation(
          'EDP-RPC-5',
          `no effects of ${quiet.cause.description}: a repeated id is answered from the stored response`,
          `${shown}: the repeat was executed`,
          ref,
        ),
      ];
    }
    if (quiet !== undefined) {
      if (next !== undefined) {
        this.suspects.push({ next, quiet, shown, ref });
        return [];
      }
      return [unchangedViolation(property.label, quiet, shown, ref)];
    }
    if (next !== undefined) {
      return [
        violation(
          'EDP-NOTIFY-2',
          `next item for ${property.label}: ${describeExpectedValue(next.expected)} (${next.cause.description})`,
          shown,
          ref,
        ),
      ];
    }
    const current = knowledgeOf(this.state, property);
    if (!current.known) return [];
    return [
      violation(
        'EDP-NOTIFY-1',
        `no item for ${property.label}: it did not change (it is ${JSON.stringify(current.value)})`,
        shown,
        ref,
      ),
    ];
  }

  /** Suspects waiting on `entry`: its item `arrived` (they were stray items) or went `missing` (they were wrong values). */
  private resolveSuspects(entry: PendingItem, how: 'arrived' | 'missing'): Violation[] {
    const out: Violation[] = [];
    for (let i = this.suspects.length - 1; i >= 0; i--) {
      const suspect = this.suspects[i] as Suspect;
      if (suspect.next !== entry) continue;
      this.suspects.splice(i, 1);
      const label = entry.change.property.label;
      out.unshift(
        how === 'arrived'
          ? unchangedViolation(label, suspect.quiet, suspect.shown, suspect.ref)
          : violation(
              'EDP-NOTIFY-2',
              `next item for ${label}: ${describeExpectedValue(entry.expected)} (${entry.cause.description})`,
              suspect.shown,
              suspect.ref,
            ),
      );
    }
    return intact(out);
  }

  private noteDelay(requestKey: number, atMs: number | undefined): void {
    const respondedAt = this.respondedAt.get(requestKey);
    if (atMs !== undefined && respondedAt !== undefined)
      this.slowestMs = Math.max(this.slowestMs, atMs - respondedAt);
  }
}

function unchangedViolation(
  label: string,
  quiet: QuietRecord,
  shown: string,
  ref: number | undefined,
): Violation {
  const value = quiet.write.value.known ? JSON.stringify(quiet.write.value.value) : 'its value';
  const found = violation(
    'EDP-NOTIFY-1',
    `no item for ${label}: ${quiet.cause.description} wrote ${value}, which it already held (not a change)`,
    shown,
    ref,
  );
  // After an item of the same batch that had to be refused: it is a change if the device applied that.
  return quiet.write.refusedBy === undefined ? found : { ...found, consequenceOf: quiet.write.refusedBy };
}
