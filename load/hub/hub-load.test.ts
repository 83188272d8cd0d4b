/**
 * The count of a hub load run, on records made up by the test: each way a hub can get a
 * command or a notification wrong lands in its own counter, and correct traffic in none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/canonical-json.js';
import type { DeviceRecords } from '../../src/hub/device-records.js';
import { counterValue } from '../measure/counters.js';
import { LoadRecorder } from '../measure/recorder.js';
import type { ErrorSample } from '../result/types.js';
import { validateScenario } from '../scenario/validate.js';
import { AppReceipts } from './app-receipts.js';
import { countAgainstRecords } from './count-against-records.js';
import { type PlannedCommand, type PlannedConnection, planCommands, planConnections } from './plan.js';

const model = { services: [] } as never;
const devices = [
  { deviceId: 'bulb-0001', type: 'bulb', model },
  { deviceId: 'bulb-0002', type: 'bulb', model },
  { deviceId: 'tv-0001', type: 'tv', model },
];

function connections(): PlannedConnection[] {
  return planConnections(
    [
      { token: 'a', devices: { kind: 'all' }, connections: 1, subscribe: { kind: 'star' } },
      {
        token: 'b',
        devices: { kind: 'types', types: ['bulb'] },
        connections: 1,
        subscribe: { kind: 'none' },
      },
    ],
    devices,
  );
}

const get = [{ siid: 1, piid: 1 }];
function command(appId: number, connection: number, deviceId: string, index: number): PlannedCommand {
  return {
    index,
    intendedMs: index * 10,
    connection,
    appId,
    deviceId,
    kind: 'get',
    frame: '',
    deviceMethod: 'get_properties',
    deviceParamsKey: canonicalJson(get),
  };
}

function count(
  commands: PlannedCommand[],
  frames: [connection: number, text: string, atMs: number][],
  records: Record<string, DeviceRecords>,
  requestsFromMs?: number,
) {
  const recorder = new LoadRecorder(1000);
  recorder.hubRun();
  const samples: ErrorSample[] = [];
  const receipts = new AppReceipts(
    commands,
    connections(),
    recorder,
    (t) => t,
    (s) => samples.push(s),
  );
  commands.forEach((c, k) => {
    receipts.outcomes[k]!.sentMs = c.intendedMs;
  });
  for (const [c, text, at] of frames) receipts.frame(c, text, at);
  countAgainstRecords({
    receipts,
    records: (id) => records[id] ?? { received: [], sent: [] },
    deviceIds: devices.map((d) => d.deviceId),
    notificationsFromMs: 0,
    ...(requestsFromMs === undefined ? {} : { requestsFromMs }),
    relative: (t) => t,
    recorder,
    sample: (s) => samples.push(s),
  });
  return { counters: recorder.finish().counters, samples };
}

const answer = (id: number, value: unknown) =>
  JSON.stringify({ id, result: [{ siid: 1, piid: 1, code: 0, value }] });
const deviceGot = (id: number, atMs: number) => ({ atMs, id, method: 'get_properties', params: get });
const deviceSaid = (id: number, atMs: number, value: unknown) => ({
  kind: 'response' as const,
  atMs,
  requestId: id,
  message: { id, result: [{ siid: 1, piid: 1, code: 0, value }] },
});

describe('counting a hub load run against the fleet records', () => {
  it('counts an answer equal to the named device’s recorded answer as answered, and nothing else', () => {
    const { counters } = count([command(1, 0, 'bulb-0001', 0)], [[0, answer(1, true), 5]], {
      'bulb-0001': { received: [deviceGot(900, 2)], sent: [deviceSaid(900, 3, true)] },
    });
    expect(counters.hub).toMatchObject({ sent: 1, answered: 1 });
    expect(counterValue(counters, 'hub', 'errors')).toBe(0);
  });

  it('leaves the warm-up’s requests (received before the traffic began) out of the count, and only those', () => {
    // The device got the same get twice before the traffic (at -50 and -20: the warm-up) and once
    // more at 15 than the one command explains: only that one is forwarded twice.
    const records = {
      'bulb-0001': {
        received: [deviceGot(800, -50), deviceGot(801, -20), deviceGot(901, 2), deviceGot(902, 15)],
        sent: [deviceSaid(800, -49, true), deviceSaid(801, -19, true), deviceSaid(901, 3, true)],
      },
    };
    const commands = [command(1, 0, 'bulb-0001', 0)];
    const frames: [number, string, number][] = [[0, answer(1, true), 5]];
    const fromTraffic = count(commands, frames, records, 0).counters;
    expect(fromTraffic.hub).toMatchObject({ sent: 1, answered: 1, forwardedTwice: 1 });
    expect(counterValue(fromTraffic, 'hub', 'errors')).toBe(1);
    // Without the cut-off the warm-up's two requests would be blamed on the hub too.
    expect(count(commands, frames, records).counters.hub).toMatchObject({ answered: 1, forwardedTwice: 3 });
  });

  it('matches overlapping equal commands to the requests that explain them all (the hub may forward them in any order)', () => {
    // A is sent at 0, B at 10; the hub forwards B first (11) and A after (12); B's answer reaches
    // the app (11.9) before the device even got A. Taking the first equal request for A would
    // leave B "never received" and A's own request "forwarded twice".
    const { counters, samples } = count(
      [command(1, 0, 'bulb-0001', 0), command(2, 0, 'bulb-0001', 1)],
      [
        [0, answer(2, true), 11.9],
        [0, answer(1, true), 14],
      ],
      {
        'bulb-0001': {
          received: [deviceGot(902, 11), deviceGot(901, 12)],
          sent: [deviceSaid(902, 11.5, true), deviceSaid(901, 13, true)],
        },
      },
    );
    expect(counters.hub).toMatchObject({ sent: 2, answered: 2 });
    expect(counterValue(counters, 'hub', 'errors')).toBe(0);
    expect(samples).toEqual([]);
  });

  it('finds no error in any legal forwarding order of equal commands to one device (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            forwardAfter: fc.integer({ min: 0, max: 40 }),
            answerAfter: fc.integer({ min: 0, max: 40 }),
            backAfter: fc.integer({ min: 0, max: 40 }),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        (legs) => {
          // Command k is sent at 10k; the device gets it, answers, and the app gets the answer,
          // each after any delay: every order of forwarding and answering a hub may produce.
          const commands = legs.map((_, k) => command(k + 1, 0, 'bulb-0001', k));
          const received = legs.map((leg, k) => deviceGot(900 + k, k * 10 + leg.forwardAfter));
          const sent = legs.map((leg, k) =>
            deviceSaid(900 + k, k * 10 + leg.forwardAfter + leg.answerAfter, true),
          );
          const frames = legs.map(
            (leg, k) =>
              [0, answer(k + 1, true), k * 10 + leg.forwardAfter + leg.answerAfter + leg.backAfter] as [
                number,
                string,
                number,
              ],
          );
          // Records and frames are kept in the order they happened.
          received.sort((a, b) => a.atMs - b.atMs);
          sent.sort((a, b) => a.atMs - b.atMs);
          frames.sort((a, b) => a[2] - b[2]);
          const { counters } = count(commands, frames, { 'bulb-0001': { received, sent } });
          expect(counters.hub).toMatchObject({ sent: legs.length, answered: legs.length });
          expect(counterValue(counters, 'hub', 'errors')).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('tells apart a wrong answer, a command at the wrong device, one forwarded twice, one answered twice, one answered to the wrong app, -4010/-4011/-4013, and a lost one', () => {
    const commands = [
      command(1, 0, 'bulb-0001', 0), // wrong answer
      command(2, 0, 'bulb-0002', 1), // reached tv-0001 instead
      command(3, 0, 'tv-0001', 2), // forwarded twice
      command(4, 0, 'tv-0001', 3), // answered twice
      command(10_000_001, 1, 'bulb-0001', 4), // answered on connection 0
      command(5, 0, 'bulb-0002', 5), // -4010
      command(6, 0, 'bulb-0002', 6), // -4011
      command(7, 0, 'bulb-0002', 7), // -4013
      command(8, 0, 'bulb-0002', 8), // lost
    ];
    const err = (id: number, code: number) => JSON.stringify({ id, error: { code, message: 'x' } });
    const { counters } = count(
      commands,
      [
        [0, answer(1, false), 5],
        [0, answer(2, 'tv'), 15],
        [0, answer(3, 3), 25],
        [0, answer(4, 4), 35],
        [0, answer(4, 4), 36],
        [0, answer(10_000_001, 1), 45],
        [0, err(5, -4010), 55],
        [0, err(6, -4011), 65],
        [0, err(7, -4013), 75],
      ],
      {
        'bulb-0001': {
          received: [deviceGot(901, 1), deviceGot(905, 41)],
          sent: [deviceSaid(901, 2, true), deviceSaid(905, 42, 1)],
        },
        'bulb-0002': { received: [deviceGot(906, 61)], sent: [] },
        'tv-0001': {
          received: [deviceGot(902, 11), deviceGot(903, 21), deviceGot(913, 22), deviceGot(904, 31)],
          sent: [
            deviceSaid(902, 12, 'tv'),
            deviceSaid(903, 23, 3),
            deviceSaid(913, 24, 3),
            deviceSaid(904, 32, 4),
          ],
        },
      },
    );
    expect(counters.hub).toEqual({
      sent: 9,
      // 3 (forwarded twice) and 4 (answered twice) still got the device's answer; 10000001 is lost to its app.
      answered: 2,
      lost: 2,
      duplicated: 1,
      wrong: 1,
      misdelivered: 1,
      wrongApp: 1,
      forwardedTwice: 1,
      offline: 1,
      timeout: 1,
      busy: 1,
      refused: 0,
    });
  });

  it('counts notifications per subscriber: delivered, lost, duplicated, out of order, and leaked to a connection not subscribed', () => {
    const notification = (value: number, atMs: number) => ({
      kind: 'notification' as const,
      atMs,
      method: 'properties_changed' as const,
      params: [{ siid: 2, piid: 1, value }],
    });
    const appGot = (deviceId: string, value: number) =>
      JSON.stringify({
        method: 'device.properties_changed',
        params: { deviceId, items: [{ siid: 2, piid: 1, value }] },
      });
    const { counters } = count(
      [],
      [
        [0, appGot('bulb-0001', 1), 10],
        [0, appGot('bulb-0001', 3), 30],
        [0, appGot('bulb-0001', 2), 31],
        [0, appGot('bulb-0001', 2), 32],
        [1, appGot('bulb-0001', 1), 10], // connection 1 subscribed to nothing
      ],
      {
        'bulb-0001': {
          received: [],
          sent: [notification(1, 5), notification(2, 6), notification(3, 7), notification(4, 8)],
        },
      },
    );
    // Connection 0 ("*") is due all 4 of bulb-0001; tv-0001 and bulb-0002 sent nothing.
    expect(counters.notify).toMatchObject({
      published: 4,
      delivered: 3,
      duplicated: 1,
      reordered: 1,
      leaked: 1,
    });
    expect(counterValue(counters, 'notify', 'lost')).toBe(1);
  });

  it('gives each connection its own request ids and sends only granted devices', () => {
    const planned = connections();
    const commands = planCommands(
      { seed: 3, ratePerS: 100, mix: { get: 1, set: 0, action: 0 }, startMs: 0, endMs: 1000 },
      planned,
      [
        {
          ...devices[0]!,
          model: {
            services: [{ siid: 1, properties: [{ piid: 1, access: ['read'] }], actions: [] }],
          } as never,
        },
        ...devices.slice(1).map((d) => ({
          ...d,
          model: {
            services: [{ siid: 1, properties: [{ piid: 1, access: ['read'] }], actions: [] }],
          } as never,
        })),
      ],
    );
    expect(commands).toHaveLength(100);
    const ids = new Set(commands.map((c) => c.appId));
    expect(ids.size).toBe(100);
    for (const c of commands) {
      expect(planned[c.connection]!.granted).toContain(c.deviceId);
      expect(JSON.parse(c.frame)).toMatchObject({ id: c.appId, params: { deviceId: c.deviceId } });
    }
  });
});

describe('the hub section of a scenario', () => {
  const base = { fleet: [{ type: 'bulb', count: 2 }], stages: [{ hold: '1s' }] };
  it('names each problem by its path', () => {
    const result = validateScenario({
      ...base,
      stages: [{ rampUp: '10/s' }],
      hub: {
        command: 'x',
        url: 'ws://h:1/edp/1/hub',
        apps: [{ token: 'a', devices: { types: ['lamp'] }, subscribe: 'all' }],
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.map((p) => `${p.path}: ${p.problem}`).join('\n');
    expect(text).toContain('names both command and url');
    expect(text).toContain('"lamp" is not a type of the fleet');
    expect(text).toContain('"all" is not a subscription');
    expect(text).toContain('rampUp does not apply');
  });

  it('takes hub.wsDevices with hub.command only, as a count', () => {
    const ok = validateScenario({
      ...base,
      hub: { command: 'fleetcert hub', wsDevices: 3, apps: [{ token: 'a', devices: '*' }] },
    });
    expect(ok.ok && ok.scenario.hub?.wsDevices).toBe(3);
    const defaulted = validateScenario({
      ...base,
      hub: { command: 'x', apps: [{ token: 'a', devices: '*' }] },
    });
    expect(defaulted.ok && defaulted.scenario.hub?.wsDevices).toBe(0);
    for (const [hub, problem] of [
      [{ command: 'x', wsDevices: -1, apps: [{ token: 'a', devices: '*' }] }, '$.hub.wsDevices'],
      [
        { url: 'ws://h:1/edp/1/hub', config: 'c.json', wsDevices: 2, apps: [{ token: 'a' }] },
        "$.hub.wsDevices: a running hub's WebSocket devices are the ws_devices of its configuration",
      ],
    ] as const) {
      const result = validateScenario({ ...base, hub });
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.problems.map((p) => `${p.path}: ${p.problem}`).join('\n')).toContain(problem);
    }
  });

  it('runs on the embedded broker when the scenario has none', () => {
    const result = validateScenario({
      ...base,
      hub: { command: 'fleetcert hub', apps: [{ token: 'a', devices: '*' }] },
    });
    expect(result.ok && result.scenario.broker.embedded).toBe(true);
    expect(result.ok && result.scenario.hub?.apps[0]?.subscribe).toEqual({ kind: 'granted' });
  });
});
