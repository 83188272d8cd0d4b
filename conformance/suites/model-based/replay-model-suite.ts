/**
 * Replays one counterexample exactly (`--replay SEED:PATH[@REPLAYPATH]`): the same generated
 * run, then fast-check's shrink steps along the path, judged for the given rules. A rule the
 * replayed run still breaks fails with the same kind of counterexample; the others pass on it.
 */

import type { Binding, RuleVerdict } from '../../../src/result/index.js';
import type { RuleId } from '../../catalogue/rule-ids.js';
import { ruleOrder } from '../../catalogue/rule-ids.js';
import type { HarnessContext } from '../../harness/harness-context.js';
import { quietBeforeReplay } from '../../harness/quiet-before-replay.js';
import type { JudgedStage } from '../judged-stage.js';
import { replayRun } from './replay-run.js';
import type { ReplayToken } from './replay-token.js';
import type { SilenceBreaker } from './suite-property.js';

export interface ReplayOptions {
  readonly rules: readonly RuleId[];
  readonly maxCommands: number;
  readonly binding: Binding;
  readonly silenceLimit: number;
}

export async function replayModelSuite(
  ctx: HarnessContext,
  options: ReplayOptions,
  token: ReplayToken,
): Promise<RuleVerdict<JudgedStage>[]> {
  // A replay may follow the certification that printed it within seconds: its late items first.
  await quietBeforeReplay(ctx);
  const started = ctx.link.now();
  const breaker: SilenceBreaker = {
    get open() {
      return ctx.stats.unansweredInARow >= options.silenceLimit;
    },
  };
  const state = await replayRun(ctx, options, options.rules, token, breaker);
  const failure = state.lastFailure;
  const durationMs = ctx.link.now() - started;
  const broken = new Set(failure?.violations.map((v) => v.rule) ?? []);
  return [...options.rules]
    .sort((a, b) => ruleOrder(a) - ruleOrder(b))
    .map((rule): RuleVerdict<JudgedStage> => {
      if (failure !== undefined && broken.has(rule)) {
        return { rule, verdict: 'failed', runs: 1, durationMs, record: failure, replay: token, shrunk: true };
      }
      if (state.runs === 0)
        return { rule, verdict: 'not-run', runs: 0, durationMs, reason: 'the replayed run did not start' };
      return { rule, verdict: 'passed', runs: 1, durationMs };
    });
}
