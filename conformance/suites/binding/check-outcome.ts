/**
 * What every check reports, model-based or scenario: a verdict for one rule, with the
 * counterexample (a failing run's record) when it failed and the reason when it did not run.
 */
import type { RuleId } from '../../catalogue/rule-ids.js';
import type { RunRecord } from '../../harness/run-outcome.js';
import type { ReplayToken } from '../model-based/replay-token.js';

interface Base {
  readonly rule: RuleId;
  readonly runs: number;
  readonly durationMs: number;
  /** Remarks for the report: parts of the rule a mode could not observe. */
  readonly notes?: readonly string[];
  /** The rule's enumerated cases (model-based suite), and those this certification sent. */
  readonly cases?: { readonly enumerated: readonly string[]; readonly sent: readonly string[] };
}

export type CheckOutcome =
  | (Base & { readonly verdict: 'passed' })
  | (Base & {
      readonly verdict: 'failed';
      readonly record: RunRecord;
      /** Model-based failures replay by seed and path; scenarios rerun with `--only`. */
      readonly replay?: ReplayToken;
      readonly shrunk?: boolean;
      /** False when its replay did not fail the rule again: seen, not reproduced. */
      readonly reproduced?: boolean;
      /** The rule this failure follows from in the same run: the report leads with that one. */
      readonly consequenceOf?: RuleId;
    })
  | (Base & { readonly verdict: 'not-run'; readonly reason: string });
