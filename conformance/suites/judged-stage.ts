/**
 * What a judge knows beside each verdict (src/result/rule-verdict.ts), for device and hub suites
 * alike: `RuleVerdict<JudgedStage>` is what every check emits (model-based, scenario, hub app
 * sessions), with the failing run's record as the counterexample and, for generated runs, the
 * token that replays it. conformance/certify/build-result.ts turns it into the result's row.
 */
import type { RuleId } from '../catalogue/rule-ids.js';
import type { RunRecord } from '../harness/run-outcome.js';
import type { ReplayToken } from './model-based/replay-token.js';

export interface JudgedStage<Rule extends string = RuleId, Evidence = RunRecord> {
  readonly common: {
    readonly rule: Rule;
    /** The rule's enumerated cases (model-based suite), and those this certification sent. */
    readonly cases?: { readonly enumerated: readonly string[]; readonly sent: readonly string[] };
  };
  readonly failed: {
    readonly record: Evidence;
    /** Generated failures replay by seed and path; scenarios rerun with `--only`. */
    readonly replay?: ReplayToken;
    /** False when the failure did not come back on replay and the exploring run is shown as it was. */
    readonly shrunk?: boolean;
    /**
     * False when replaying the token against the same subject did not fail the rule again: the
     * failure was seen, not reproduced, and `record` is the exploring run's raw trace.
     */
    readonly reproduced?: boolean;
    /** The rule this failure follows from in the same run (fix that first); `replay` is that rule's. */
    readonly consequenceOf?: Rule;
    /**
     * The counterexample's sentence, when the check words it itself (section 9's TLS checks:
     * presented, did, fix) rather than "Expected …; the device gave …" from the record.
     */
    readonly summary?: string;
  };
}
