/**
 * The hub suite's exploration: one property per rule (explore-hub-rule.ts), each generating
 * the sessions its rule judges with an even share of the runs and of the whole-run time limit;
 * each rule that failed is then shrunk on its own, with its own mix, so it gets its own minimal
 * counterexample and replay token (`--only RULE` replays that mix). A hub
 * that stops accepting app connections ends the suite: rules failed so far keep their
 * verdicts, the rest are not run, with the reason.
 */

import fc from 'fast-check';
import type { DeviceModel } from '../../../src/model/index.js';
import type { RuleVerdict } from '../../../src/result/index.js';
import type { JudgedStage } from '../judged-stage.js';
import { phaseSeed } from '../model-based/phase-seed.js';
import { commandsReplayPathOf, type ReplayToken } from '../model-based/replay-token.js';
import { HubUnreachableError } from './app-link.js';
import { exploreRule, ruleCommands } from './explore-hub-rule.js';
import { type HubParticipants, hubExamples } from './hub-arbitraries.js';
import {
  type HubFailureRecord,
  hubProperty,
  newHubPropertyState,
  settleAbandonedSession,
} from './hub-property.js';
import { type HubRuleId, hubRuleOrder } from './hub-rule-ids.js';
import type { HubSessionContext } from './hub-session.js';
import type { OnHubSession } from './hub-session-progress.js';
import { leadingRules } from './judge/leading-rules.js';
import { FIXED_MARK, replayFails, runFixed } from './replay-hub-suite.js';
import { runRuleScenarios, SCENARIO_MARK, scenarioInputs } from './run-rule-scenarios.js';
import { SeenFailures, seenFailureVerdict } from './seen-failures.js';

export { replayHubSuite } from './replay-hub-suite.js';

export interface HubSuiteOptions {
  readonly rules: readonly HubRuleId[];
  readonly seed: number;
  readonly runs: number;
  readonly maxCommands: number;
  readonly shrinkTimeLimitMs: number;
  readonly timeLimitMs: number;
  readonly participants: HubParticipants;
  readonly models: ReadonlyMap<string, DeviceModel>;
  readonly onRuleDone?: (outcome: RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>>) => void;
  /** As each app session starts: which rule, which stage, how far (hub-session-progress.ts). */
  readonly onSession?: OnHubSession;
  /** Aborted (Ctrl-C, the whole run's deadline): no new session starts; what was judged is kept. */
  readonly signal?: AbortSignal;
}

