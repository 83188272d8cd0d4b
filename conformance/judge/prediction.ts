/**
 * What the judge predicts for one request: the response, exactly (item codes, values, `out`),
 * and what the request does to state: the changes it makes, in order, and the events it emits.
 */
import type { ExpectedValue } from './expected-value.js';
import type { JudgeState, Knowledge } from './knowledge.js';
import type { IndexedEvent, IndexedProperty } from './model-index.js';

export interface ExpectedGetItem {
  readonly siid: unknown;
  readonly piid: unknown;
  readonly code: number;
  /** Present exactly when `code` is 0. */
  readonly value?: ExpectedValue;
  readonly label: string;
}

export interface ExpectedSetItem {
  readonly siid: unknown;
  readonly piid: unknown;
  readonly code: number;
  readonly label: string;
}

export interface ExpectedOutItem {
  readonly piid: number;
  readonly value: ExpectedValue;
}

/** One change of state: a value a property took, in the order the device must apply them. */
export interface Change {
  readonly property: IndexedProperty;
  /** The value it took; unknown when the harness cannot know it. */
  readonly value: Knowledge;
  /** False when the harness cannot tell whether the value changed at all (its old value was unknown). */
  readonly certain: boolean;
  /** The value it held just before (an item carrying it, before this change's own, reports no change). */
  readonly before?: Knowledge;
}

/**
 * A write (or the body of a repeat) that must bring no properties_changed item: it left the
 * value as it was (`unchanged`, EDP-NOTIFY-1), it must be refused (`refused`: an item carrying
 * its value shows the device applied it, a consequence of EDP-PROP-4), or it is a repeated id
 * that must have no effects (`forbidden`: EDP-RPC-5).
 */
export interface QuietWrite {
  readonly kind: 'unchanged' | 'refused' | 'forbidden';
  readonly property: IndexedProperty;
  /** The value written; unknown when the harness cannot know it (then any item matches). */
  readonly value: Knowledge;
  /**
   * The rule a `refused` write's item follows from: EDP-PROP-4 (a write), EDP-ACT-2 (a refused
   * action's effects); on an `unchanged` write, the refused item before it in the same batch.
   */
  readonly refusedBy?: 'EDP-PROP-4' | 'EDP-ACT-2';
  /**
   * On an `unchanged` write: the refused writes of the same property earlier in its batch. Its
   * item is their consequence only once an item shows one of them applied (issue 18).
   */
  readonly refusedBefore?: readonly QuietWrite[];
}

export interface ExpectedEvent {
  readonly event: IndexedEvent;
  readonly arguments: readonly ExpectedOutItem[];
}

export type ExpectedResponse =
  | { readonly kind: 'get'; readonly items: readonly ExpectedGetItem[] }
  | { readonly kind: 'set'; readonly items: readonly ExpectedSetItem[] }
  | {
      readonly kind: 'action';
      readonly label: string;
      readonly code: number;
      readonly out: readonly ExpectedOutItem[];
    }
  | { readonly kind: 'model' }
  /** An envelope error (section 3); `id` is the request's id, or null where none can be read. */
  | {
      readonly kind: 'envelope-error';
      readonly code: number;
      readonly id: number | null;
      readonly why: string;
    };

export interface Prediction {
  readonly response: ExpectedResponse;
  readonly changes: readonly Change[];
  readonly events: readonly ExpectedEvent[];
  /** Writes of the request that must bring no item (see QuietWrite). */
  readonly quiet?: readonly QuietWrite[];
  /**
   * Events a refused action would have emitted: one arriving with invalid arguments shows the
   * device ran the action with its invalid `in`, a consequence of EDP-ACT-2.
   */
  readonly refusedEvents?: readonly IndexedEvent[];
  /** The state after the request, as the harness will know it. */
  readonly next: JudgeState;
}

/** A request that changes nothing and expects an envelope error. */
export function envelopeErrorPrediction(
  state: JudgeState,
  code: number,
  id: number | null,
  why: string,
): Prediction {
  return { response: { kind: 'envelope-error', code, id, why }, changes: [], events: [], next: state };
}
