/**
 * The legal hub history of seed 23 (issue 18, legal-hub-history.test.ts): dev-0002 bounced just
 * before the session (offline and back at -926 ms, a `state` message the hub may take up to 2 s
 * to pass on, and no app heard of either). app-b asks it for a property at 463; the hub, its view
 * still online, forwards, then learns of the offline and answers -4010 at once (491.6), while the
 * forward, through the broker, reaches the device 2.4 ms after the app had the -4010. Section 8
 * allows that (EDP-HUB-2: a command outstanding when its device goes offline gets -4010 or
 * -4011), so the judge pairs that request with the -4010 command instead of calling it unasked
 * (EDP-HUB-1); a request landing long after the answer is still no forward of it.
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import type { HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { twoDeviceWorld } from './two-device-world.js';

const T = resolveHubTimeouts();

function seed23(options: { receivedAtMs?: number; heardOfflineAtMs?: number } = {}): HubRunRecord {
  const receivedAtMs = options.receivedAtMs ?? 493.9559067;
  // An app subscribed to dev-0002 that heard of the bounce before the command settles the hub's view.
  const heard =
    options.heardOfflineAtMs === undefined
      ? []
      : [
          { connection: 'app-b#2', atMs: 10, message: { id: 1, result: {} } },
          {
            connection: 'app-b#2',
            atMs: options.heardOfflineAtMs,
            message: { method: 'device.presence', params: { deviceId: 'dev-0002', online: false } },
          },
          {
            connection: 'app-b#2',
            atMs: options.heardOfflineAtMs + 1,
            message: { method: 'device.presence', params: { deviceId: 'dev-0002', online: true } },
          },
        ];
  const subscribe =
    options.heardOfflineAtMs === undefined
      ? []
      : [
          {
            connection: 'app-b#2',
            app: 'app-b',
            id: 1,
            frame: { id: 1, method: 'subscribe', params: { deviceIds: ['dev-0002'] } },
            sentAtMs: 5,
            intent: { kind: 'subscribe', deviceIds: ['dev-0002'] },
            command: 'app-b#2 subscribe {"deviceIds":["dev-0002"]}',
          },
        ];
  return {
    ...twoDeviceWorld(8505),
    requests: [
      ...subscribe,
      {
        connection: 'app-b#1',
        app: 'app-b',
        id: 1,
        frame: {
          id: 1,
          method: 'devices.get_properties',
          params: { deviceId: 'dev-0002', items: [{ siid: 2, piid: 1 }] },
        },
        sentAtMs: 463,
        intent: {
          kind: 'device-command',
          deviceId: 'dev-0002',
          method: 'get_properties',
          deviceParams: [{ siid: 2, piid: 1 }],
        },
        command: 'app-b#1 devices.get_properties {"deviceId":"dev-0002","items":[{"siid":2,"piid":1}]}',
      },
    ],
    frames: [
      ...heard,
      {
        connection: 'app-b#1',
        atMs: 491.6072,
        message: { id: 1, error: { code: -4010, message: 'device offline' } },
      },
    ],
    upgrades: [{ atMs: 1, command: 'an unknown token upgrades', outcome: 401 }],
    devices: new Map([
      [
        'dev-0001',
        {
          received: [],
          sent: [
            { kind: 'presence', atMs: -10_000, online: true, cause: 'connect' },
            { kind: 'presence', atMs: 126, online: false, cause: 'graceful' },
          ],
        },
      ],
      [
        'dev-0002',
        {
          received: [{ atMs: receivedAtMs, id: 1, method: 'get_properties', params: [{ siid: 2, piid: 1 }] }],
          sent: [
            { kind: 'presence', atMs: -10_000, online: true, cause: 'connect' },
            { kind: 'presence', atMs: -926.4928, online: false, cause: 'graceful' },
            { kind: 'presence', atMs: -926.4928, online: true, cause: 'connect' },
            {
              kind: 'response',
              atMs: receivedAtMs,
              requestId: 1,
              message: { id: 1, result: [{ siid: 2, piid: 1, code: 0, value: false }] },
            },
          ],
        },
      ],
    ]),
  } as unknown as HubRunRecord;
}

const rules = (record: HubRunRecord) => judgeHubRun(record, T).violations.map((v) => v.rule);

describe('a -4010 whose forward reached the device just after it (offline in transition, seed 23)', () => {
  it('is judged clean: forwarded while the hub still held the device online, answered when it learned the offline', () => {
    expect(judgeHubRun(seed23(), T).violations).toEqual([]);
  });

  it('a request landing long after the -4010 is no forward of it (EDP-HUB-1: unasked)', () => {
    expect(rules(seed23({ receivedAtMs: 1_200 }))).toEqual(['EDP-HUB-1']);
  });

  it('nor when an app had heard of the offline and the comeback before the command (the view was settled)', () => {
    // The hub's view was online: its -4010 is wrong (EDP-HUB-1: the device answered), and the
    // request after it is still paired with the command, not charged a second time.
    const violations = judgeHubRun(seed23({ heardOfflineAtMs: 100 }), T).violations;
    expect(violations.map((v) => v.rule)).toEqual(['EDP-HUB-1']);
  });
});
