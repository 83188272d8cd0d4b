/**
 * Runs a rule's enumerated scenarios (rule-scenarios.ts) before its exploration, each a fixed
 * app session judged for that rule alone: the first that breaks the rule is its failure (replay
 * token `SEED:0@scenario:N`); a scenario that breaks only other rules judged nothing of this one.
 */
import { HubUnreachableError } from './app-link.js';
import { runFixedSession } from './fixed-session.js';
import type { HubParticipants } from './hub-arbitraries.js';
import type { HubFailureRecord } from './hub-property.js';
import type { HubRuleId } from './hub-rule-ids.js';
import type { HubSessionContext } from './hub-session.js';
import type { OnHubSession } from './hub-session-progress.js';
import { ruleScenarios, type ScenarioInputs } from './rule-scenarios.js';
import type { SeenFailures } from './seen-failures.js';

/** A replay token's commands path `scenario:N` names the rule's N-th scenario (with `--only RULE`). */
export const SCENARIO_MARK = 'scenario:';

export interface ScenarioRun {
  /** Scenarios judged to the end without a violation. */
  readonly judged: number;
  readonly failure?: { readonly index: number; readonly record: HubFailureRecord };
  /** Set when the hub stopped accepting app connections. */
  readonly broken?: string;
}

/** What the scenarios are built from: the grants, the fleet the certification started with, the participants' ids. */
export function scenarioInputs(
  ctx: HubSessionContext,
  options: { readonly participants: HubParticipants; readonly models: ReadonlyMap<string, unknown> },
): ScenarioInputs {
  const devices = ctx.fleet.devices.filter((d) => options.models.has(d.deviceId));
  const fleetIds = new Set(ctx.fleet.devices.map((d) => d.deviceId));
  const listed = new Set(ctx.apps.flatMap((a) => (a.devices === '*' ? [] : a.devices)));
  return {
    apps: ctx.apps,
    devices,
    ghosts: [...listed].filter((id) => !fleetIds.has(id)).sort(),
    unknown: options.participants.ids.filter((id) => !fleetIds.has(id) && !listed.has(id)),
    canAppear: options.participants.canAppear,
  };
}

export async function runRuleScenarios(
  ctx: HubSessionContext,
  inputs: ScenarioInputs,
  rule: HubRuleId,
  signal?: AbortSignal,
  /** No scenario starts after this time (fleet clock): the rule's share of the run's limit. */
  deadlineMs = Number.POSITIVE_INFINITY,
  onSession?: OnHubSession,
  /** Where what a scenario breaks first of other rules is kept (seen-failures.ts). */
  seen?: SeenFailures,
): Promise<ScenarioRun> {
  let judged = 0;
  const scenarios = ruleScenarios(inputs, rule);
  for (const [index, scenario] of scenarios.entries()) {
    if (signal?.aborted === true || ctx.fleet.now() >= deadlineMs) break;
    onSession?.({ stage: 'scenario', rule, session: index + 1, of: scenarios.length });
    try {
      const what = `${rule} scenario ${index}`;
      const outcome = await runFixedSession(ctx, scenario.commands, new Set([rule]), what, seen?.hook(what));
      if (outcome.failure !== undefined) return { judged, failure: { index, record: outcome.failure } };
      if (outcome.passed) judged++;
    } catch (error) {
      if (error instanceof HubUnreachableError) return { judged, broken: error.message };
      throw error;
    }
  }
  return { judged };
}
