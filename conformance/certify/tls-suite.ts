/**
 * Section 9 (EDP-TLS-1..6) as a device suite: the TLS stage has judged the device's attempts
 * before the broker saw it (tls-stage.ts); this reports those verdicts. Certified without
 * `--listen-tls`, the rules are not run, and the report says why.
 */

import type { RuleVerdict } from '../../src/result/index.js';
import type { JudgedStage } from '../suites/judged-stage.js';
import type { TlsRuleOutcome } from '../tls/judge-tls.js';
import { tlsFailureSummary } from '../tls/tls-failure-text.js';
import { presentationOf, TLS_RULE_IDS } from '../tls/tls-presentations.js';
import type { DeviceSuiteContext } from './device-context.js';
import type { Suite } from './suite.js';

export const WITHOUT_TLS =
  'the device was certified without TLS; section 9 needs fleetcert to present the certificates: use --listen-tls PORT --tls-host NAME';

export const tlsSuite: Suite<DeviceSuiteContext> = {
  id: 'tls',
  rules: TLS_RULE_IDS,
  appliesTo: (subject) => subject.kind === 'device' && subject.mode === 'listen',
  async run(c) {
    const tls = c.target.tls;
    for (const rule of TLS_RULE_IDS) {
      if (!c.selected.has(rule)) continue;
      const outcome = tls?.outcomes.find((o) => o.rule === rule);
      c.emit(
        outcome === undefined
          ? { rule, runs: 0, durationMs: 0, verdict: 'not-run', reason: WITHOUT_TLS }
          : tlsRuleVerdict(outcome, tls?.report.durationMs ?? 0),
      );
    }
  },
};

/** One TLS rule's judged outcome as the verdict a result row is built from. */
export function tlsRuleVerdict(outcome: TlsRuleOutcome, durationMs: number): RuleVerdict<JudgedStage> {
  const base = { rule: outcome.rule, runs: 1, durationMs };
  switch (outcome.verdict) {
    case 'passed':
      return { ...base, verdict: 'passed', notes: [outcome.evidence] };
    case 'not-run':
      return { ...base, verdict: 'not-run', reason: outcome.reason };
    case 'failed':
      return {
        ...base,
        verdict: 'failed',
        // Judged at the socket, before any EDP message: no commands, no messages, this sentence.
        summary: tlsFailureSummary(outcome.violations),
        record: {
          commands: [],
          commandRequests: 0,
          trace: [],
          violations: outcome.violations.map((v) => ({
            rule: v.rule,
            expected:
              v.rule === 'EDP-TLS-6'
                ? 'no MQTT in plaintext after a refused handshake; TLS retried with backoff'
                : v.presented === undefined
                  ? 'the rule kept'
                  : `${presentationOf(v.presented).expect === 'accept' ? 'to connect when presented' : 'to refuse'} ${presentationOf(v.presented).description}`,
            observed: v.message,
          })),
        },
      };
  }
}
