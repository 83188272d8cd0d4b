/**
 * The two false failures of issue 18, as the traces showed them, judged as pure records (the
 * CLI regression is test/hub-certification/certify-hub-known-seeds.test.ts), each beside the real fault it must
 * still catch.
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { SyntheticRun } from '../../support/hub-judge/synthetic-run.js';

const T = resolveHubTimeouts();
const rules = (run: SyntheticRun) => [...new Set(judgeHubRun(run.record(), T).violations.map((v) => v.rule))];

describe('--seed 7: a graceful offline before a subscribe, an abrupt one after it', () => {
  const seed7 = (deliver: boolean) => {
    const run = new SyntheticRun(new Map([['app-a', ['bulb-0001']]]), ['bulb-0001']);
    run.presence('bulb-0001', 100, false);
    run.presence('bulb-0001', 264, true);
    run.subscribe('app-a#1', 420, ['bulb-0001']);
    run.subscribe('app-a#1', 421, ['bulb-0001']);
    run.device('bulb-0001').sent.push({ kind: 'presence', atMs: 421.4, online: false, cause: 'abrupt' });
    if (deliver)
      run.push('app-a#1', 422.7, {
        method: 'device.presence',
        params: { deviceId: 'bulb-0001', online: false },
      });
    return run;
  };

  it('the false delivered 1.3 ms after the abrupt offline is that offline: no violation', () => {
    expect(rules(seed7(true))).toEqual([]);
  });

  it('without it, the subscriber never got the abrupt offline: EDP-HUB-4', () => {
    expect(rules(seed7(false))).toEqual(['EDP-HUB-4']);
  });
});

describe('seed 1626818391: a TV offline 157 ms before a get_model, back before the next one', () => {
  const seed1626818391 = (firstCode: number) => {
    const run = new SyntheticRun(new Map([['app-b', '*']]), ['tv-0002']);
    run.presence('tv-0002', 100, false);
    const getModel = (atMs: number) => run.getModel('app-b#2', atMs, 'tv-0002');
    const first = getModel(260);
    run.reply(first, 261.5, { error: { code: firstCode, message: 'device offline' } });
    run.presence('tv-0002', 265, true);
    const second = getModel(2_266.8);
    run.deviceRequest('tv-0002', 2_268.5, 'get_model', undefined, { atMs: 2_268.7, result: { model: 'tv' } });
    run.reply(second, 2_270, { result: { model: 'tv' } });
    return run;
  };

  it('-4010 for the offline TV, the next get_model forwarded: no violation', () => {
    expect(rules(seed1626818391(-4010))).toEqual([]);
  });

  it('-4011 at once for the offline TV: EDP-HUB-2', () => {
    expect(rules(seed1626818391(-4011))).toEqual(['EDP-HUB-2']);
  });
});
