/**
 * Changes whose item did not come in time, kept for the rest of the certification (issue 18:
 * a partner's thermostat sent every item 2 s late). The change was already charged EDP-NOTIFY-1
 * (or its run ended before judging it); when its item does come, however late and however many
 * runs later, that item is the change's late item: it is taken here and never judged again — not
 * as an executed repeat (EDP-RPC-5), not as an item out of order (EDP-NOTIFY-2), not as an item
 * for an unchanged write. The most charitable reading: it costs no second violation.
 */
import type { Cause } from './cause.js';
import { type ExpectedValue, matches } from './expected-value.js';

interface Overdue {
  readonly propertyKey: string;
  readonly expected: ExpectedValue;
  readonly cause: Cause;
  /** Its notification deadline on the judge's clock (∞ when its response never came). */
  readonly deadlineMs: number;
  /** The ledger that registered it (it takes its own entry back when its lingering self claims the item). */
  readonly owner: object;
}

/** Bound on what is kept: a device that never notifies must not grow this without end. */
const MOST_KEPT = 10_000;

export class OverdueChanges {
  private readonly entries: Overdue[] = [];
  private mostLateMs = 0;

  add(owner: object, propertyKey: string, expected: ExpectedValue, cause: Cause, deadlineMs: number): void {
    this.entries.push({ propertyKey, expected, cause, deadlineMs, owner });
    if (this.entries.length > MOST_KEPT) this.entries.shift();
  }

  /**
   * Takes the oldest change of `propertyKey` (of `owner` only, when given) whose item `value` is;
   * `atMs`, when the item came (on the judge's clock), measures how late it was.
   */
  take(propertyKey: string, value: unknown, owner?: object, atMs?: number): Cause | undefined {
    const at = this.entries.findIndex(
      (e) =>
        e.propertyKey === propertyKey &&
        (owner === undefined || e.owner === owner) &&
        matches(e.expected, value),
    );
    if (at < 0) return undefined;
    const [taken] = this.entries.splice(at, 1);
    if (taken !== undefined && atMs !== undefined && Number.isFinite(taken.deadlineMs))
      this.mostLateMs = Math.max(this.mostLateMs, atMs - taken.deadlineMs);
    return taken?.cause;
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