export async function runHubSuite(
  ctx: HubSessionContext,
  options: HubSuiteOptions,
): Promise<RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>>[]> {
  const now = () => ctx.fleet.now();
  const started = now();
  const deadline = started + options.timeLimitMs;
  const outcomes: RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>>[] = [];
  const done = (o: RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>>) => {
    outcomes.push(o);
    options.onRuleDone?.(o);
  };
  const remaining = new Set(options.rules);
  const judged = new Map<HubRuleId, number>(options.rules.map((r) => [r, 0]));
  let runsLeft = options.runs;
  let broken: string | undefined;
  // What sessions broke first of rules they were not judged for: evidence for a rule that gets no verdict of its own.
  const seen = new SeenFailures();
  // One property per rule, each generating the sessions its rule judges (command-mix.ts), with
  // an even share of the runs and of the time left; a rule that fails is shrunk on its own.
  const order = [...options.rules].sort((a, b) => hubRuleOrder(a) - hubRuleOrder(b));
  const inputs = scenarioInputs(ctx, options);
  for (const [index, rule] of order.entries()) {
    if (broken !== undefined || runsLeft <= 0 || now() >= deadline || options.signal?.aborted === true) break;
    // The fleet events this rule's verdict depends on, enumerated, before any dice (rule-scenarios.ts).
    // The rule's share of the time left covers its scenarios and then its exploration: at the
    // default limits every scenario runs; a run cut short by its own limit keeps each rule's turn.
    const share = order.length - index;
    const ruleDeadline = now() + (deadline - now()) / share;
    const scenarios = await runRuleScenarios(
      ctx,
      inputs,
      rule,
      options.signal,
      ruleDeadline,
      options.onSession,
      seen,
    );
    judged.set(rule, scenarios.judged);
    broken = scenarios.broken;
    if (scenarios.failure !== undefined) {
      remaining.delete(rule);
      const replay: ReplayToken = {
        seed: options.seed,
        path: '0',
        commandsReplayPath: `${SCENARIO_MARK}${scenarios.failure.index}`,
      };
      // A scenario replays as it ran; one whose replay passes is seen, not reproduced.
      const reproduced = await replayFails(ctx, options, rule, replay);
      done({
        rule,
        verdict: 'failed',
        runs: scenarios.judged + 1,
        durationMs: now() - started,
        record: scenarios.failure.record,
        replay,
        shrunk: false,
        ...(reproduced ? {} : { reproduced: false }),
      });
      continue;
    }
    if (broken !== undefined) break;
    const ruleRuns = Math.max(1, Math.ceil(runsLeft / share));
    const explored = await exploreRule(ctx, options, rule, ruleRuns, ruleDeadline, seen);
    runsLeft -= explored.runs;
    judged.set(rule, (judged.get(rule) ?? 0) + explored.judged);
    broken = explored.broken;
    if (explored.failure === undefined) continue;
    remaining.delete(rule);
    const { failure, seed, path } = explored.failure;
    const shrunk =
      options.shrinkTimeLimitMs > 0 ? await shrinkRule(ctx, options, rule, seed, path) : undefined;
    const replay = shrunk?.replay ?? { seed, path };
    // The printed replay must fail the rule again against this hub; if it does not, the failure
    // was seen, not reproduced: the report shows the exploring run's raw trace, as for devices.
    const reproduced = await replayFails(ctx, options, rule, replay);
    done({
      rule,
      verdict: 'failed',
      runs: (judged.get(rule) ?? 0) + 1,
      durationMs: now() - started,
      record: reproduced ? (shrunk?.record ?? failure) : failure,
      replay,
      shrunk: reproduced && shrunk !== undefined,
      ...(reproduced ? {} : { reproduced: false }),
    });
  }
  // The fixed checks (capacity: 8 connections × 16 in flight; an unknown token; an array frame) run
  // once each at the end: they are not generated, so they cannot shrink, and a generated failure
  // found first has the shorter counterexample.
  const fixed = hubExamples(options.participants);
  const going = () => broken === undefined && now() < deadline && options.signal?.aborted !== true;
  for (let i = 0; i < fixed.length && remaining.size > 0 && going(); i++) {
    options.onSession?.({ stage: 'fixed', session: i + 1, of: fixed.length });
    const fixedRun = await runFixed(ctx, options, remaining, i, seen).catch((error: unknown) => {
      if (!(error instanceof HubUnreachableError)) throw error;
      broken = error.message;
      return undefined;
    });
    if (fixedRun === undefined) continue;
    // A fixed check judged the rules only when it passed, or for the rules it broke first.
    if (fixedRun.passed) for (const rule of remaining) judged.set(rule, (judged.get(rule) ?? 0) + 1);
    const outcome = fixedRun.failure;
    if (outcome === undefined) continue;
    const hit = leadingRules(outcome.violations).filter((r) => remaining.has(r));
    for (const rule of hit.sort((a, b) => hubRuleOrder(a) - hubRuleOrder(b))) {
      remaining.delete(rule);
      done({
        rule,
        verdict: 'failed',
        runs: (judged.get(rule) ?? 0) + 1,
        durationMs: now() - started,
        record: outcome,
        replay: { seed: options.seed, path: '0', commandsReplayPath: `${FIXED_MARK}${i}` },
        shrunk: false,
      });
    }
  }
  for (const rule of remaining) {
    const runs = judged.get(rule) ?? 0;
    const durationMs = now() - started;
    // No verdict of its own (the hub stopped serving, or no session of its own was judged to the
    // end), but another rule's session showed it broken first: that evidence is its verdict.
    const evidence = broken !== undefined || runs === 0 ? seen.get(rule) : undefined;
    if (evidence !== undefined) done(seenFailureVerdict(rule, evidence, { runs, durationMs }, broken));
    else if (broken !== undefined)
      done({
        rule,
        verdict: 'not-run',
        runs,
        durationMs,
        reason: `the hub stopped accepting app connections (${broken})`,
      });
    else if (runs > 0) done({ rule, verdict: 'passed', runs, durationMs });
    else
      done({
        rule,
        verdict: 'not-run',
        runs,
        durationMs,
        reason: 'no app session reached a verdict for this rule (time limit or runs spent)',
      });
  }
  return outcomes.sort((a, b) => hubRuleOrder(a.rule) - hubRuleOrder(b.rule));
}

