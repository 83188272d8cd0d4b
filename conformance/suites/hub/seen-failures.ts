/**
 * Violations a session showed of rules it was not judged for. A session judged for one rule
 * that shows another rule's violation first is skipped (hub-property.ts): that rule is meant to
 * get its own counterexample in its own turn. When it never gets one (the hub stopped accepting
 * app connections, or the time ran out before its turn), the violation seen is still evidence,
 * and the rule fails with it instead of being "not run" (a hub that floods an app connection with
 * notifications no device sent has broken EDP-HUB-5 whether or not a later connection opens).
 *
 * Only a session's leading rules are kept (judge/leading-rules.ts): a violation that follows
 * another rule's may be its consequence. The first session that showed a rule is kept.
 */
import type { RuleVerdict } from '../../../src/result/index.js';
import type { JudgedStage } from '../judged-stage.js';
import type { HubFailureRecord } from './hub-property.js';
import type { HubRuleId } from './hub-rule-ids.js';

type FailedHubVerdict = Extract<RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>>, { verdict: 'failed' }>;

export interface SeenFailure {
  readonly record: HubFailureRecord;
  /** The session it was seen in, as a partner reads it: `EDP-HUB-1 scenario 0`, `fixed check 2`. */
  readonly where: string;
  /** The hub stopped accepting app connections during that session, which was judged as it stood. */
  readonly cut: boolean;
}

/** Called by a session with the rules it saw broken first and the evidence. */
export type OnSeen = (rules: readonly HubRuleId[], record: HubFailureRecord, cut: boolean) => void;

export class SeenFailures {
  private readonly first = new Map<HubRuleId, SeenFailure>();

  /** The hook a session reports to, naming where it ran. */
  hook(where: string): OnSeen {
    return (rules, record, cut) => {
      for (const rule of rules) if (!this.first.has(rule)) this.first.set(rule, { record, where, cut });
    };
  }

  get(rule: HubRuleId): SeenFailure | undefined {
    return this.first.get(rule);
  }
}

/**
 * The verdict of a rule that reached none of its own, failed by what another session showed.
 * It carries no replay token: that session replays as the other rule's, where this rule is not
 * judged; the replay command reruns this rule's own sessions with the run's seed instead.
 */
export function seenFailureVerdict(
  rule: HubRuleId,
  seen: SeenFailure,
  counts: { readonly runs: number; readonly durationMs: number },
  /** Why the rule got no verdict of its own: the hub stopped accepting app connections (the reason), or none given (time or runs spent). */
  stoppedBy: string | undefined,
): FailedHubVerdict {
  const first = seen.record.violations.find((v) => v.rule === rule);
  const why =
    stoppedBy === undefined
      ? `its own sessions reached no verdict (time limit or runs spent)`
      : `the hub then stopped accepting app connections (${stoppedBy})`;
  const cut = seen.cut ? ', judged as it stood when the hub refused its next connection' : '';
  return {
    rule,
    verdict: 'failed',
    runs: counts.runs + 1,
    durationMs: counts.durationMs,
    record: seen.record,
    shrunk: false,
    summary: `${first === undefined ? `The hub broke ${rule}.` : `Expected ${first.expected}; the hub gave ${first.observed}.`} Seen in ${seen.where}${cut}, a session judged for another rule; ${why}.`,
    notes: [`seen in ${seen.where}, not in a session of ${rule}'s own: not shrunk, not replayed`],
  };
}
