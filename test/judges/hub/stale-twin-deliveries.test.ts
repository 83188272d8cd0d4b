/**
 * Counterexamples of the hub mutators that drop an owed delivery, where a stale change (from
 * before the subscribe) was delivered late beside the same message owed after it: dropping the
 * stale one leaves the owed one, and nothing is missing.
 *
 * "drop a presence change owed to a subscriber" (EDP-HUB-4), seed 17 (its 500 runs): dev-0002 flapped (offline, online) at -299, before app-b#2
 * subscribed to every device at 101, and went away at 302; a slow hub delivered the flap and the
 * going away together, at 795 and 802. The offline at 795 is the flap's, not owed: dropping it
 * leaves the going away's own delivery at 802, and nothing owed is missing.
 */
import { describe, expect, it } from 'vitest';
import { resolveHubTimeouts } from '../../../conformance/suites/hub/hub-certify-config.js';
import type { HubRunRecord } from '../../../conformance/suites/hub/hub-run-record.js';
import { judgeHubRun } from '../../../conformance/suites/hub/judge/judge-hub-run.js';
import { HUB_MUTATORS } from './hub-mutators.js';
import type { LegalHistory } from './legal-hub-history.js';
import { twoDeviceWorld } from './two-device-world.js';

const T = resolveHubTimeouts();

const presence = (atMs: number, deviceId: string, online: boolean) => ({
  connection: 'app-b#2',
  atMs,
  message: { method: 'device.presence', params: { deviceId, online } },
});
const change = (atMs: number, online: boolean, cause: string) => ({ kind: 'presence', atMs, online, cause });

function slowFlap(dropFlapOffline: boolean): HubRunRecord {
  const frames = [
    { connection: 'app-b#2', atMs: 101.1, message: { id: 1, result: {} } },
    presence(795.0005, 'dev-0002', false),
    presence(795.0005, 'dev-0002', true),
    presence(795.0015, 'dev-0001', false),
    presence(802.0005, 'dev-0002', false),
  ];
  if (dropFlapOffline) frames.splice(1, 1);
  return subscribedToAll(101, frames, [
    ['dev-0001', { received: [], sent: [change(-10_000, true, 'connect'), change(343, false, 'graceful')] }],
    [
      'dev-0002',
      {
        received: [],
        sent: [
          change(-10_000, true, 'connect'),
          change(-299, false, 'graceful'),
          change(-299, true, 'connect'),
          change(302, false, 'graceful'),
        ],
      },
    ],
  ]);
}

/**
 * "drop a notification owed to a subscriber" (EDP-HUB-3), seed 25: dev-0002 notified false at 101
 * (before app-b#2 subscribed at 102), true at 291 and false at 302; the hub delivered false at
 * 839 (the stale one) and true, false at 919 (the owed ones).
 */
const changed = (atMs: number, value: boolean) => ({
  connection: 'app-b#2',
  atMs,
  message: {
    method: 'device.properties_changed',
    params: { deviceId: 'dev-0002', items: [{ siid: 2, piid: 1, value }] },
  },
});
const notified = (atMs: number, value: boolean) => ({
  kind: 'notification',
  atMs,
  method: 'properties_changed',
  params: [{ siid: 2, piid: 1, value }],
});

function lateStaleNotification(dropStale: boolean): HubRunRecord {
  const frames = [
    { connection: 'app-b#2', atMs: 102.1, message: { id: 1, result: {} } },
    presence(296.1, 'dev-0001', false),
    changed(839, false),
    changed(919, true),
    changed(919, false),
  ];
  if (dropStale) frames.splice(2, 1);
  return subscribedToAll(102, frames, [
    ['dev-0001', { received: [], sent: [change(-10_000, true, 'connect'), change(292, false, 'graceful')] }],
    [
      'dev-0002',
      {
        received: [],
        sent: [
          change(-10_000, true, 'connect'),
          notified(101, false),
          notified(291, true),
          notified(302.00002, false),
        ],
      },
    ],
  ]);
}

/** A record of app-b#2 subscribing to every device at `subscribedAtMs`, and then `frames`. */
function subscribedToAll(
  subscribedAtMs: number,
  frames: readonly object[],
  devices: ReadonlyArray<[string, object]>,
): HubRunRecord {
  return {
    ...twoDeviceWorld(8383),
    requests: [
      {
        connection: 'app-b#2',
        app: 'app-b',
        id: 1,
        frame: { id: 1, method: 'subscribe', params: { deviceIds: '*' } },
        sentAtMs: subscribedAtMs,
        intent: { kind: 'subscribe', deviceIds: '*' },
        command: 'app-b#2 subscribe {"deviceIds":"*"}',
      },
    ],
    frames,
    upgrades: [{ atMs: 1, command: 'an unknown token upgrades', outcome: 401 }],
    devices: new Map(devices),
  } as unknown as HubRunRecord;
}

