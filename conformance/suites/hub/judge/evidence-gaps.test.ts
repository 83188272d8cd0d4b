/**
 * A gap in a device's records is never a hub violation (issue 18, bench:judge: the outside hub,
 * seed 68, failed the capacity check on EDP-HUB-1 because bulb-0002's record lacked a request the
 * app had the device's answer to). Proven on the capacity check's shape: K connections × P
 * identical requests in flight to a few devices, forwarded and answered in any order and timing
 * a correct hub may show.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D, SyntheticRun } from '../../../../test/support/hub-judge/synthetic-run.js';
import type { ReceivedRequest } from '../fleet-port.js';
import { resolveHubTimeouts } from '../hub-certify-config.js';
import { evidenceGaps, unrecordedRequestAt } from './evidence-gaps.js';
import { judgeHubRun } from './judge-hub-run.js';

const T = resolveHubTimeouts();
const MANUFACTURER = [{ siid: 1, piid: 1 }];
const ANSWER = [{ siid: 1, piid: 1, code: 0, value: 'acme' }];
const DEVICES = ['bulb-0001', 'bulb-0002', 'tv-0001'];

interface Timing {
  /** After the previous send (the app sends back to back). */
  readonly sendGap: number;
  /** App send → device receipt, receipt → device answer, answer → app's response: under D in all. */
  readonly forward: number;
  readonly answer: number;
  readonly back: number;
}

const timing: fc.Arbitrary<Timing> = fc.record({
  sendGap: fc.integer({ min: 0, max: 3 }),
  forward: fc.integer({ min: 1, max: 400 }),
  answer: fc.integer({ min: 0, max: 50 }),
  back: fc.integer({ min: 1, max: 400 }),
});

const burstShape = fc
  .record({ connections: fc.integer({ min: 1, max: 8 }), perConnection: fc.integer({ min: 1, max: 16 }) })
  .chain(({ connections, perConnection }) =>
    fc.record({
      connections: fc.constant(connections),
      perConnection: fc.constant(perConnection),
      targets: fc.integer({ min: 1, max: DEVICES.length }),
      timings: fc.array(timing, {
        minLength: connections * perConnection,
        maxLength: connections * perConnection,
      }),
    }),
  );
type Burst = typeof burstShape extends fc.Arbitrary<infer B> ? B : never;

/** The capacity check as a correct hub serves it: every command forwarded once and its answer passed on. */
function correctBurst(b: Burst): SyntheticRun {
  const run = new SyntheticRun();
  let sentAt = 100;
  let i = 0;
  for (let k = 0; k < b.perConnection; k++)
    for (let c = 0; c < b.connections; c++) {
      const t = b.timings[i++] as Timing;
      sentAt += t.sendGap;
      const deviceId = DEVICES[(k + c) % b.targets] as string;
      const request = run.getProperties(`app-b#${c + 1}`, sentAt, deviceId, MANUFACTURER);
      const receivedAt = sentAt + t.forward;
      run.deviceRequest(deviceId, receivedAt, 'get_properties', MANUFACTURER, {
        atMs: receivedAt + t.answer,
        result: ANSWER,
      });
      run.reply(request, receivedAt + t.answer + t.back, { result: ANSWER });
    }
  // A device's records are in the order things happened.
  for (const d of run.devices.values()) {
    d.received.sort((x, y) => x.atMs - y.atMs);
    d.sent.sort((x, y) => x.atMs - y.atMs);
  }
  run.endMs = sentAt + 3 * D;
  return run;
}

/** A request some device received (generated choice), and that device's id. */
function pick(run: SyntheticRun, n: number): { deviceId: string; request: ReceivedRequest } {
  const all = [...run.devices].flatMap(([deviceId, d]) =>
    d.received.map((request) => ({ deviceId, request })),
  );
  return all[n % all.length] as { deviceId: string; request: ReceivedRequest };
}

const rulesOf = (run: SyntheticRun) => [
  ...new Set(judgeHubRun(run.record(), T).violations.map((v) => v.rule)),
];

