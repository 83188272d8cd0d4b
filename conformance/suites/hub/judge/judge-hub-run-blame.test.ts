/** judgeHubRun charges each broken hub to the one rule it breaks: a synthetic run per way of breaking each rule. */
import { describe, expect, it } from 'vitest';
import { D, SyntheticRun } from '../../../../test/support/hub-judge/synthetic-run.js';
import { resolveHubTimeouts } from '../hub-certify-config.js';
import type { HubRuleId } from '../hub-rule-ids.js';
import { judgeHubRun } from './judge-hub-run.js';

const T = resolveHubTimeouts();
const ITEMS = [{ siid: 2, piid: 1 }];
const rules = (run: SyntheticRun) => [...new Set(judgeHubRun(run.record(), T).violations.map((v) => v.rule))];
const only = (run: SyntheticRun, rule: HubRuleId) => expect(rules(run)).toEqual([rule]);

describe('judgeHubRun charges each broken hub to the one rule it breaks', () => {
  it('EDP-HUB-2 alone: a flooded connection, its answer lost among frames beyond the recording limit', () => {
    const lost = () => {
      const run = new SyntheticRun();
      const r = run.getProperties('app-a#1', 100, 'bulb-0001', ITEMS);
      run.deviceRequest('bulb-0001', 101, 'get_properties', ITEMS, { atMs: 102, result: [] });
      return { run, r };
    };
    // Unflooded, the device's in-time answer that never reached the app is EDP-HUB-1's.
    only(lost().run, 'EDP-HUB-1');
    // Flooded, the flood (one EDP-HUB-2 violation) explains it: the fewest violations.
    const { run } = lost();
    run.droppedFrames.set('app-a#1', 5000);
    only(run, 'EDP-HUB-2');
    expect(judgeHubRun(run.record(), T).violations).toHaveLength(1);
  });

  it('EDP-HUB-2 alone: a command never answered, then an identical one forwarded and answered -4011 at D', () => {
    const run = new SyntheticRun();
    // Online long before (no presence change near to excuse anything).
    run.device('bulb-0001').sent[0] = { kind: 'presence', atMs: -10_000, online: true, cause: 'connect' };
    run.getProperties('app-a#1', 100, 'bulb-0001', ITEMS);
    const later = run.getProperties('app-a#1', 1_600, 'bulb-0001', ITEMS);
    run.deviceRequest('bulb-0001', 1_601, 'get_properties', ITEMS, { atMs: 1_601 + D + 150, result: [] });
    run.reply(later, 1_601 + D, { error: { code: -4011, message: 'device did not answer' } });
    only(run, 'EDP-HUB-2');
    expect(judgeHubRun(run.record(), T).violations).toHaveLength(1);
  });

  it('EDP-HUB-1: a command forwarded twice (resent under a new id)', () => {
    const run = new SyntheticRun();
    run.command('app-a#1', 100, 'bulb-0001', ITEMS);
    run.deviceRequest('bulb-0001', 150, 'get_properties', ITEMS, { atMs: 151, result: [] });
    only(run, 'EDP-HUB-1');
  });

  it('EDP-HUB-1: a command sent to another device', () => {
    const run = new SyntheticRun();
    const r = run.getProperties('app-b#1', 100, 'bulb-0001', ITEMS);
    run.deviceRequest('bulb-0002', 101, 'get_properties', ITEMS, { atMs: 102, result: [] });
    run.reply(r, 103, { result: [] });
    only(run, 'EDP-HUB-1');
  });

  it('EDP-HUB-1: params altered', () => {
    const run = new SyntheticRun();
    const r = run.getProperties('app-a#1', 100, 'bulb-0001', ITEMS);
    run.deviceRequest('bulb-0001', 101, 'get_properties', { items: ITEMS }, { atMs: 102, result: [] });
    run.reply(r, 103, { result: [] });
    only(run, 'EDP-HUB-1');
  });

  it("EDP-HUB-1: an answer that is not the device's", () => {
    const run = new SyntheticRun();
    const r = run.getProperties('app-a#1', 100, 'bulb-0001', ITEMS);
    run.deviceRequest('bulb-0001', 101, 'get_properties', ITEMS, {
      atMs: 102,
      result: [{ code: 0, value: 1 }],
    });
    run.reply(r, 103, { result: [{ code: 0, value: 2 }] });
    only(run, 'EDP-HUB-1');
  });

  it("EDP-HUB-1: one connection's commands to one device reordered", () => {
    const run = new SyntheticRun();
    const a = run.getProperties('app-a#1', 100, 'bulb-0001', ITEMS);
    const items2 = [{ siid: 2, piid: 2 }];
    const b = run.getProperties('app-a#1', 101, 'bulb-0001', items2);
    run.deviceRequest('bulb-0001', 105, 'get_properties', items2, { atMs: 106, result: [] });
    run.deviceRequest('bulb-0001', 106, 'get_properties', ITEMS, { atMs: 107, result: [] });
    run.reply(a, 110, { result: [] });
    run.reply(b, 110, { result: [] });
    only(run, 'EDP-HUB-1');
  });

  it('EDP-HUB-1: a device request id reused within 60 s', () => {
    const run = new SyntheticRun();
    run.command('app-a#1', 100, 'bulb-0001', ITEMS);
    run.command('app-a#1', 200, 'bulb-0001', [{ siid: 2, piid: 2 }]);
    const received = run.device('bulb-0001').received;
    const second = received[1] as { id: unknown };
    const first = received[0] as { id: unknown };
    const response = run.device('bulb-0001').sent.filter((m) => m.kind === 'response')[1] as {
      requestId: unknown;
    };
    second.id = first.id;
    response.requestId = first.id;
    only(run, 'EDP-HUB-1');
  });

  it("EDP-HUB-2: an offline device's command forwarded and timed out instead of -4010", () => {
    const run = new SyntheticRun();
    run.presence('tv-0001', 100, false);
    const r = run.getProperties('app-c#1', 3000, 'tv-0001', ITEMS);
    run.reply(r, 3000 + D + 5, { error: { code: -4011, message: 'timeout' } });
    only(run, 'EDP-HUB-2');
  });

  it('EDP-HUB-2: -4011 before D', () => {
    const run = new SyntheticRun();
    const r = run.getProperties('app-a#1', 100, 'bulb-0001', ITEMS);
    run.deviceRequest('bulb-0001', 101, 'get_properties', ITEMS);
    run.reply(r, 100 + D / 2, { error: { code: -4011, message: 'timeout' } });
    only(run, 'EDP-HUB-2');
  });

  it('EDP-HUB-2: a late device answer passed on as a second response', () => {
    const run = new SyntheticRun();
    const r = run.getProperties('app-a#1', 100, 'bulb-0001', ITEMS);
    run.deviceRequest('bulb-0001', 101, 'get_properties', ITEMS, { atMs: 101 + D + 500, result: [] });
    run.reply(r, 100 + D + 10, { error: { code: -4011, message: 'timeout' } });
    run.reply(r, 101 + D + 510, { result: [] });
    only(run, 'EDP-HUB-2');
  });

  it('EDP-HUB-2: bad params forwarded', () => {
    const run = new SyntheticRun();
    const r = run.send(
      'app-a#1',
      100,
      'devices.get_properties',
      { deviceId: 'bulb-0001' },
      { kind: 'bad-params', deviceId: 'bulb-0001' },
    );
    run.deviceRequest('bulb-0001', 101, 'get_properties', undefined, { atMs: 102, result: [] });
    run.reply(r, 103, { error: { code: -32602, message: 'invalid params' } });
    only(run, 'EDP-HUB-2');
  });

  it('EDP-HUB-2: an array frame not answered -32600', () => {
    const run = new SyntheticRun();
    run.requests.push({
      connection: 'app-a#1',
      app: 'app-a',
      id: null,
      frame: '[]',
      sentAtMs: 100,
      intent: { kind: 'envelope', code: -32600 },
      command: 'app-a#1 sends []',
    });
    run.frames.push({
      connection: 'app-a#1',
      atMs: 101,
      message: { id: null, error: { code: -32700, message: 'parse' } },
    });
    only(run, 'EDP-HUB-2');
  });

  it('EDP-HUB-2: no response at all', () => {
    const run = new SyntheticRun();
    run.send('app-a#1', 100, 'devices.list', {}, { kind: 'list' });
    only(run, 'EDP-HUB-2');
  });

  it('EDP-HUB-3: a notification delivered twice', () => {
    const run = new SyntheticRun();
    run.subscribe('app-b#1', 100, '*');
    run.notify('bulb-0002', 300, [{ siid: 2, piid: 1, value: true }]);
    const n = {
      method: 'device.properties_changed',
      params: { deviceId: 'bulb-0002', items: [{ siid: 2, piid: 1, value: true }] },
    };
    run.push('app-b#1', 301, n);
    run.push('app-b#1', 302, n);
    only(run, 'EDP-HUB-3');
  });

  it('EDP-HUB-3: subscribe does not replace (old device still notified)', () => {
    const run = new SyntheticRun();
    run.subscribe('app-b#1', 100, ['bulb-0001']);
    run.subscribe('app-b#1', 200, ['bulb-0002']);
    run.notify('bulb-0001', 300, [{ siid: 2, piid: 1, value: true }]);
    run.push('app-b#1', 301, {
      method: 'device.properties_changed',
      params: { deviceId: 'bulb-0001', items: [{ siid: 2, piid: 1, value: true }] },
    });
    only(run, 'EDP-HUB-3');
  });

  it('EDP-HUB-3: a subscriber missing a notification', () => {
    const run = new SyntheticRun();
    run.subscribe('app-b#1', 100, ['bulb-0001']);
    run.notify('bulb-0001', 300, [{ siid: 2, piid: 1, value: true }]);
    only(run, 'EDP-HUB-3');
  });

  it('EDP-HUB-4: presence repeated without a change', () => {
    const run = new SyntheticRun();
    run.subscribe('app-b#1', 100, '*');
    run.presence('bulb-0001', 300, false);
    run.push('app-b#1', 301, { method: 'device.presence', params: { deviceId: 'bulb-0001', online: false } });
    run.push('app-b#1', 302, { method: 'device.presence', params: { deviceId: 'bulb-0001', online: false } });
    only(run, 'EDP-HUB-4');
  });

  it('EDP-HUB-5: a command for an ungranted device forwarded', () => {
    const run = new SyntheticRun();
    const r = run.getProperties('app-c#1', 100, 'bulb-0001', ITEMS);
    run.deviceRequest('bulb-0001', 101, 'get_properties', ITEMS, { atMs: 102, result: [] });
    run.reply(r, 103, { result: [] });
    only(run, 'EDP-HUB-5');
  });

  it('EDP-HUB-5: unknown and ungranted told apart by the message', () => {
    const run = new SyntheticRun();
    const a = run.getModel('app-c#1', 100, 'bulb-0001');
    run.reply(a, 101, { error: { code: -4012, message: 'not granted' } });
    const b = run.getModel('app-c#1', 110, 'nobody-1');
    run.reply(b, 111, { error: { code: -4012, message: 'unknown device' } });
    only(run, 'EDP-HUB-5');
  });

  it('EDP-HUB-5: a list in the wrong order, or with an ungranted device', () => {
    for (const result of [
      [
        { deviceId: 'ghost-0001', model: null, online: false },
        { deviceId: 'bulb-0001', model: 'acme.bulb', online: true },
      ],
      [
        { deviceId: 'bulb-0001', model: 'acme.bulb', online: true },
        { deviceId: 'bulb-0002', model: 'acme.bulb', online: true },
        { deviceId: 'ghost-0001', model: null, online: false },
      ],
    ]) {
      const run = new SyntheticRun();
      const r = run.send('app-a#1', 100, 'devices.list', {}, { kind: 'list' });
      run.reply(r, 101, { result });
      only(run, 'EDP-HUB-5');
    }
  });

  it('EDP-HUB-5: a notification of an ungranted device reaches the token', () => {
    const run = new SyntheticRun();
    run.subscribe('app-c#1', 100, ['tv-0001']);
    run.notify('bulb-0001', 300, [{ siid: 2, piid: 1, value: true }]);
    run.push('app-c#1', 301, {
      method: 'device.properties_changed',
      params: { deviceId: 'bulb-0001', items: [{ siid: 2, piid: 1, value: true }] },
    });
    only(run, 'EDP-HUB-5');
  });

  it('EDP-HUB-5: an unknown token upgraded', () => {
    const run = new SyntheticRun();
    run.upgrades.push({ atMs: 100, command: 'unknown token connects', outcome: 'upgraded' });
    only(run, 'EDP-HUB-5');
  });

  it('EDP-HUB-5: an unknown token whose connection closed with no HTTP reply says so', () => {
    const run = new SyntheticRun();
    run.upgrades.push({
      atMs: 100,
      command: 'unknown token connects',
      outcome: 'unreachable',
      reason: 'socket hang up',
    });
    only(run, 'EDP-HUB-5');
    const [violation] = judgeHubRun(run.record(), T).violations;
    expect(violation?.observed).toBe(
      'no HTTP reply: the connection closed or failed before any status line (socket hang up)',
    );
  });

  it('EDP-HUB-1: an answer sent to another connection of the token', () => {
    const run = new SyntheticRun();
    const a = run.getProperties('app-b#1', 100, 'bulb-0001', ITEMS);
    run.send('app-b#2', 90, 'devices.list', {}, { kind: 'list' });
    run.deviceRequest('bulb-0001', 101, 'get_properties', ITEMS, {
      atMs: 102,
      result: [{ code: 0, value: 7 }],
    });
    run.frames.push({
      connection: 'app-b#2',
      atMs: 103,
      message: { id: a.id, result: [{ code: 0, value: 7 }] },
    });
    run.endMs = 5_000;
    expect(rules(run)).toContain('EDP-HUB-1');
    expect(rules(run)).not.toContain('EDP-HUB-3');
  });
});