async function shrinkRule(
  ctx: HubSessionContext,
  options: HubSuiteOptions,
  rule: HubRuleId,
  seed: number,
  path: string,
): Promise<{ record: HubFailureRecord; replay: ReplayToken } | undefined> {
  const state = newHubPropertyState();
  const property = hubProperty(ctx, ruleCommands(options, rule), state, {
    rules: new Set([rule]),
    deadlineMs: ctx.fleet.now() + options.shrinkTimeLimitMs,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onRun: (session) => options.onSession?.({ stage: 'shrink', rule, session }),
  });
  const details = await fc.check(property, {
    seed,
    path,
    numRuns: 1,
    maxSkipsPerRun: 1,
    interruptAfterTimeLimit: options.shrinkTimeLimitMs,
  });
  await settleAbandonedSession(state);
  if (!details.failed || state.lastFailure === undefined || details.counterexamplePath === null)
    return reexplore(ctx, options, rule, seed);
  const commandsReplayPath = details.counterexamplePath.includes(':')
    ? commandsReplayPathOf(details.counterexample?.[0])
    : undefined;
  const replay: ReplayToken =
    commandsReplayPath === undefined
      ? { seed, path: details.counterexamplePath }
      : { seed, path: details.counterexamplePath, commandsReplayPath };
  return { record: state.lastFailure, replay };
}

/**
 * The failing run did not fail again when replayed: the fleet's state moved on (a write that
 * changed a value the first time changes nothing the second). Explore again for this rule
 * alone from a seed of its own and shrink what fails then.
 */
async function reexplore(
  ctx: HubSessionContext,
  options: HubSuiteOptions,
  rule: HubRuleId,
  seed: number,
): Promise<{ record: HubFailureRecord; replay: ReplayToken } | undefined> {
  const state = newHubPropertyState();
  const again = phaseSeed(seed, 1_000 + hubRuleOrder(rule));
  const property = hubProperty(ctx, ruleCommands(options, rule), state, {
    rules: new Set([rule]),
    deadlineMs: ctx.fleet.now() + options.shrinkTimeLimitMs,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onRun: (session) => options.onSession?.({ stage: 'shrink', rule, session }),
  });
  const details = await fc.check(property, {
    seed: again,
    numRuns: 50,
    maxSkipsPerRun: 1,
    interruptAfterTimeLimit: options.shrinkTimeLimitMs,
  });
  await settleAbandonedSession(state);
  if (!details.failed || state.lastFailure === undefined || details.counterexamplePath === null)
    return undefined;
  const commandsReplayPath = details.counterexamplePath.includes(':')
    ? commandsReplayPathOf(details.counterexample?.[0])
    : undefined;
  return {
    record: state.lastFailure,
    replay:
      commandsReplayPath === undefined
        ? { seed: again, path: details.counterexamplePath }
        : { seed: again, path: details.counterexamplePath, commandsReplayPath },
  };
}
