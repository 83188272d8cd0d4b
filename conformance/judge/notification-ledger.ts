/**
 * Judging notifications against the predicted state HISTORY (EDP-NOTIFY-1/2/3, EDP-ACT-1 for
 * emitted events). Every predicted change of a notify property expects one properties_changed
 * item carrying the value it took, in the order of the changes, within the notification
 * deadline after the response to the request that caused it; its order relative to that
 * response is free, so expectations are registered before the request is sent. Items for
 * volatile or non-notify properties, and for properties whose value the harness does not
 * know, are judged by validity only. Time is passed in: this is pure and testable.
 *
 * The most charitable reading (issue 18): a property's items are held until every change it
 * expects has had its deadline, then judged by the optimal alignment of notification-alignment.ts,
 * the reading with the fewest violations, never by first fit as they arrive. What each step of
 * that reading breaks, and which are consequences of a refused write the device applied, is
 * notification-step-violations.ts; the per-property record is notification-track.ts.
 */
import { valueProblem } from '../../src/model/index.js';
import type { EventOccurredParams, PropertyChangedItem } from '../../src/protocol/index.js';
import type { Cause } from './cause.js';
import { EventLedger } from './event-ledger.js';
import { describeExpectedValue, expectedValue, matches } from './expected-value.js';
import { type JudgeState, knowledgeOf } from './knowledge.js';
import { lateNotificationNote } from './late-arrival-text.js';
import type { IndexedEvent, IndexedProperty, ModelIndex } from './model-index.js';
import { type Alignment, type AlignmentStep, alignItems } from './notification-alignment.js';
import { stepViolation } from './notification-step-violations.js';
import type { PendingChange, SeenItem, Track } from './notification-track.js';
import { OverdueChanges } from './overdue-changes.js';
import type { Change, ExpectedEvent, QuietWrite } from './prediction.js';
import { type QuietRecord, QuietWrites } from './quiet-writes.js';
import { intact, type Violation, violation } from './violation.js';

export interface LedgerOptions {
  /** Section 7: 1 s by default, only ever longer. */
  readonly notificationDeadlineMs: number;
  /**
   * Changes of every run so far whose item did not come in time (shared by the certification's
   * ledgers): their items, however late, are theirs (overdue-changes.ts).
   */
  readonly overdue?: OverdueChanges;
  /**
   * Told, for the run's trace, when an item or event is taken as an earlier change's late one
   * (issue 18 C: the trace then says whose it is, never seeming to contradict its verdict).
   */
  readonly onLate?: (note: string) => void;
}

export class NotificationLedger {
  private readonly tracks = new Map<string, Track>();
  private readonly events: EventLedger;
  private readonly quiet = new QuietWrites();
  private readonly respondedAt = new Map<number, number>();
  private slowestMs = 0;
  private state: JudgeState;
  private readonly overdue: OverdueChanges;
  private retired = false;

  constructor(
    private readonly index: ModelIndex,
    private readonly options: LedgerOptions,
    initial: JudgeState,
  ) {
    this.state = initial;
    this.overdue = options.overdue ?? new OverdueChanges();
    this.events = new EventLedger(index, options.notificationDeadlineMs, {
      overdue: this.overdue,
      owner: this,
      ...(options.onLate === undefined ? {} : { onLate: options.onLate }),
    });
  }

  /** The state the harness knows now; items for unknown properties are judged leniently. */
  setState(state: JudgeState): void {
    this.state = state;
  }

  /** Register what a request will change and emit (and which of its writes must stay quiet), before it is sent. */
  expect(
    changes: readonly Change[],
    events: readonly ExpectedEvent[],
    cause: Cause,
    quiet: readonly QuietWrite[] = [],
    refusedEvents: readonly IndexedEvent[] = [],
  ): void {
    this.quiet.add(quiet, cause);
    this.events.refused(refusedEvents);
    for (const change of changes) {
      if (!change.property.notify || change.property.volatile) continue;
      const expected = expectedValue(change.property, change.value);
      const track = this.track(change.property);
      track.changes.push({ change, expected, cause, certain: change.certain, deadlineMs: Infinity });
    }
    this.events.expect(events, cause);
  }

