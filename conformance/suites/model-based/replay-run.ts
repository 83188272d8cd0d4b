/**
 * One replay of a counterexample (`SEED:PATH[@REPLAYPATH]`) against the device: the same
 * generated run, then fast-check's shrink steps along the path, judged for `rules` in explore
 * mode and patiently (a replay has seen nothing of this device's timing yet). `--replay` uses it
 * (replay-model-suite.ts), and so does the check that a shrunk counterexample still fails
 * (run-model-suite.ts).
 */
import fc from 'fast-check';
import type { RuleId } from '../../catalogue/rule-ids.js';
import type { HarnessContext } from '../../harness/harness-context.js';
import type { ReplayToken } from './replay-token.js';
import { type SuiteArbitraryOptions, suiteArbitraries, suiteExamples } from './suite-arbitraries.js';
import {
  newPropertyState,
  type SilenceBreaker,
  type SuitePropertyState,
  suiteProperty,
} from './suite-property.js';

/** Replays `token` once; what the run found is in the returned state (`lastFailure`, `runs`, `skips`). */
export async function replayRun(
  ctx: HarnessContext,
  options: SuiteArbitraryOptions,
  rules: Iterable<RuleId>,
  token: ReplayToken,
  breaker: SilenceBreaker,
  signal?: AbortSignal,
): Promise<SuitePropertyState> {
  const state: SuitePropertyState = newPropertyState();
  const arbitraries = suiteArbitraries(ctx.index, {
    ...options,
    ...(token.commandsReplayPath === undefined ? {} : { commandsReplayPath: token.commandsReplayPath }),
  });
  const target = { rules: new Set(rules), mode: 'explore' as const, patient: true };
  // fast-check goes on to the next shrink candidates after a replayed value passes: only the first counts.
  const property = suiteProperty(ctx, target, arbitraries, breaker, state, {
    maxRuns: 1,
    ...(signal === undefined ? {} : { signal }),
  });
  await fc.check(property, {
    seed: token.seed,
    path: token.path,
    numRuns: 1,
    endOnFailure: true,
    examples: suiteExamples(ctx.index, options.binding, token.seed),
  });
  return state;
}
