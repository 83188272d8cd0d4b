/**
 * How a run ends when the device broke a rule. A violation of a rule the run is judging
 * (its target) fails the run: fast-check then shrinks it. A violation of any other rule ends
 * the run as skipped (fc.pre): the judge's prediction is no longer reliable, and that rule
 * has its own counterexample already.
 */
import fc from 'fast-check';
import type { TraceEntry } from '../../src/result/index.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { Violation } from '../judge/violation.js';
import type { RunScript } from './run-script.js';

export interface RunRecord {
  /** The commands that ran, as `toString()` reads them. */
  readonly commands: readonly string[];
  /** Requests the commands sent (setup requests not counted). */
  readonly commandRequests: number;
  readonly trace: readonly TraceEntry[];
  readonly violations: readonly Violation[];
  /** What the run sent, replayable without the generators (trace files). */
  readonly script?: RunScript;
}

export class RuleViolationFailure extends Error {
  constructor(
    readonly record: RunRecord,
    readonly rules: readonly RuleId[],
  ) {
    super(
      record.violations.map((v) => `${v.rule}: expected ${v.expected}; observed ${v.observed}`).join('\n'),
    );
    this.name = 'RuleViolationFailure';
  }
}

/** Rules the run judges, and whether to stop at the first sign of them (shrinking) or finish the exchange (exploring). */
export interface RunTarget {
  readonly rules: ReadonlySet<RuleId>;
  readonly mode: 'explore' | 'shrink';
  /**
   * A replay (issue 18): wait for stray items the full notification deadline, not only as long as
   * this device has been seen to take, so a replay on a fresh connection (nothing learned yet)
   * judges what the run that printed it judged.
   */
  readonly patient?: boolean;
}

/**
 * Throws the right thing for these violations; returns when there are none, or when the only
 * ones are of other rules and leave the harness's knowledge of the state intact (a missing
 * notification does not stop a run that judges batch order).
 */
export function endRunIfViolated(
  target: RunTarget,
  record: () => RunRecord,
  violations: readonly Violation[],
): void {
  if (violations.length === 0) return;
  // A violation that follows from a rule this run does not judge (one already failed) is that rule's.
  const own = violations.filter((v) => v.consequenceOf === undefined || target.rules.has(v.consequenceOf));
  const hit = [...new Set(own.map((v) => v.rule).filter((rule) => target.rules.has(rule)))];
  if (hit.length > 0) throw new RuleViolationFailure(record(), hit);
  if (violations.some((v) => v.stateIntact !== true)) fc.pre(false);
}

/** A run cut short by `cut()`: it judged nothing. */
export class RunCut extends Error {
  constructor() {
    super('the run was cut short at its time limit; it judged nothing');
    this.name = 'RunCut';
  }
}