  /** The response to `requestKey` arrived at `atMs`: its notifications are due within the deadline. */
  responded(requestKey: number, atMs: number): void {
    const deadline = atMs + this.options.notificationDeadlineMs;
    this.respondedAt.set(requestKey, atMs);
    this.quiet.responded(requestKey, deadline);
    for (const track of this.tracks.values())
      for (const entry of track.changes)
        if (entry.cause.requestKey === requestKey) entry.deadlineMs = deadline;
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

  observeEvent(params: EventOccurredParams, ref?: number, atMs?: number): Violation[] {
    return intact(this.events.observe(params, ref, atMs));
  }

  /**
   * Judges every property whose expected changes have all had their deadline by `nowMs` (the
   * optimal reading of its items), and events past theirs; what is judged is then forgotten.
   */
  expire(nowMs: number): Violation[] {
    const out: Violation[] = [];
    // Properties first: a quiet write whose deadline passed with theirs may still explain an item that came in time.
    for (const [key, track] of this.tracks) {
      if (!track.changes.every((c) => c.deadlineMs < nowMs)) continue;
      out.push(...this.judgeTrack(track, nowMs));
      this.tracks.delete(key);
    }
    this.quiet.expire(nowMs);
    out.push(...this.events.expire(nowMs));
    return intact(out);
  }

  /**
   * What is still to come: changes whose item has not come (`items`: EDP-NOTIFY-1), properties
   * whose reading so far has a violation that a later item may explain (`suspects`, also with
   * `items`), emitted events (`events`: EDP-ACT-1); and the earliest deadline among them.
   */
  outstanding(
    kinds: { readonly items: boolean; readonly events: boolean; readonly suspects?: boolean } = {
      items: true,
      events: true,
    },
    nowMs = Number.NEGATIVE_INFINITY,
  ): {
    readonly count: number;
    readonly nextDeadlineMs: number;
  } {
    let count = 0;
    let next = Number.POSITIVE_INFINITY;
    for (const track of this.tracks.values()) {
      const reading = this.align(track, nowMs);
      if (kinds.items) {
        for (const step of reading.steps) {
          if (step.op !== 'missing' || step.due) continue;
          const change = track.changes[step.change] as PendingChange;
          if (!change.certain) continue;
          count++;
          next = Math.min(next, change.deadlineMs);
        }
      }
      const judgedAt = Math.max(...track.changes.map((c) => c.deadlineMs));
      if ((kinds.items || kinds.suspects === true) && reading.violations > 0 && Number.isFinite(judgedAt)) {
        // Judged once every change of the property has had its deadline.
        count++;
        next = Math.min(next, judgedAt);
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
   * For a run that has ended: takes an item that answers one of its changes still owed an item
   * (a late but timely notification), or carries the value of one of its quiet writes, so the
   * next run does not judge it. True when taken.
   */
  claim(item: PropertyChangedItem): boolean {
    const property = this.index.property(item.siid, item.piid);
    if (property === undefined) return false;
    const track = this.tracks.get(property.key);
    if (track !== undefined && this.owes(track, item.value)) {
      track.items.push(this.seen(track, property, item, undefined, undefined, undefined));
      // Retired with this ledger as still owed: it is answered now.
      this.overdue.take(property.key, item.value, this);
      return true;
    }
    // A write of that run that had to stay quiet: its stray item is that run's, never a later one's.
    return this.quiet.take(property.key, item.value) !== undefined;
  }

  /**
   * Whether a change of this ledger still owes an item with this value (it then has first call on
   * it, before an earlier run's ledger): this run's evidence stays with this run.
   */
  wants(item: PropertyChangedItem): boolean {
    const property = this.index.property(item.siid, item.piid);
    const track = property === undefined ? undefined : this.tracks.get(property.key);
    return track !== undefined && this.owes(track, item.value);
  }

  /**
   * Takes an item that a change of an earlier run (or of this one, already judged) still owes,
   * however late it comes: that change's late item (EDP-NOTIFY-1, charged when it was due), not
   * evidence of anything else. True when taken.
   */
  claimLate(item: PropertyChangedItem, atMs?: number): boolean {
    const property = this.index.property(item.siid, item.piid);
    if (property === undefined) return false;
    const taken = this.overdue.take(property.key, item.value, undefined, atMs);
    if (taken === undefined) return false;
    this.options.onLate?.(lateNotificationNote(shownItem(property, item), taken, this));
    return true;
  }

  /**
   * The run has ended: what its changes still owe goes to the certification's overdue changes, so
   * an item that comes after this ledger stops lingering is still this run's late item.
   */
  retire(): void {
    if (this.retired) return;
    this.retired = true;
    for (const track of this.tracks.values())
      for (const step of this.align(track, Number.NEGATIVE_INFINITY).steps)
        if (step.op === 'missing' && (track.changes[step.change] as PendingChange).certain)
          this.owe(track, step.change);
  }

  /** An item as a reader names it (`blind.speed = 1`), for the trace. */
  describeItem(item: PropertyChangedItem): string {
    const property = this.index.property(item.siid, item.piid);
    return property === undefined
      ? `item (siid ${item.siid}, piid ${item.piid}) = ${JSON.stringify(item.value)}`
      : shownItem(property, item);
  }

  /** Like `claim`, for an emitted event. */
  claimEvent(params: EventOccurredParams): boolean {
    return this.events.claim(params);
  }

  /** Like `claimLate`, for an emitted event an expectation of any run still waits for. */
  claimLateEvent(params: EventOccurredParams, atMs?: number): boolean {
    return this.events.claimLate(params, atMs);
  }

  /** The latest deadline among what is still expected (−∞ when nothing is). */
  lastDeadline(): number {
    let last = this.quietDeadline();
    for (const track of this.tracks.values())
      for (const entry of track.changes) last = Math.max(last, entry.deadlineMs);
    return Math.max(last, this.events.outstanding().lastDeadlineMs);
  }

  private track(property: IndexedProperty): Track {
    let track = this.tracks.get(property.key);
    if (track === undefined) {
      track = { property, changes: [], items: [] };
      this.tracks.set(property.key, track);
    }
    return track;
  }

  private owes(track: Track, value: unknown): boolean {
    const reading = this.align(track, Number.NEGATIVE_INFINITY);
    return reading.steps.some(
      (s) => s.op === 'missing' && matches((track.changes[s.change] as PendingChange).expected, value),
    );
  }

  private align(track: Track, nowMs: number): Alignment {
    return alignItems(
      track.changes,
      track.items.map((i) => ({ ...i, explained: i.quiet !== undefined })),
      nowMs,
    );
  }

  private seen(
    track: Track,
    property: IndexedProperty,
    item: PropertyChangedItem,
    ref: number | undefined,
    atMs: number | undefined,
    quiet: QuietRecord | undefined,
  ): SeenItem {
    return {
      value: item.value,
      atMs,
      registered: track.changes.length,
      free: !knowledgeOf(this.state, property).known,
      quiet,
      quietBefore: this.quiet.registered,
      shown: shownItem(property, item),
      ref,
    };
  }

  private observeItem(item: PropertyChangedItem, ref?: number, atMs?: number): Violation[] {
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
      // Carrying the value of a write that had to be refused: the device applied it (EDP-PROP-4 leads).
      // A write retired since the item arrived still counts: a judge running late must not change the verdict.
      const refused = this.quiet.takeFor(
        property.key,
        item.value,
        ['refused'],
        Number.POSITIVE_INFINITY,
        atMs,
      );
      const v = violation('EDP-NOTIFY-2', `${property.label}: a value the property can have`, problem, ref);
      return [refused === undefined ? v : { ...v, consequenceOf: refused.write.refusedBy ?? 'EDP-PROP-4' }];
    }
    if (property.volatile || !property.notify) return [];
    // What could explain it if no change owes it: a write that left the value as it was
    // (EDP-NOTIFY-1), a refused write the device applied (EDP-PROP-4), an executed repeat (EDP-RPC-5).
    // An item a change still owes takes none (a batch's change and unchanged write share a value).
    const track = this.tracks.get(property.key);
    // A change whose item did not come in time explains it before anything else, even before a
    // change of this ledger that owes its value (issue 18: an earlier run's late items, charged as
    // executed repeats and backwards items). At worst this ledger's change then misses its item:
    // EDP-NOTIFY-1 again, the rule the overdue change already broke, never a new rule.
    const taken = this.overdue.take(property.key, item.value, undefined, atMs);
    if (taken !== undefined) {
      this.options.onLate?.(lateNotificationNote(shownItem(property, item), taken, this));
      return [];
    }
    const owed = track !== undefined && this.owes(track, item.value);
    const quiet = owed ? undefined : this.explanation(property, item.value);
    if (track === undefined || track.changes.length === 0) {
      // No change of it is expected: the item is judged now, alone.
      const lone: Track = { property, changes: [], items: [] };
      lone.items.push(this.seen(lone, property, item, ref, atMs, quiet));
      return this.judgeTrack(lone, atMs ?? Number.NEGATIVE_INFINITY);
    }
    this.noteDelay(track, item.value, atMs);
    track.items.push(this.seen(track, property, item, ref, atMs, quiet));
    return [];
  }

  /** What explains an item no change owes (`before`, `atMs`: for an item judged after it came). */
  private explanation(
    property: IndexedProperty,
    value: unknown,
    before = Number.POSITIVE_INFINITY,
    atMs?: number,
  ): QuietRecord | undefined {
    // An unchanged write first: it needs nothing else to have gone wrong (a refused write that was
    // applied also broke EDP-PROP-4; an executed repeat, EDP-RPC-5). But a write of this very value
    // before one whose value is unknown, whatever their kinds: either reading breaks one rule, and
    // only the exact one accounts for the value (issue 18: a repeat's write, executed, was charged
    // to the refused action it repeated, as if the device had applied its unknown effects).
    const kinds = [['unchanged'], ['refused'], ['forbidden']] as const;
    for (const exactly of [true, false])
      for (const kind of kinds) {
        const found = this.quiet.takeFor(property.key, value, kind, before, atMs, exactly);
        if (found !== undefined) return found;
      }
    return undefined;
  }

  /** The violations of a property's optimal reading; quiet writes its changes explained are given back. */
  private judgeTrack(track: Track, nowMs: number): Violation[] {
    const reading = this.align(track, nowMs);
    const out: Violation[] = [];
    for (const step of reading.steps) {
      if (step.op === 'extra' && (track.items[step.item] as SeenItem).quiet === undefined) {
        // Owed when it came, yet no change took it: what explains it now, if anything still does.
        const item = track.items[step.item] as SeenItem;
        const quiet = this.explanation(track.property, item.value, item.quietBefore, item.atMs);
        if (quiet !== undefined) track.items[step.item] = { ...item, quiet };
      } else if (step.op !== 'extra') {
        for (const i of itemsOf(step)) {
          const q = (track.items[i] as SeenItem).quiet;
          if (q !== undefined && q.deadlineMs >= nowMs) this.quiet.restore(q);
        }
      }
      // Its item may still come, however late: it is then this change's, not a later request's.
      // (Not a change the harness could not be sure of: it may never bring an item.)
      const owedId = step.op === 'missing' && step.due ? this.owe(track, step.change) : undefined;
      const v = stepViolation(track, step, this.options.notificationDeadlineMs, this.state);
      if (v !== undefined) out.push(owedId === undefined ? v : { ...v, owedId });
    }
    return out;
  }

  private owe(track: Track, change: number): number {
    const { expected, cause, deadlineMs } = track.changes[change] as PendingChange;
    return this.overdue.add({
      key: track.property.key,
      accepts: (value) => matches(expected, value),
      cause,
      deadlineMs,
      windowMs: this.options.notificationDeadlineMs,
      shown: `${track.property.label} = ${describeExpectedValue(expected)}`,
      owner: this,
    });
  }

  private noteDelay(track: Track, value: unknown, atMs: number | undefined): void {
    const owed = track.changes.find((c) => Number.isFinite(c.deadlineMs) && matches(c.expected, value));
    const respondedAt = owed === undefined ? undefined : this.respondedAt.get(owed.cause.requestKey);
    if (atMs !== undefined && respondedAt !== undefined)
      this.slowestMs = Math.max(this.slowestMs, atMs - respondedAt);
  }
}

function shownItem(property: IndexedProperty, item: PropertyChangedItem): string {
  return `${property.label} = ${JSON.stringify(item.value)}`;
}

function itemsOf(step: AlignmentStep): readonly number[] {
  if (step.op === 'swap') return step.items;
  if (step.op === 'missing') return [];
  return [step.item];
}