describe('a stale flap delivered beside the change owed (EDP-HUB-4, seed 17)', () => {
  it("the legal record, and the record without the flap's offline, are judged clean", () => {
    expect(judgeHubRun(slowFlap(false), T).violations).toEqual([]);
    expect(judgeHubRun(slowFlap(true), T).violations).toEqual([]);
  });

  it('"drop a presence change owed to a subscriber" never drops the flap\'s offline', () => {
    const mutator = HUB_MUTATORS.find((m) => m.name === 'drop a presence change owed to a subscriber');
    const history: LegalHistory = {
      record: slowFlap(false),
      fleetIds: ['dev-0001', 'dev-0002'],
      ghosts: ['ghost-0a1'],
      unknown: 'nobody-77',
    };
    for (const pick of [0, 0.25, 0.5, 0.75, 0.99]) {
      const mutant = mutator?.apply(history, pick);
      if (mutant === undefined) continue;
      expect(mutant.frames.filter((f) => f.atMs === 795.0005)).toHaveLength(2);
      expect(judgeHubRun(mutant, T).violations.map((v) => v.rule)).toContain('EDP-HUB-4');
    }
  });
});

describe('a stale notification delivered beside the one owed (EDP-HUB-3, seed 25)', () => {
  it('the legal record, and the record without the stale one, are judged clean', () => {
    expect(judgeHubRun(lateStaleNotification(false), T).violations).toEqual([]);
    expect(judgeHubRun(lateStaleNotification(true), T).violations).toEqual([]);
  });

  it('"drop a notification owed to a subscriber" never drops the stale one', () => {
    const mutator = HUB_MUTATORS.find((m) => m.name === 'drop a notification owed to a subscriber');
    const history: LegalHistory = {
      record: lateStaleNotification(false),
      fleetIds: ['dev-0001', 'dev-0002'],
      ghosts: ['ghost-0a1'],
      unknown: 'nobody-77',
    };
    for (const pick of [0, 0.25, 0.5, 0.75, 0.99]) {
      const mutant = mutator?.apply(history, pick);
      if (mutant === undefined) continue;
      expect(mutant.frames.some((f) => f.atMs === 839)).toBe(true);
      expect(judgeHubRun(mutant, T).violations.map((v) => v.rule)).toContain('EDP-HUB-3');
    }
  });
});

/**
 * "announce a comeback before the device made it" (EDP-HUB-4), seed 22: dev-0003 appeared at 141
 * (app-b#2 subscribed at 140), went away at 234 and came back at 341; the hub delivered online at
 * 453 (the appearance's) and offline, online at 464. The mutator took the online at 453 for the
 * comeback's and moved it to 291, still in the appearance's time: nothing wrong.
 */
function appearanceAndComeback(movedTo?: number): HubRunRecord {
  const frames = [
    { connection: 'app-b#2', atMs: 140.1, message: { id: 1, result: {} } },
    presence(200.1, 'dev-0001', false),
    presence(movedTo ?? 453.001, 'dev-0003', true),
    presence(464.001, 'dev-0003', false),
    presence(464.001, 'dev-0003', true),
  ].sort((a, b) => a.atMs - b.atMs);
  const steady = { received: [], sent: [change(-10_000, true, 'connect')] };
  return {
    ...subscribedToAll(140, frames, [
      [
        'dev-0001',
        { received: [], sent: [change(-10_000, true, 'connect'), change(185, false, 'graceful')] },
      ],
      ['dev-0002', steady],
      [
        'dev-0003',
        {
          received: [],
          sent: [change(141, true, 'connect'), change(234, false, 'graceful'), change(341, true, 'connect')],
        },
      ],
      ['dev-0004', steady],
    ]),
    fleetIds: ['dev-0001', 'dev-0002', 'dev-0003', 'dev-0004'],
  };
}

describe('an appearance and a comeback delivered late together (EDP-HUB-4, seed 22)', () => {
  it('the legal record, and its first online moved to 291, are judged clean', () => {
    expect(judgeHubRun(appearanceAndComeback(), T).violations).toEqual([]);
    expect(judgeHubRun(appearanceAndComeback(291), T).violations).toEqual([]);
  });

  it('"announce a comeback before the device made it" does not move the appearance\'s online', () => {
    const mutator = HUB_MUTATORS.find((m) => m.name === 'announce a comeback before the device made it');
    const history: LegalHistory = {
      record: appearanceAndComeback(),
      fleetIds: ['dev-0001', 'dev-0002', 'dev-0003', 'dev-0004'],
      ghosts: ['ghost-0a1'],
      unknown: 'nobody-77',
    };
    for (const pick of [0, 0.5, 0.99]) {
      const mutant = mutator?.apply(history, pick);
      if (mutant !== undefined)
        expect(judgeHubRun(mutant, T).violations.map((v) => v.rule)).toContain('EDP-HUB-4');
    }
  });
});
