/**
 * What the notification ledger keeps for one property between judgements: the changes it
 * predicted (each owed one item) and the items that arrived (notification-ledger.ts), read
 * together by notification-alignment.ts and judged by notification-step-violations.ts.
 */
import type { Cause } from './cause.js';
import type { ExpectedValue } from './expected-value.js';
import type { IndexedProperty } from './model-index.js';
import type { Change } from './prediction.js';
import type { QuietRecord } from './quiet-writes.js';

/** A predicted change of a notify property, owed one item until its deadline. */
export interface PendingChange {
  readonly change: Change;
  readonly expected: ExpectedValue;
  readonly cause: Cause;
  readonly certain: boolean;
  deadlineMs: number;
}

/** A properties_changed item as it arrived, with what could explain it. */
export interface SeenItem {
  readonly value: unknown;
  readonly atMs: number | undefined;
  readonly registered: number;
  readonly free: boolean;
  /** The write it can be charged to, taken when it arrived (given back if a change answers it). */
  readonly quiet: QuietRecord | undefined;
  /** Quiet writes registered when it arrived: only those can explain it. */
  readonly quietBefore: number;
  readonly shown: string;
  readonly ref: number | undefined;
}

/** One property's changes and items since its last judgement. */
export interface Track {
  readonly property: IndexedProperty;
  readonly changes: PendingChange[];
  readonly items: SeenItem[];
}
