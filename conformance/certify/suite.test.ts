import { describe, expect, it } from 'vitest';
import { requirementsFor } from '../catalogue/requirements.js';
import type { RuleId } from '../catalogue/rule-ids.js';
import { DEVICE_SUITES } from './device-suites.js';
import { runSuites, type Suite, type SuiteContext, type SuiteSubject } from './suite.js';

function context(subject: SuiteSubject, selected: RuleId[]): SuiteContext & { ran: string[] } {
  return { subject, selected: new Set(selected), emit: () => {}, phase: () => {}, ran: [] };
}

const suite = (
  id: string,
  rules: RuleId[],
  appliesTo: (s: SuiteSubject) => boolean,
): Suite<SuiteContext & { ran: string[] }> => ({
  id,
  rules,
  appliesTo,
  run: async (c) => {
    c.ran.push(id);
  },
});

describe('runSuites', () => {
  const list = [
    suite('device-ws', ['EDP-WS-1'], (s) => s.kind === 'device' && s.mode === 'ws'),
    suite('observe', [], (s) => s.kind === 'device'),
    suite('hub', ['EDP-HUB-1', 'EDP-HUB-3'], (s) => s.kind === 'hub'),
    suite('any', ['EDP-RPC-1'], () => true),
  ];

  it('runs, in list order, the suites that apply to the subject and judge a selected rule', async () => {
    const ws = context({ kind: 'device', mode: 'ws' }, ['EDP-WS-1', 'EDP-RPC-1', 'EDP-HUB-1']);
    await runSuites(list, ws);
    expect(ws.ran).toEqual(['device-ws', 'observe', 'any']);
    const hub = context({ kind: 'hub', mode: 'hub-command' }, ['EDP-HUB-3']);
    await runSuites(list, hub);
    expect(hub.ran).toEqual(['hub']);
  });

  it('skips a suite none of whose rules is selected, but always runs an observation step (no rules)', async () => {
    const listen = context({ kind: 'device', mode: 'listen' }, []);
    await runSuites(list, listen);
    expect(listen.ran).toEqual(['observe']);
  });
});

describe('DEVICE_SUITES', () => {
  const subjects: SuiteSubject[] = [
    { kind: 'device', mode: 'listen' },
    { kind: 'device', mode: 'broker' },
    { kind: 'device', mode: 'ws' },
  ];

  it('judge only device rules, and every device rule that can run in a mode has a suite for it there', () => {
    const deviceRules = new Set<RuleId>(requirementsFor('device').map((r) => r.id));
    for (const s of DEVICE_SUITES) for (const rule of s.rules) expect(deviceRules.has(rule), rule).toBe(true);
    for (const subject of subjects) {
      const mode = subject.mode as 'listen' | 'broker' | 'ws';
      const covered = new Set(DEVICE_SUITES.filter((s) => s.appliesTo(subject)).flatMap((s) => s.rules));
      for (const r of requirementsFor('device'))
        if (r.subject === 'device' && r.modes[mode].run !== 'none')
          expect(covered.has(r.id), `${r.id} ${mode}`).toBe(true);
    }
  });

  it('never apply to a hub', () => {
    for (const s of DEVICE_SUITES) {
      expect(s.appliesTo({ kind: 'hub', mode: 'hub-command' }), s.id).toBe(false);
      expect(s.appliesTo({ kind: 'hub', mode: 'hub-url' }), s.id).toBe(false);
    }
  });
});
