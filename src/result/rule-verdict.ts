/**
 * The verdict on one rule, from the judge to the report, for every subject (device or hub):
 * passed, failed with its evidence, or not run with the reason. One discriminated union; what
 * a stage knows beside the verdict is its parameter:
 *
 * - `RuleVerdict` (the default, `ReportedStage`): a row of the result file (`result.json`),
 *   which reports render: the rule's statement, the counterexample and the replay command.
 * - `RuleVerdict<JudgedStage<…>>` (conformance/suites/judged-stage.ts): what a judge emits: the
 *   failing run's record and its replay token, for device and hub suites alike.
 *
 * The judge's verdicts become the result's in one place (conformance/certify/build-result.ts).
 */
import type { Binding, Counterexample, Replay } from './certification-result.js';

/** What a stage adds to every verdict (`common`) and to a failure (`failed`). */
export interface VerdictStage {
  readonly common: object;
  readonly failed: object;
}

interface VerdictCommon {
  readonly runs: number;
  readonly durationMs: number;
  /** Remarks: parts of the rule this mode could not observe, e.g. a graceful shutdown. */
  readonly notes?: readonly string[];
}

export type RuleVerdict<Stage extends VerdictStage = ReportedStage> =
  | (VerdictCommon & Stage['common'] & { readonly verdict: 'passed' })
  | (VerdictCommon & Stage['common'] & { readonly verdict: 'failed' } & Stage['failed'])
  | (VerdictCommon & Stage['common'] & { readonly verdict: 'not-run'; readonly reason: string });

/** A verdict's word: `passed`, `failed` or `not-run`. */
export type VerdictWord = RuleVerdict['verdict'];

/** A failed verdict of a stage. */
export type FailedVerdict<Stage extends VerdictStage = ReportedStage> = Extract<
  RuleVerdict<Stage>,
  { readonly verdict: 'failed' }
>;

/** A row of the result file, as reports render it. */
export interface ReportedStage {
  readonly common: {
    /** The rule ID of PROTOCOL.md, e.g. `EDP-PROP-3`. */
    readonly rule: string;
    /** One-line statement of the rule. */
    readonly statement: string;
    readonly bindings: readonly Binding[];
    /**
     * The cases of this rule the suite enumerates (every malformed frame kind, each item-code
     * precedence, each action's effects, each guard) and how many of them this run sent.
     */
    readonly cases?: { readonly enumerated: number; readonly sent: readonly string[] };
  };
  readonly failed: {
    readonly counterexample: Counterexample;
    readonly replay: Replay;
    /**
     * False when the replay, run against the same subject, did not fail the rule again: the
     * failure was seen, not reproduced, and the counterexample is the run's raw trace.
     */
    readonly reproduced?: boolean;
    /** The rule whose failure this one follows from (fix that first); the replay is that rule's. */
    readonly consequenceOf?: string;
  };
}
