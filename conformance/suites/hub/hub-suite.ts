/**
 * The hub suite behind the judge's one Suite interface (conformance/certify/suite.ts): it
 * judges EDP-HUB-1..5 for a hub subject by property-based app sessions, and emits one
 * RuleVerdict<JudgedStage> per rule, whose record is the shrunk counterexample in the result's terms.
 */

import type { RuleVerdict, TraceEntry } from '../../../src/result/index.js';
import type { Suite, SuiteContext } from '../../certify/suite.js';
import type { RunRecord } from '../../harness/run-outcome.js';
import type { JudgedStage } from '../judged-stage.js';
import type { ReplayToken } from '../model-based/replay-token.js';
import type { HubFailureRecord } from './hub-property.js';
import { HUB_RULE_IDS, type HubRuleId, isHubRuleId } from './hub-rule-ids.js';
import type { HubSessionContext } from './hub-session.js';
import { type HubSuiteOptions, replayHubSuite, runHubSuite } from './run-hub-suite.js';

export interface HubSuiteContext extends SuiteContext {
  readonly session: HubSessionContext;
  readonly options: Omit<HubSuiteOptions, 'rules' | 'onRuleDone'>;
  readonly replay?: ReplayToken;
}

export const HUB_SUITE: Suite<HubSuiteContext> = {
  id: 'hub-app-sessions',
  rules: HUB_RULE_IDS,
  appliesTo: (subject) => subject.kind === 'hub',
  async run(context) {
    const rules = HUB_RULE_IDS.filter((r) => context.selected.has(r));
    context.phase(`app sessions judged for ${rules.join(', ')}`);
    const emit = (o: RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>>) => context.emit(withRunRecord(o));
    const outcomes =
      context.replay === undefined
        ? await runHubSuite(context.session, { ...context.options, rules, onRuleDone: emit })
        : await replayHubSuite(context.session, { ...context.options, rules }, context.replay);
    // Replays report at the end; explored rules were emitted as they finished (the last emit counts).
    for (const o of outcomes) emit(o);
  },
};

export const HUB_SUITES: readonly Suite<HubSuiteContext>[] = [HUB_SUITE];

/** The same verdict with the hub run record in the result's terms (a device run record: entries with their lane). */
function withRunRecord(o: RuleVerdict<JudgedStage<HubRuleId, HubFailureRecord>>) {
  const base = {
    rule: o.rule,
    runs: o.runs,
    durationMs: o.durationMs,
    ...(o.notes === undefined ? {} : { notes: o.notes }),
  };
  switch (o.verdict) {
    case 'passed':
      return { ...base, verdict: 'passed' as const };
    case 'not-run':
      return { ...base, verdict: 'not-run' as const, reason: o.reason };
    case 'failed':
      return {
        ...base,
        verdict: 'failed' as const,
        record: toRunRecord(o.record),
        replay: o.replay,
        shrunk: o.shrunk,
        ...(o.reproduced === false ? { reproduced: false } : {}),
        ...(o.summary === undefined ? {} : { summary: o.summary }),
      };
  }
}

/** The counterexample in the result's terms: trace entries with their lane (`party`). */
export function toRunRecord(record: HubFailureRecord): RunRecord {
  return {
    commands: [...record.commands],
    commandRequests: record.appRequests,
    trace: record.trace.map((e): TraceEntry => ({ ...e })),
    violations: record.violations.map((v) => ({ rule: v.rule, expected: v.expected, observed: v.observed })),
  };
}

export function hubRulesOf(rules: readonly string[]): HubRuleId[] {
  return rules.filter(isHubRuleId);
}
