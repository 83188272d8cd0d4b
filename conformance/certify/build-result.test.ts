/** The result file from outcomes: every requirement in protocol order, verdict rules, not-run reasons. */

import { describe, expect, it } from 'vitest';
import { modeLimitsText } from '../../src/result/counts-text.js';
import type { RuleVerdict } from '../../src/result/rule-verdict.js';
import { DEVICE_REQUIREMENTS } from '../catalogue/device-requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { resolveTiming } from '../settings/certify-config.js';
import type { JudgedStage } from '../suites/judged-stage.js';
import { buildResult, deviceResultInputs } from './build-result.js';
import { WITHOUT_TLS as tlsSuiteReason } from './tls-suite.js';

const config = {
  target: { mode: 'ws' as const, url: 'ws://d/edp/1' },
  deviceId: 'tv-0001',
  token: 't',
  seed: 5,
  runs: 100,
  toolVersion: '9.9.9',
};

function result(
  outcomes: RuleVerdict<JudgedStage>[],
  extra: Partial<typeof config> & { only?: RuleId[] } = {},
  mode: 'ws' | 'broker' | 'listen' = 'ws',
) {
  const cfg = { ...config, ...extra };
  return buildResult(
    deviceResultInputs({
      config: cfg,
      mode,
      target: 'ws://d/edp/1',
      model: { id: 'fleetcert.tv.v1', sha256: 'a'.repeat(64) },
      startedAt: new Date(0),
      durationMs: 1234.5,
      timing: resolveTiming(cfg),
      requests: 10,
      latenciesMs: [1, 2, 3],
      outcomes: new Map(outcomes.map((o) => [o.rule, o])),
    }),
  );
}

const passed = (rule: RuleId): RuleVerdict<JudgedStage> => ({
  rule,
  verdict: 'passed',
  runs: 3,
  durationMs: 10,
});
const failure: RuleVerdict<JudgedStage> = {
  rule: 'EDP-PROP-3',
  verdict: 'failed',
  runs: 4,
  durationMs: 20,
  record: {
    commands: ['set light.on(2.1) = true'],
    commandRequests: 1,
    trace: [],
    violations: [{ rule: 'EDP-PROP-3', expected: 'code 0', observed: 'code -4005' }],
  },
  replay: { seed: 5, path: '3:0' },
};

describe('buildResult', () => {
  it('lists every requirement of the catalogue in protocol order, saying why the others were not run', () => {
    const r = result(DEVICE_REQUIREMENTS.filter((q) => q.modes.ws.run !== 'none').map((q) => passed(q.id)));
    expect(r.requirements.map((q) => q.rule)).toEqual(DEVICE_REQUIREMENTS.map((q) => q.id));
    // Not run on WebSocket: the 3 MQTT rules and the 6 TLS rules of section 9.
    expect(r.counts).toEqual({ passed: 18, failed: 0, notRun: 9 });
    expect(r.verdict).toBe('certified');
    expect(r.requirements.find((q) => q.rule === 'EDP-MQTT-1')).toMatchObject({
      verdict: 'not-run',
      reason: expect.stringContaining('MQTT binding rule'),
    });
    expect(r.tool).toEqual({ name: 'fleetcert', version: '9.9.9' });
  });
  it('is not certified as soon as one requirement fails, with its summary and replay command', () => {
    const r = result([passed('EDP-RPC-1'), failure]);
    expect(r.verdict).toBe('not-certified');
    const prop3 = r.requirements.find((q) => q.rule === 'EDP-PROP-3');
    expect(prop3).toMatchObject({
      verdict: 'failed',
      counterexample: {
        commands: ['set light.on(2.1) = true'],
        summary: 'Expected code 0; the device gave code -4005.',
      },
      replay: { seed: 5, path: '3:0', command: 'fleetcert certify --replay 5:3:0 --only EDP-PROP-3' },
    });
  });
  it('never certifies a run in which nothing passed, and names rules left out by --only', () => {
    const r = result([], { only: ['EDP-RPC-1'] });
    expect(r.verdict).toBe('not-certified');
    expect(r.requirements.find((q) => q.rule === 'EDP-PROP-1')).toMatchObject({
      verdict: 'not-run',
      reason: 'not selected (--only)',
    });
    expect(r.settings.only).toEqual(['EDP-RPC-1']);
  });

  it('names, in every device mode, the rules that mode cannot check and the option that would (partner5 doc 4)', () => {
    // What each mode's run emits: every rule it can run passed (TLS, in --listen without --listen-tls, not run).
    const tlsNotRun = (rule: RuleId): RuleVerdict<JudgedStage> => ({
      rule,
      verdict: 'not-run',
      runs: 0,
      durationMs: 0,
      reason: tlsSuiteReason,
    });
    // A rule run in part (EDP-MQTT-1's presence with --broker) that held is not run, with its reason.
    const runnable = (mode: 'ws' | 'broker' | 'listen') =>
      DEVICE_REQUIREMENTS.flatMap((r): RuleVerdict<JudgedStage>[] => {
        const where = r.modes[mode];
        if (where.run === 'none') return [];
        if (mode === 'listen' && r.id.startsWith('EDP-TLS-')) return [tlsNotRun(r.id)];
        if (where.run === 'partial')
          return [{ rule: r.id, verdict: 'not-run', runs: 1, durationMs: 1, reason: where.reason }];
        return [passed(r.id)];
      });
    const limits = (mode: 'ws' | 'broker' | 'listen') => modeLimitsText(result(runnable(mode), {}, mode));
    expect(limits('ws')).toBe('in --ws mode; EDP-MQTT-1..3 need --listen, EDP-TLS-1..6 need --listen-tls');
    expect(limits('broker')).toBe(
      'in --broker mode; EDP-MQTT-1..3 need --listen, EDP-WS-1..3 need --ws, EDP-TLS-1..6 need --listen-tls',
    );
    expect(limits('listen')).toBe('in --listen mode; EDP-WS-1..3 need --ws, EDP-TLS-1..6 need --listen-tls');
  });
});
