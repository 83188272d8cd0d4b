/**
 * The judge's one seam for what it can certify (after fast-check's `ICommand`): a suite names
 * the rules it judges, says which subjects it applies to, and runs. `runSuites` loops over a
 * registered list in order; a new subject (a hub) or a new check is a new suite in a list,
 * not edits across files. Suites report through `context.emit`, one RuleVerdict<JudgedStage> per rule.
 */
import type { RuleVerdict } from '../../src/result/index.js';
import type { CertifyMode, SubjectKind } from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import type { JudgedStage } from '../suites/judged-stage.js';

/** What a suite may ask of the subject before it runs: what it is and how it was reached. */
export interface SuiteSubject {
  readonly kind: SubjectKind;
  /** `listen`, `broker`, `ws` for a device; `hub-command`, `hub-url` for a hub. */
  readonly mode: CertifyMode;
}

/** What the runner gives every suite; a subject's runner extends it with what its suites share. */
export interface SuiteContext {
  readonly subject: SuiteSubject;
  /** The rules selected (`--only`) and runnable in this mode. */
  readonly selected: ReadonlySet<RuleId>;
  /** One verdict for one rule; the last one emitted for a rule is the one reported. */
  readonly emit: (outcome: RuleVerdict<JudgedStage>) => void;
  /** A progress line (`EDP-WS-1: tokens`). */
  readonly phase: (text: string) => void;
}

export interface Suite<Context extends SuiteContext = SuiteContext> {
  /** Names it in logs, e.g. `mqtt-presence`. */
  readonly id: string;
  /**
   * The rules it judges: it runs when one of them is selected. Empty: a step every run of the
   * subject takes (it observes, e.g. the firmware on arrival, and judges nothing).
   */
  readonly rules: readonly RuleId[];
  appliesTo(subject: SuiteSubject): boolean;
  run(context: Context): Promise<void>;
}

/** Whether `suite` runs for this context: it applies to the subject and judges a selected rule. */
export function suiteRuns(suite: Suite<never>, context: SuiteContext): boolean {
  if (!suite.appliesTo(context.subject)) return false;
  return suite.rules.length === 0 || suite.rules.some((rule) => context.selected.has(rule));
}

/**
 * Run each suite that applies, in the list's order (the order keeps checks from disturbing each
 * other). Once `signal` is aborted (Ctrl-C) no further suite starts.
 */
export async function runSuites<Context extends SuiteContext>(
  suites: readonly Suite<Context>[],
  context: Context,
  signal?: AbortSignal,
): Promise<void> {
  for (const suite of suites) {
    if (signal?.aborted === true) return;
    if (suiteRuns(suite, context)) await suite.run(context);
  }
}
