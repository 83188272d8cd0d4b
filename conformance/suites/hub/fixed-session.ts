/**
 * One fixed app session (not generated, so it cannot shrink), judged for some rules: the
 * fixed checks every hub certification ends with (capacity, an unknown token, an array frame)
 * and the rule scenarios it starts each rule with (rule-scenarios.ts). A hub that stops
 * accepting app connections throws HubUnreachableError.
 */
import fc from 'fast-check';
import { HubUnreachableError } from './app-link.js';
import { type HubFailureRecord, HubRuleFailure, hubProperty, newHubPropertyState } from './hub-property.js';
import type { HubRuleId } from './hub-rule-ids.js';
import type { HubModel, HubSession, HubSessionContext } from './hub-session.js';
import type { OnSeen } from './seen-failures.js';

export interface FixedSessionOutcome {
  readonly failure?: HubFailureRecord;
  /** Judged to the end without a violation of any rule. */
  readonly passed: boolean;
}

export async function runFixedSession(
  ctx: HubSessionContext,
  commands: readonly fc.AsyncCommand<HubModel, HubSession>[],
  rules: ReadonlySet<HubRuleId>,
  what: string,
  /** Told what the session broke first of rules it does not judge (seen-failures.ts). */
  onSeen?: OnSeen,
): Promise<FixedSessionOutcome> {
  const state = newHubPropertyState();
  const property = hubProperty(ctx, fc.constant(commands), state, {
    rules,
    deadlineMs: Number.POSITIVE_INFINITY,
    maxRuns: 1,
    ...(onSeen === undefined ? {} : { onSeen }),
  });
  const details = await fc.check(property, { numRuns: 1, seed: 0 });
  const error = details.errorInstance;
  if (error instanceof HubUnreachableError) throw error;
  if (details.failed && error !== null && !(error instanceof HubRuleFailure))
    throw new Error(`internal error in the hub conformance suite (${what}): ${String(error)}`);
  const passed = state.passed > 0;
  return state.lastFailure === undefined ? { passed } : { failure: state.lastFailure, passed };
}
