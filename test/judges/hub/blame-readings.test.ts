/**
 * Wrong blames found by certifying buggy hubs (reference faults and the outside hub), judged as
 * pure records: each bug must be charged to the rule it actually breaks (docs/protocol.md,
 * "Which rule a stray or missing delivery breaks"), and the correct behaviour beside it passes.
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { SyntheticRun } from '../../support/hub-judge/synthetic-run.js';

const T = resolveHubTimeouts();
const rules = (run: SyntheticRun) => [...new Set(judgeHubRun(run.record(), T).violations.map((v) => v.rule))];
const presence = (deviceId: string, online: boolean) => ({
  method: 'device.presence',
  params: { deviceId, online },
});
const changed = (deviceId: string, items: unknown) => ({
  method: 'device.properties_changed',
  params: { deviceId, items },
});

describe('subscribe-appends: presence to a connection whose subscription was replaced (EDP-HUB-3)', () => {
  const replaced = (leak: boolean) => {
    const run = new SyntheticRun(new Map([['app-b', '*']]), ['bulb-0001', 'bulb-0002']);
    run.subscribe('app-b#1', 100, ['bulb-0001']);
    run.subscribe('app-b#1', 200, ['bulb-0002']);
    run.presence('bulb-0001', 1_000, false);
    if (leak) run.push('app-b#1', 1_003, presence('bulb-0001', false));
    return run;
  };
  it('nothing reaches the replaced device: no violation', () => expect(rules(replaced(false))).toEqual([]));
  it('its presence still reaches the connection: EDP-HUB-3 alone', () =>
    expect(rules(replaced(true))).toEqual(['EDP-HUB-3']));
});

describe('"*" missing a device that appears later', () => {
  const late = (how: 'all' | 'nothing' | 'no-presence') => {
    const run = new SyntheticRun(new Map([['app-b', '*']]), ['bulb-0001', 'bulb-0009']);
    run.device('bulb-0009').sent.length = 0; // it appears later, not at the start
    run.subscribe('app-b#1', 100, '*');
    run.device('bulb-0009').sent.push({ kind: 'presence', atMs: 1_000, online: true, cause: 'connect' });
    run.notify('bulb-0009', 1_500, [{ piid: 1, value: true }]);
    if (how === 'all') run.push('app-b#1', 1_004, presence('bulb-0009', true));
    if (how !== 'nothing') run.push('app-b#1', 1_503, changed('bulb-0009', [{ piid: 1, value: true }]));
    return run;
  };
  it('the late device delivered in full: no violation', () => expect(rules(late('all'))).toEqual([]));
  it('nothing about it reaches the "*" subscriber: EDP-HUB-3 alone (left out of the set)', () =>
    expect(rules(late('nothing'))).toEqual(['EDP-HUB-3']));
  it('its notifications but not its presence: EDP-HUB-4 alone (no-app-presence)', () =>
    expect(rules(late('no-presence'))).toEqual(['EDP-HUB-4']));
});

describe('ws-close-not-offline: -4010 after a WebSocket device closed, no presence announced', () => {
  const closed = (announce: boolean, code: number) => {
    const run = new SyntheticRun(new Map([['app-b', '*']]), ['tv-0001']);
    run.subscribe('app-b#1', 100, ['tv-0001']);
    const earlier = run.getModel('app-b#2', 400, 'tv-0001');
    run.deviceRequest('tv-0001', 401, 'get_model', undefined, { atMs: 402, result: { model: 'tv' } });
    run.reply(earlier, 403, { result: { model: 'tv' } });
    run.device('tv-0001').sent.push({ kind: 'presence', atMs: 1_000, online: false, cause: 'abrupt' });
    if (announce) run.push('app-b#1', 1_002, presence('tv-0001', false));
    const command = run.getModel('app-b#2', 1_003, 'tv-0001');
    run.reply(command, 1_006, { error: { code, message: 'device offline' } });
    return run;
  };
  it('announced, then -4010: no violation', () => expect(rules(closed(true, -4010))).toEqual([]));
  it('not announced, then -4010: EDP-HUB-4 alone', () =>
    expect(rules(closed(false, -4010))).toEqual(['EDP-HUB-4']));
});
