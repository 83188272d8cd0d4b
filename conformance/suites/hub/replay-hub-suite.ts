/**
 * Replaying hub counterexamples (`--replay SEED:PATH[@REPLAYPATH] --only RULE`): a generated
 * session regenerated from the rule's mix, a rule scenario (`scenario:N`) or a fixed check
 * (`fixed:N`) run again as it ran; and the check the suite makes before it reports a failure,
 * that its replay fails the rule again (else: seen, not reproduced).
 */

import fc from 'fast-check';
import type { RuleVerdict } from '../../../src/result/index.js';
import type { JudgedStage } from '../judged-stage.js';
import type { ReplayToken } from '../model-based/replay-token.js';
import { HubUnreachableError } from './app-link.js';
import { mixFor } from './command-mix.js';
import { ruleCommands } from './explore-hub-rule.js';
import { runFixedSession } from './fixed-session.js';
import { hubExamples } from './hub-arbitraries.js';
import { type HubFailureRecord, hubProperty, newHubPropertyState } from './hub-property.js';
import { type HubRuleId, hubRuleOrder } from './hub-rule-ids.js';
import type { HubSessionContext } from './hub-session.js';
import { ruleScenarios } from './rule-scenarios.js';
import type { HubSuiteOptions } from './run-hub-suite.js';
import { SCENARIO_MARK, scenarioInputs } from './run-rule-scenarios.js';
import type { SeenFailures } from './seen-failures.js';

/** A replay token's commands path `fixed:N` names the N-th fixed check, not a generated run. */
export const FIXED_MARK = 'fixed:';

export async function runFixed(
  ctx: HubSessionContext,
  options: Pick<HubSuiteOptions, 'participants'>,
  rules: ReadonlySet<HubRuleId>,
  index: number,
  seen?: SeenFailures,
): Promise<{ readonly failure?: HubFailureRecord; readonly passed: boolean }> {
  const example = hubExamples(options.participants)[index];
  if (example === undefined) return { passed: false };
  const what = `fixed check ${index}`;
  return runFixedSession(ctx, [...example[0]], new Set(rules), what, seen?.hook(what));
}

/** Whether replaying `token` (the rule's own mix, as `--only RULE` does) fails `rule` again. */
export async function replayFails(
  ctx: HubSessionContext,
  options: HubSuiteOptions,
  rule: HubRuleId,
  token: ReplayToken,
): Promise<boolean> {
  if (options.signal?.aborted === true) return true;
  const outcomes = await replayHubSuite(ctx, { ...options, rules: [rule] }, token).catch((error: unknown) => {
    // A hub that stopped serving cannot say; the failure stands as found.
    if (error instanceof HubUnreachableError) return undefined;
    throw error;
  });
  return outcomes === undefined || outcomes.some((o) => o.rule === rule && o.verdict === 'failed');
}

/** Replays one counterexample exactly (`--replay SEED:PATH[@REPLAYPATH]`), judged for `rules`. */
export async function replayHubSuite(
  ctx: HubSessionContext,
  options: Omit<HubSuiteOptions, 'runs' | 'shrinkTimeLimitMs' | 'timeLimitMs'>,
  token: ReplayToken,
): Promise<RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>>[]> {
  const started = ctx.fleet.now();
  const only = options.rules.length === 1 ? options.rules[0] : undefined;
  options.onSession?.({ stage: 'replay', ...(only === undefined ? {} : { rule: only }), session: 1, of: 1 });
  if (token.commandsReplayPath?.startsWith(SCENARIO_MARK) === true) {
    const rule = options.rules.length === 1 ? (options.rules[0] as HubRuleId) : undefined;
    const index = Number(token.commandsReplayPath.slice(SCENARIO_MARK.length));
    const scenario =
      rule === undefined ? undefined : ruleScenarios(scenarioInputs(ctx, options), rule)[index];
    const { failure } =
      scenario === undefined
        ? { failure: undefined }
        : await runFixedSession(ctx, scenario.commands, new Set(options.rules), `scenario ${index}`);
    const durationMs = ctx.fleet.now() - started;
    const broken = new Set(failure?.violations.map((v) => v.rule) ?? []);
    return [...options.rules].map((r): RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>> => {
      if (scenario === undefined)
        return {
          rule: r,
          verdict: 'not-run',
          runs: 0,
          durationMs,
          reason: `no rule scenario ${index} to replay: replay a scenario with --only and the rule it failed`,
        };
      return failure !== undefined && broken.has(r)
        ? { rule: r, verdict: 'failed', runs: 1, durationMs, record: failure, replay: token, shrunk: false }
        : { rule: r, verdict: 'passed', runs: 1, durationMs };
    });
  }
  if (token.commandsReplayPath?.startsWith(FIXED_MARK) === true) {
    const { failure } = await runFixed(
      ctx,
      options,
      new Set(options.rules),
      Number(token.commandsReplayPath.slice(FIXED_MARK.length)),
    );
    const durationMs = ctx.fleet.now() - started;
    const broken = new Set(failure?.violations.map((v) => v.rule) ?? []);
    return [...options.rules]
      .sort((a, b) => hubRuleOrder(a) - hubRuleOrder(b))
      .map(
        (rule): RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>> =>
          failure !== undefined && broken.has(rule)
            ? { rule, verdict: 'failed', runs: 1, durationMs, record: failure, replay: token, shrunk: false }
            : { rule, verdict: 'passed', runs: 1, durationMs },
      );
  }
  const state = newHubPropertyState();
  // A rule's replay (`--only RULE`, as every replay command says) regenerates that rule's mix.
  const arbitrary = ruleCommands(
    {
      ...options,
      ...(token.commandsReplayPath === undefined ? {} : { commandsReplayPath: token.commandsReplayPath }),
    },
    mixFor(options.rules),
  );
  const property = hubProperty(ctx, arbitrary, state, {
    rules: new Set(options.rules),
    deadlineMs: Number.POSITIVE_INFINITY,
    maxRuns: 1,
  });
  await fc.check(property, {
    seed: token.seed,
    path: token.path,
    numRuns: 1,
    endOnFailure: true,
  });
  const failure = state.lastFailure;
  const durationMs = ctx.fleet.now() - started;
  const broken = new Set(failure?.violations.map((v) => v.rule) ?? []);
  return [...options.rules]
    .sort((a, b) => hubRuleOrder(a) - hubRuleOrder(b))
    .map((rule): RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>> => {
      if (failure !== undefined && broken.has(rule))
        return { rule, verdict: 'failed', runs: 1, durationMs, record: failure, replay: token, shrunk: true };
      if (state.runs === 0)
        return { rule, verdict: 'not-run', runs: 0, durationMs, reason: 'the replayed run did not start' };
      return { rule, verdict: 'passed', runs: 1, durationMs };
    });
}
