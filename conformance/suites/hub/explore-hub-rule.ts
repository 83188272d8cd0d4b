/**
 * One rule's exploration (one property per rule): fast-check generates sessions of the rule's
 * own mix (command-mix.ts) from a seed of the rule's own, until a run breaks the rule first or
 * the rule's share of judged runs and time is spent. Too many skipped runs (another rule broke
 * first, or no app talked to the hub) end a phase; the next goes on from a fresh derived seed.
 */
import fc from 'fast-check';
import { phaseSeed } from '../model-based/phase-seed.js';
import { HubUnreachableError } from './app-link.js';
import { hubCommands } from './hub-arbitraries.js';
import {
  type HubFailureRecord,
  HubRuleFailure,
  hubProperty,
  newHubPropertyState,
  settleAbandonedSession,
} from './hub-property.js';
import { type HubRuleId, hubRuleOrder } from './hub-rule-ids.js';
import type { HubSessionContext } from './hub-session.js';
import type { HubSuiteOptions } from './run-hub-suite.js';
import type { SeenFailures } from './seen-failures.js';

/** Runs in a row that broke only other rules before a phase gives up its seed. */
const MAX_SKIPS = 20;

export interface RuleExploration {
  /** Property runs started (skipped ones included). */
  readonly runs: number;
  /** Runs that reached a verdict for the rule. */
  readonly judged: number;
  readonly failure?: { readonly failure: HubFailureRecord; readonly seed: number; readonly path: string };
  readonly broken?: string;
}

/** Generates sessions of `rule`'s mix until one breaks it (and nothing else first), or its share is spent. */
export async function exploreRule(
  ctx: HubSessionContext,
  options: HubSuiteOptions,
  rule: HubRuleId,
  runs: number,
  deadline: number,
  /** Where what a session breaks first of other rules is kept (seen-failures.ts). */
  seen?: SeenFailures,
): Promise<RuleExploration> {
  let runsLeft = runs;
  let judged = 0;
  // Sessions started across phases, for the progress hook ("EDP-HUB-3 session 7/10").
  let started = 0;
  for (
    let phase = 0;
    runsLeft > 0 && ctx.fleet.now() < deadline && options.signal?.aborted !== true;
    phase++
  ) {
    const seed = phaseSeed(ruleSeed(options.seed, rule), phase);
    const state = newHubPropertyState();
    const property = hubProperty(ctx, ruleCommands(options, rule), state, {
      rules: new Set([rule]),
      deadlineMs: deadline,
      maxSkips: MAX_SKIPS,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      onRun: () => options.onSession?.({ stage: 'explore', rule, session: ++started, of: runs }),
      ...(seen === undefined ? {} : { onSeen: seen.hook(`a generated session of ${rule} (seed ${seed})`) }),
    });
    let unreachable: string | undefined;
    const details = await fc
      .check(property, {
        seed,
        numRuns: runsLeft,
        endOnFailure: true,
        // Our own limit (MAX_SKIPS a phase) ends a phase; fast-check's must not come first.
        maxSkipsPerRun: MAX_SKIPS,
        examples: [],
        interruptAfterTimeLimit: Math.max(1, deadline - ctx.fleet.now()),
      })
      .catch((error: unknown) => {
        if (!(error instanceof HubUnreachableError)) throw error;
        unreachable = error.message;
        return undefined;
      });
    await settleAbandonedSession(state);
    if (details === undefined) return { runs: runs - runsLeft, judged, broken: unreachable as string };
    const error = details.errorInstance;
    if (details.failed && error instanceof HubUnreachableError)
      return { runs: runs - runsLeft, judged, broken: error.message };
    if (details.failed && error !== null && !(error instanceof HubRuleFailure))
      throw new Error(
        `internal error in the hub conformance suite (seed ${seed}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    const failure = details.failed ? state.lastFailure : undefined;
    // Runs judged to the end (a run cut at the time limit judged nothing).
    judged += state.passed;
    // The budget counts judged sessions; skipped ones (another rule broke first, or no app
    // talked to the hub) cost only time, which the deadline bounds.
    runsLeft -= Math.max(1, state.passed + (failure === undefined ? 0 : 1));
    if (failure !== undefined && details.counterexamplePath !== null)
      return { runs: runs - runsLeft, judged, failure: { failure, seed, path: details.counterexamplePath } };
    // A phase that ended early (too many skipped runs) goes on from a fresh seed.
  }
  return { runs: runs - runsLeft, judged };
}

/** Each rule explores from a seed of its own, derived from the run's seed (one seed replays all). */
function ruleSeed(seed: number, rule: HubRuleId): number {
  return phaseSeed(seed, 100 + hubRuleOrder(rule));
}

/** The sessions `rule`'s property generates (its own mix, command-mix.ts). */
export function ruleCommands(
  options: Pick<HubSuiteOptions, 'participants' | 'models' | 'maxCommands'> & {
    readonly commandsReplayPath?: string;
  },
  rule: HubRuleId | 'all',
) {
  return hubCommands(options.participants, options.models, options, rule);
}
