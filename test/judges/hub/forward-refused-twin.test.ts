/**
 * A counterexample of the hub mutator "forward a refused command" (EDP-HUB-5), found with seed 3
 * (its 500 runs): app-a, granted nothing, asks dev-0001 for its model (-4012); app-b, granted
 * every device, asks the same a millisecond later (-4010: the device goes offline at 103). A
 * get_model the device receives at 123 then reads as app-b's, forwarded rightly: nothing is wrong,
 * so the mutator must not put the refused command there (nor, seed 21, when app-b sends its
 * command a millisecond after the device received one: within the judge's clock tolerance).
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import type { HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { HUB_MUTATORS } from './hub-mutators.js';
import type { LegalHistory } from './legal-hub-history.js';
import { twoDeviceWorld } from './two-device-world.js';

const T = resolveHubTimeouts();

const getModel = (connection: string, app: string, sentAtMs: number) => ({
  connection,
  app,
  id: 1,
  frame: { id: 1, method: 'devices.get_model', params: { deviceId: 'dev-0001' } },
  sentAtMs,
  intent: { kind: 'device-command', deviceId: 'dev-0001', method: 'get_model', deviceParams: undefined },
  command: `${connection} devices.get_model {"deviceId":"dev-0001"}`,
});
const error = (connection: string, atMs: number, code: number, message: string) => ({
  connection,
  atMs,
  message: { id: 1, error: { code, message } },
});
const online = { kind: 'presence', atMs: -10_000, online: true, cause: 'connect' };

function twinCommands(forwarded: boolean, appBSentAtMs = 102): HubRunRecord {
  const received = forwarded ? [{ atMs: 123, id: 5_555_555, method: 'get_model', params: undefined }] : [];
  return {
    ...twoDeviceWorld(8144),
    requests: [getModel('app-a#1', 'app-a', 101), getModel('app-b#2', 'app-b', appBSentAtMs)],
    frames: [
      error('app-b#2', Math.max(121, appBSentAtMs + 0.1), -4010, 'device offline'),
      error('app-a#1', 123.05, -4012, 'unknown or not granted'),
    ].sort((a, b) => a.atMs - b.atMs),
    upgrades: [{ atMs: 1, command: 'an unknown token upgrades', outcome: 401 }],
    devices: new Map([
      [
        'dev-0001',
        { received, sent: [online, { kind: 'presence', atMs: 103, online: false, cause: 'graceful' }] },
      ],
      ['dev-0002', { received: [], sent: [online] }],
    ]),
  } as unknown as HubRunRecord;
}

describe('a refused command beside the same command of a granted app (EDP-HUB-5, seed 3)', () => {
  it('the legal record, and the device receiving the command once, are judged clean', () => {
    expect(judgeHubRun(twinCommands(false), T).violations).toEqual([]);
    expect(judgeHubRun(twinCommands(true), T).violations).toEqual([]);
  });

  it("nor when app-b sent it a millisecond after the device received it (the judge's clock tolerance, seed 21)", () => {
    expect(judgeHubRun(twinCommands(true, 124), T).violations).toEqual([]);
  });

  it.each([102, 124])(
    '"forward a refused command" finds no place in it (app-b sends at %d)',
    (appBSentAtMs) => {
      const mutator = HUB_MUTATORS.find((m) => m.name === 'forward a refused command');
      const history: LegalHistory = {
        record: twinCommands(false, appBSentAtMs),
        fleetIds: ['dev-0001', 'dev-0002'],
        ghosts: ['ghost-0a1'],
        unknown: 'nobody-77',
      };
      for (const pick of [0, 0.5, 0.99]) expect(mutator?.apply(history, pick)).toBeUndefined();
    },
  );
});