describe('the capacity check judged on a correct hub', () => {
  it('finds nothing in any order and timing of forwards and answers', () => {
    fc.assert(
      fc.property(burstShape, (b) => {
        const judged = judgeHubRun(correctBurst(b).record(), T);
        expect(judged.violations).toEqual([]);
        expect(judged.incomplete).toBeUndefined();
      }),
      { seed: 68, numRuns: 150 },
    );
  });
});

describe('a device record that lacks a request the device answered', () => {
  it('is found (the answer names its request) and the run reaches no verdict instead of blaming the hub', () => {
    fc.assert(
      fc.property(burstShape, fc.nat(), (b, n) => {
        const run = correctBurst(b);
        const { deviceId, request } = pick(run, n);
        const device = run.device(deviceId);
        device.received.splice(device.received.indexOf(request), 1);
        const answeredAt = device.sent.find((m) => m.kind === 'response' && m.requestId === request.id)?.atMs;
        // Read as it stands, the lost record looks like a command never forwarded: EDP-HUB-1.
        expect(rulesOf(run)).toContain('EDP-HUB-1');
        // The session marks the records incomplete from the answer that has no request…
        const gapAt = unrecordedRequestAt(device, 1);
        expect(gapAt).toBe(answeredAt);
        run.devices.set(deviceId, { ...device, incompleteFromMs: gapAt } as typeof device);
        // …and the judge then charges no rule and passes nothing.
        const judged = judgeHubRun(run.record(), T);
        expect(judged.violations).toEqual([]);
        expect(judged.incomplete).toEqual([{ deviceId, fromMs: gapAt }]);
      }),
      { seed: 68, numRuns: 100 },
    );
  });

  it('is not what a hub that answers without forwarding leaves: that stays EDP-HUB-1 alone', () => {
    fc.assert(
      fc.property(burstShape, fc.nat(), (b, n) => {
        const run = correctBurst(b);
        const { deviceId, request } = pick(run, n);
        const device = run.device(deviceId);
        // The hub made up the answer (a cache, another device's answer): the device has neither.
        device.received.splice(device.received.indexOf(request), 1);
        const answer = device.sent.findIndex((m) => m.kind === 'response' && m.requestId === request.id);
        device.sent.splice(answer, 1);
        expect(unrecordedRequestAt(device, 1)).toBeUndefined();
        expect(rulesOf(run)).toEqual(['EDP-HUB-1']);
      }),
      { seed: 68, numRuns: 100 },
    );
  });
});

describe('a recorder past its cap (DeviceRecords.incompleteFromMs)', () => {
  const faulty = () => {
    // A command the device never received nor answered: EDP-HUB-1 on complete records.
    const run = correctBurst({
      connections: 1,
      perConnection: 2,
      targets: 1,
      timings: [
        { sendGap: 0, forward: 5, answer: 1, back: 5 },
        { sendGap: 1, forward: 5, answer: 1, back: 5 },
      ],
    });
    const device = run.device('bulb-0001');
    const lost = device.received.pop() as ReceivedRequest;
    device.sent.splice(
      device.sent.findIndex((m) => m.kind === 'response' && m.requestId === lost.id),
      1,
    );
    return { run, device };
  };

  it('within the run: no verdict, whatever the rest of the record says', () => {
    const { run, device } = faulty();
    run.devices.set('bulb-0001', { ...device, incompleteFromMs: 50 } as typeof device);
    expect(evidenceGaps(run.record())).toEqual([{ deviceId: 'bulb-0001', fromMs: 50 }]);
    expect(judgeHubRun(run.record(), T)).toEqual({
      violations: [],
      incomplete: [{ deviceId: 'bulb-0001', fromMs: 50 }],
    });
  });

  it('only after the run ends: the run is judged on its records as they are', () => {
    const { run, device } = faulty();
    expect(rulesOf(run)).toEqual(['EDP-HUB-1']);
    run.devices.set('bulb-0001', { ...device, incompleteFromMs: run.endMs + 1 } as typeof device);
    expect(evidenceGaps(run.record())).toEqual([]);
    expect(rulesOf(run)).toEqual(['EDP-HUB-1']);
  });
});
