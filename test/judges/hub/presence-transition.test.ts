/**
 * A device that flaps (offline, back, offline within 200 ms) while the hub learns of it late:
 * each presence notification answers its own change, in order, so a late `false` of the first
 * offline is not news of the second, and a command sent before the hub could know of the second
 * may get either -4010 or -4011 (EDP-HUB-2's transition).
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { D, SyntheticRun } from '../../support/hub-judge/synthetic-run.js';

const T = resolveHubTimeouts();
const rules = (run: SyntheticRun) => [...new Set(judgeHubRun(run.record(), T).violations.map((v) => v.rule))];

function flapping(answer: { code: number; atMs: number }): SyntheticRun {
  const run = new SyntheticRun(new Map([['app-b', '*']]), ['bulb-0001']);
  run.subscribe('app-b#1', 50, '*');
  run.presence('bulb-0001', 100, false);
  run.presence('bulb-0001', 200, true);
  run.presence('bulb-0001', 300, false);
  const presence = (atMs: number, online: boolean) =>
    run.push('app-b#1', atMs, { method: 'device.presence', params: { deviceId: 'bulb-0001', online } });
  presence(1_600, false);
  presence(1_650, true);
  presence(1_800, false);
  const command = run.send(
    'app-b#1',
    1_700,
    'devices.get_properties',
    { deviceId: 'bulb-0001', items: [{ siid: 2, piid: 1 }] },
    {
      kind: 'device-command',
      deviceId: 'bulb-0001',
      method: 'get_properties',
      deviceParams: [{ siid: 2, piid: 1 }],
    },
  );
  run.reply(command, answer.atMs, { error: { code: answer.code, message: 'x' } });
  return run;
}

describe('a command while the hub has not yet heard of the second offline', () => {
  it('-4011 at D is one legal ending (the hub still thought it online and forwarded into the void)', () => {
    expect(rules(flapping({ code: -4011, atMs: 1_700 + D + 10 }))).toEqual([]);
  });

  it('-4010 when the hub heard of it is the other', () => {
    expect(rules(flapping({ code: -4010, atMs: 1_801 }))).toEqual([]);
  });

  it('-4011 long before D is neither', () => {
    expect(rules(flapping({ code: -4011, atMs: 1_710 }))).toEqual(['EDP-HUB-2']);
  });
});
