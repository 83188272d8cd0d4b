/**
 * Writes that must bring no properties_changed item (prediction.ts QuietWrite: an unchanged
 * value, a refused write, a repeated id), each live until the notification deadline after its
 * response. An item carrying such a write's value is explained by it (and judged as its fault).
 */
import type { Cause } from './cause.js';
import type { QuietWrite } from './prediction.js';
import { jsonEqual } from './value-equality.js';

export interface QuietRecord {
  readonly write: QuietWrite;
  readonly cause: Cause;
  deadlineMs: number;
  /** Registration order: an item can only be explained by writes registered before it arrived. */
  readonly seq: number;
  /** A `refused` write an item carrying its value was charged to: the device applied it. */
  shownApplied: boolean;
  /** On an `unchanged` write after refused ones of its batch (QuietWrite.refusedBefore): their records. */
  readonly refusedBefore: readonly QuietRecord[];
}

export class QuietWrites {
  private readonly records: QuietRecord[] = [];
  private readonly retired: QuietRecord[] = [];
  private added = 0;

  add(writes: readonly QuietWrite[], cause: Cause): void {
    const recordOf = new Map<QuietWrite, QuietRecord>();
    for (const write of writes) {
      const refusedBefore = (write.refusedBefore ?? []).flatMap((w) => recordOf.get(w) ?? []);
      const record: QuietRecord = {
        write,
        cause,
        deadlineMs: Number.POSITIVE_INFINITY,
        seq: this.added++,
        shownApplied: false,
        refusedBefore,
      };
      recordOf.set(write, record);
      this.records.push(record);
    }
  }

  /** How many writes were ever registered (the `before` of `take` for an item arriving now). */
  get registered(): number {
    return this.added;
  }

  responded(requestKey: number, deadlineMs: number): void {
    for (const entry of this.records)
      if (entry.cause.requestKey === requestKey) entry.deadlineMs = deadlineMs;
  }

  /**
   * Retires the writes whose deadline has passed by `nowMs`: they no longer explain items arriving
   * from now on, but still an item that came in their time and is judged later (`takeFor`).
   */
  expire(nowMs: number): void {
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i] as QuietRecord;
      if (record.deadlineMs >= nowMs) continue;
      this.records.splice(i, 1);
      this.retired.push(record);
    }
  }

  /**
   * Like `take`, for an item that arrived at `atMs` and is judged now: retired writes whose time it
   * came in count too. `exactly`: only writes whose value is known (and is the item's).
   */
  takeFor(
    key: string,
    value: unknown,
    kinds: readonly QuietWrite['kind'][],
    before: number,
    atMs: number | undefined,
    exactly = false,
  ): QuietRecord | undefined {
    const live = this.take(key, value, kinds, before, exactly);
    if (live !== undefined) return live;
    const at = bestFit(
      this.retired,
      (q) =>
        (atMs === undefined || q.deadlineMs >= atMs) &&
        (!exactly || q.write.value.known) &&
        fits(q, key, value, kinds, before),
    );
    return at < 0 ? undefined : taken(this.retired.splice(at, 1)[0] as QuietRecord);
  }

  /** The latest deadline (−∞ when there are none). */
  lastDeadline(): number {
    let last = Number.NEGATIVE_INFINITY;
    for (const entry of this.records) last = Math.max(last, entry.deadlineMs);
    return last;
  }

  /** Gives back a write `take` took (a change's item turned out to carry its value). */
  restore(record: QuietRecord): void {
    record.shownApplied = false;
    if (!this.records.includes(record)) this.records.push(record);
  }

  /** Takes the first live write of `key` (of these kinds) whose value the item carries (`exactly`: a known one). */
  take(
    key: string,
    value: unknown,
    kinds: readonly QuietWrite['kind'][] = ['unchanged', 'refused', 'forbidden'],
    before = Number.POSITIVE_INFINITY,
    exactly = false,
  ): QuietRecord | undefined {
    const at = bestFit(
      this.records,
      (q) => (!exactly || q.write.value.known) && fits(q, key, value, kinds, before),
    );
    if (at < 0) return undefined;
    const [record] = this.records.splice(at, 1);
    return record === undefined ? undefined : taken(record);
  }
}

/** Notes that an item was charged to `record`: for a refused write, the device applied it. */
function taken(record: QuietRecord): QuietRecord {
  if (record.write.kind === 'refused') record.shownApplied = true;
  return record;
}

/**
 * The first record that fits, one that wrote exactly this value before one whose value is unknown
 * (a refused action's effects): the write of this very value explains the item best (issue 18: an
 * applied out-of-`values` write was blamed on an earlier refused action that touched the property,
 * and the consequence named a rule the run never broke).
 */
function bestFit(records: readonly QuietRecord[], accepts: (q: QuietRecord) => boolean): number {
  const exact = records.findIndex((q) => q.write.value.known && accepts(q));
  return exact >= 0 ? exact : records.findIndex(accepts);
}

function fits(
  q: QuietRecord,
  key: string,
  value: unknown,
  kinds: readonly QuietWrite['kind'][],
  before: number,
): boolean {
  return (
    q.seq < before &&
    q.write.property.key === key &&
    kinds.includes(q.write.kind) &&
    (!q.write.value.known || jsonEqual(q.write.value.value, value))
  );
}
