/**
 * What docs/protocol.md section 8 ("fleetcert's readings of section 8") says the hub judge
 * accepts where the rule text leaves a choice: each case here is a sentence of that text.
 */
import { describe, expect, it } from 'vitest';
import { SyntheticRun } from '../../../../test/support/hub-judge/synthetic-run.js';
import { resolveHubTimeouts } from '../hub-certify-config.js';
import { judgeHubRun } from './judge-hub-run.js';

const T = resolveHubTimeouts();
const rules = (run: SyntheticRun) => [...new Set(judgeHubRun(run.record(), T).violations.map((v) => v.rule))];
const CHANGE = [{ siid: 2, piid: 1, value: true }];
const notification = (deviceId: string) => ({
  method: 'device.properties_changed',
  params: { deviceId, items: CHANGE },
});
const presence = (deviceId: string, online: boolean) => ({
  method: 'device.presence',
  params: { deviceId, online },
});

/** A run whose fleet has late-0001, a device that has sent nothing yet (it appears during the run). */
function withLateDevice(): SyntheticRun {
  const run = new SyntheticRun(undefined, ['bulb-0001', 'bulb-0002', 'tv-0001', 'late-0001']);
  run.device('late-0001').sent.length = 0;
  return run;
}

describe("section 8 readings: a device's presence and its notifications are judged apart (EDP-HUB-3, EDP-HUB-4)", () => {
  for (const order of ['presence first', 'notification first'] as const)
    it(`a device appearing after "*" may have its notification and online presence delivered ${order}`, () => {
      const run = withLateDevice();
      run.subscribe('app-b#1', 100, '*');
      run.presence('late-0001', 500, true);
      run.notify('late-0001', 520, CHANGE);
      const [a, b] =
        order === 'presence first'
          ? [presence('late-0001', true), notification('late-0001')]
          : [notification('late-0001'), presence('late-0001', true)];
      run.push('app-b#1', 600, a);
      run.push('app-b#1', 610, b);
      expect(rules(run)).toEqual([]);
    });
});

describe('section 8 readings: first sighting of a device (EDP-HUB-4)', () => {
  it('a device first seen online is a change: its online presence is owed to "*" subscribers', () => {
    const run = withLateDevice();
    run.subscribe('app-b#1', 100, '*');
    run.presence('late-0001', 500, true);
    expect(rules(run)).toEqual(['EDP-HUB-4']);
  });

  it('a device first seen offline is no change (it was offline to the hub already): announcing it is a violation', () => {
    const run = withLateDevice();
    run.subscribe('app-b#1', 100, '*');
    run.presence('late-0001', 500, false);
    expect(rules(run)).toEqual([]);
    run.push('app-b#1', 600, presence('late-0001', false));
    expect(rules(run)).toEqual(['EDP-HUB-4']);
  });

  it('subscribing announces nothing: the presence of a device online since before the subscribe is no change', () => {
    const run = new SyntheticRun();
    // Online long before the session (outside the 2 s window): no change is in flight.
    run.device('bulb-0001').sent[0] = { kind: 'presence', atMs: 1 - 2_500, online: true, cause: 'connect' };
    run.subscribe('app-b#1', 100, '*');
    run.push('app-b#1', 150, presence('bulb-0001', true));
    expect(rules(run)).toEqual(['EDP-HUB-4']);
  });
});

describe('section 8 readings: in flight at the session start (EDP-HUB-3, EDP-HUB-4; issue 18)', () => {
  it('a change made within 2 s before the session may reach a connection that subscribed since, once', () => {
    const run = new SyntheticRun();
    run.device('bulb-0001').sent[0] = { kind: 'presence', atMs: 1 - 1_500, online: true, cause: 'connect' };
    run.subscribe('app-b#1', 3, '*');
    expect(rules(run)).toEqual([]);
    run.push('app-b#1', 400, presence('bulb-0001', true));
    expect(rules(run)).toEqual([]);
    run.push('app-b#1', 450, presence('bulb-0001', true));
    expect(rules(run)).toEqual(['EDP-HUB-4']);
  });

  it('a notification sent within 1 s before the session may reach a connection that subscribed since', () => {
    const run = new SyntheticRun();
    run.notify('bulb-0001', 1 - 400, CHANGE);
    run.subscribe('app-b#1', 3, '*');
    run.push('app-b#1', 590, notification('bulb-0001'));
    expect(rules(run)).toEqual([]);
  });

  it('but not one sent before that window, nor to a connection never subscribed to the device', () => {
    const early = new SyntheticRun();
    early.notify('bulb-0001', 1 - 1_200, CHANGE);
    early.subscribe('app-b#1', 3, '*');
    early.push('app-b#1', 590, notification('bulb-0001'));
    expect(rules(early)).toEqual(['EDP-HUB-3']);
    const stray = new SyntheticRun();
    stray.notify('bulb-0001', 1 - 400, CHANGE);
    stray.subscribe('app-b#1', 3, ['bulb-0002']);
    stray.push('app-b#1', 590, notification('bulb-0001'));
    expect(rules(stray)).toEqual(['EDP-HUB-3']);
  });
});

describe('section 8 readings: a notification in flight at an unsubscribe (EDP-HUB-3)', () => {
  const run = (unsubscribeAtMs: number, deliveredAtMs?: number) => {
    const r = new SyntheticRun();
    r.subscribe('app-b#1', 100, ['bulb-0001']);
    r.notify('bulb-0001', 1000, CHANGE);
    r.subscribe('app-b#1', unsubscribeAtMs, []);
    if (deliveredAtMs !== undefined) r.push('app-b#1', deliveredAtMs, notification('bulb-0001'));
    return rules(r);
  };

  it('sent by the device less than 1 s before the app unsubscribes: delivered (even after the answer) or not, both pass', () => {
    expect(run(1500, 1600)).toEqual([]);
    expect(run(1500)).toEqual([]);
  });

  it('sent more than 1 s before the unsubscribe: it was owed, so leaving it out fails', () => {
    expect(run(2500)).toEqual(['EDP-HUB-3']);
  });

  it('sent after the unsubscribe was answered: delivering it fails', () => {
    const r = new SyntheticRun();
    r.subscribe('app-b#1', 100, ['bulb-0001']);
    r.subscribe('app-b#1', 500, []);
    r.notify('bulb-0001', 1000, CHANGE);
    r.push('app-b#1', 1010, notification('bulb-0001'));
    expect(rules(r)).toEqual(['EDP-HUB-3']);
  });
});

describe('section 8 readings: devices.list order (EDP-HUB-5)', () => {
  const list = (ids: string[]) => {
    const r = new SyntheticRun(new Map([['app-a', ['bulb-10', 'bulb-9', 'bulb-0001']]]), ['bulb-0001']);
    const request = r.send('app-a#1', 3000, 'devices.list', {}, { kind: 'list' });
    r.reply(request, 3001, {
      result: ids.map((deviceId) => ({
        deviceId,
        model: deviceId === 'bulb-0001' ? 'acme.bulb' : null,
        online: deviceId === 'bulb-0001',
      })),
    });
    return rules(r);
  };

  it('is code-point order of deviceId, not numeric order', () => {
    expect(list(['bulb-0001', 'bulb-10', 'bulb-9'])).toEqual([]);
    expect(list(['bulb-0001', 'bulb-9', 'bulb-10'])).toEqual(['EDP-HUB-5']);
  });
});
