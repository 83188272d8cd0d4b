/**
 * A violation is data: which rule the device broke, what the judge expected, what it saw,
 * and which message of the trace shows it. Nothing here throws; the harness decides what a
 * violation means for the run.
 */
import type { RuleId } from '../catalogue/rule-ids.js';

export interface Violation {
  readonly rule: RuleId;
  readonly expected: string;
  readonly observed: string;
  /** Index of the trace entry (message sent or received) that shows it, when there is one. */
  readonly messageRef?: number;
  /**
   * The harness still knows the device's state despite it (a notification or a stray message
   * went wrong, not a response): a run judging other rules may go on.
   */
  readonly stateIntact?: boolean;
  /**
   * The rule whose failure this follows from (a notification of a write that should have been
   * refused is a consequence of EDP-PROP-4): the report leads with that rule.
   */
  readonly consequenceOf?: RuleId;
  /**
   * A missing item or event (EDP-NOTIFY-1, EDP-ACT-1): its id among the certification's overdue
   * notifications (overdue-changes.ts), so that one coming later is told as late, not missing.
   */
  readonly owedId?: number;
}

export function violation(rule: RuleId, expected: string, observed: string, messageRef?: number): Violation {
  return messageRef === undefined ? { rule, expected, observed } : { rule, expected, observed, messageRef };
}

/** The same violations, marked as leaving the harness's knowledge of the state intact. */
export function intact(violations: readonly Violation[]): Violation[] {
  return violations.map((v) => ({ ...v, stateIntact: true }));
}

/** The same violations, pointing at trace entry `messageRef` (the judge is pure and knows no trace). */
export function at(violations: readonly Violation[], messageRef: number | undefined): Violation[] {
  return messageRef === undefined ? [...violations] : violations.map((v) => ({ ...v, messageRef }));
}
