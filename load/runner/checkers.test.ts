import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/canonical-json.js';
import {
  notificationCheckerRig,
  POWER_PROPERTY,
  requestCheckerRig,
  telemetryDevice,
  telemetryText,
} from '../../test/support/load/checker-rig.js';
import { intendedPublishMs, type TelemetryProperty } from '../plan/telemetry.js';
import { planTimeline } from '../plan/timeline.js';
import { jsonEqual } from './json-equal.js';
import { connectEvents, DueCursor, TelemetryCursor } from './schedules.js';

const reply = (id: number, value = 40) => ({ id, result: [{ siid: 2, piid: 2, code: 0, value }] });

describe('RequestChecker', () => {
  it('counts a correct answer once, with latency from the intended send time', () => {
    const { recorder, checker } = requestCheckerRig();
    checker.sent(7, 'bulb-0001', 0, 100, 'get_properties');
    checker.deviceReplied(7, JSON.stringify(reply(7)));
    checker.received(0, 'bulb-0001', '{"result":[{"value":40,"code":0,"piid":2,"siid":2}],"id":7}', 130);
    checker.expire(5000);
    expect(recorder.counters.rpc).toMatchObject({ sent: 1, answered: 1, lost: 0, wrong: 0 });
    expect(recorder.rpcLatency.maxValue).toBe(30_000);
  });

  it('tells duplicated, wrong, misdelivered, cross-device, late and lost answers apart', () => {
    const { recorder, samples, checker } = requestCheckerRig();
    for (const id of [1, 2, 3, 4, 5, 6]) {
      checker.sent(id, 'bulb-0001', 0, 0, 'get_properties');
      if (id !== 6) checker.deviceReplied(id, JSON.stringify(reply(id)));
    }
    checker.received(0, 'bulb-0001', JSON.stringify(reply(1)), 10);
    checker.received(0, 'bulb-0001', JSON.stringify(reply(1)), 11); // duplicated
    checker.received(0, 'bulb-0001', JSON.stringify(reply(2, 41)), 12); // wrong value
    checker.received(1, 'bulb-0001', JSON.stringify(reply(3)), 13); // to another controller
    checker.received(0, 'bulb-0002', JSON.stringify(reply(4)), 14); // on another device's topic
    checker.received(0, 'bulb-0001', JSON.stringify(reply(99)), 15); // no such request
    checker.received(0, 'bulb-0001', 'not json', 16);
    checker.expire(2000); // 3, 4, 5, 6 never answered correctly: 2 is wrong, not lost
    checker.received(0, 'bulb-0001', JSON.stringify(reply(5)), 2500); // late
    expect(recorder.counters.rpc).toEqual({
      sent: 6,
      answered: 1,
      lost: 4,
      late: 1,
      duplicated: 1,
      redelivered: 0,
      wrong: 4,
      misdelivered: 1,
      unavailable: 0,
    });
    const lost6 = samples.samples.find((s) => s.kind === 'lost' && s.detail.includes('id 6'));
    expect(lost6?.detail).toContain('never received it');
    expect(samples.samples.find((s) => s.kind === 'wrong' && s.detail.includes('id 2'))?.detail).toContain(
      '"value":41',
    );
  });

  it("judges an answer that came before the device's word when the word comes (devices in another thread)", () => {
    const { recorder, samples, checker } = requestCheckerRig();
    for (const id of [1, 2, 3, 4]) checker.sent(id, 'bulb-0001', 0, 100, 'get_properties');
    checker.received(0, 'bulb-0001', JSON.stringify(reply(1)), 130); // word comes later, same reply
    checker.received(0, 'bulb-0001', JSON.stringify(reply(2, 41)), 131); // word comes later, other value
    checker.received(0, 'bulb-0001', JSON.stringify(reply(3)), 132); // the device never says it answered
    checker.received(0, 'bulb-0001', JSON.stringify(reply(4)), 133);
    checker.received(0, 'bulb-0001', JSON.stringify(reply(4)), 134); // a second answer while held
    expect(recorder.counters.rpc).toMatchObject({ answered: 0, wrong: 0, duplicated: 1 });
    checker.deviceReplied(1, JSON.stringify(reply(1)));
    checker.deviceReplied(2, JSON.stringify(reply(2)));
    checker.deviceReplied(4, JSON.stringify(reply(4)));
    expect(recorder.counters.rpc).toMatchObject({ answered: 2, wrong: 1 });
    // Latency runs to when the answer arrived (130, 133), not to when the word did.
    expect(recorder.rpcLatency.maxValue).toBe(33_000);
    checker.expire(2100); // request 3's deadline: judged without the device's word
    expect(recorder.counters.rpc).toMatchObject({ sent: 4, answered: 2, wrong: 2, lost: 0, duplicated: 1 });
    expect(samples.samples.find((s) => s.kind === 'wrong' && s.detail.includes('id 3'))?.detail).toContain(
      'never answered',
    );
  });

  it('forgets requests long after their deadline (memory stays flat)', () => {
    const { checker } = requestCheckerRig();
    for (let id = 1; id <= 10_000; id++) checker.sent(id, 'bulb-0001', 0, id, 'get_properties');
    checker.expire(10_000 + 2000 + 20_000);
    expect(checker.inFlight).toBe(0);
  });
});

describe('NotificationChecker', () => {
  const device = telemetryDevice(POWER_PROPERTY);
  const message = (sequence: number) =>
    telemetryText(POWER_PROPERTY, sequence, [{ siid: 2, piid: 1, value: true }]);

  it('counts delivered, duplicated and reordered telemetry by sequence number, latency from the intended time', () => {
    const { recorder, samples, checker } = notificationCheckerRig();
    const at = (j: number, late: number) => intendedPublishMs(250, 500, j) + late;
    checker.received(device, message(0), at(0, 3));
    checker.received(device, message(2), at(2, 3));
    checker.received(device, message(1), at(2, 5)); // reordered
    checker.received(device, message(2), at(2, 9)); // duplicate
    checker.received(
      device,
      JSON.stringify({ method: 'properties_changed', params: [{ siid: 3, piid: 1, value: 0.05 }] }),
      at(3, 0),
    );
    expect(recorder.counters.notify).toMatchObject({ delivered: 3, duplicated: 1, reordered: 1 });
    expect(recorder.notifyLatency.maxValue).toBeGreaterThanOrEqual(505_000);
    expect(samples.samples.map((s) => s.kind)).toEqual(['notify-unknown']);
  });
});

describe('NotificationChecker: the single-item scan', () => {
  const spec = {
    piid: 1,
    name: 'level',
    format: 'int32',
    access: ['read', 'notify'],
    range: [-50, 5000, 1],
    volatile: true,
  } as const;
  const property: TelemetryProperty = { siid: 3, piid: 1, spec, modulus: 5051 };
  const device = telemetryDevice(property);
  /** What the checker made of `texts`: the counts and the samples. */
  const judge = (texts: readonly string[]) => {
    const { recorder, samples, checker } = notificationCheckerRig();
    for (const [j, text] of texts.entries())
      checker.received(device, text, intendedPublishMs(250, 500, j) + 7);
    return {
      counts: recorder.counters.notify,
      latency: recorder.notifyLatency.mean,
      samples: samples.samples,
    };
  };
  // Any value a device might put there, and the item's ids right or wrong.
  const value = fc.oneof(
    fc.integer({ min: -60, max: 6000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.string({ maxLength: 6 }),
    fc.constant(null),
  );
  const item = fc.record({ siid: fc.constantFrom(3, 2, 30), piid: fc.constantFrom(1, 11), value });

  it('judges every message as the full parse does: the compact form and the same items spaced out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(item, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
        (messages) => {
          const compact = messages.map((params) => JSON.stringify({ method: 'properties_changed', params }));
          // Spaced out, no text takes the scan: what the full parse makes of it is the reference.
          const spaced = messages.map((params) =>
            JSON.stringify({ method: 'properties_changed', params }, null, 1),
          );
          expect(judge(compact)).toEqual(judge(spaced));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads a sequence number from the compact form (the scan is taken, and counts)', () => {
    const texts = [0, 1, 2].map((j) => telemetryText(property, j));
    expect(judge(texts).counts).toMatchObject({ delivered: 3, duplicated: 0, reordered: 0 });
    expect(judge([texts[0] as string, texts[0] as string]).counts).toMatchObject({
      delivered: 1,
      duplicated: 1,
    });
  });
});

describe('schedules', () => {
  it("lists each shard device's connects and disconnects in time order", () => {
    const timeline = planTimeline(
      [
        { kind: 'ramp-up', ratePerS: 10, to: { kind: 'share', share: 1 } },
        { kind: 'ramp-down', ratePerS: 10, to: { kind: 'count', count: 2 } },
      ],
      4,
      2000,
    );
    const events = connectEvents(timeline, [0, 3]);
    expect(events.map((e) => [e.kind, e.slot, Math.round(e.atMs)])).toEqual([
      ['connect', 0, 0],
      ['connect', 1, 300],
      ['disconnect', 1, 400],
    ]);
    const cursor = new DueCursor(events);
    expect([...cursor.due(300)].length).toBe(2);
    expect([...cursor.due(300)].length).toBe(0);
    expect([...cursor.due(1000)].length).toBe(1);
    expect(cursor.done).toBe(true);
  });

  it('walks telemetry due times in order, each once', () => {
    const cursor = new TelemetryCursor([30, 10, 20], 100, 250);
    const due = [...cursor.due(125)].map((d) => [d.slot, d.sequence, d.intendedMs]);
    expect(due).toEqual([
      [1, 0, 10],
      [2, 0, 20],
      [0, 0, 30],
      [1, 1, 110],
      [2, 1, 120],
    ]);
    expect([...cursor.due(1000)].map((d) => d.intendedMs)).toEqual([130, 210, 220, 230]);
  });

  it('a caller may stop mid-way (a tick budget) without losing or repeating an update', () => {
    const cursor = new TelemetryCursor([5, 15, 25], 30, 300);
    const seen: number[] = [];
    for (let tick = 0; tick < 50; tick++) {
      let taken = 0;
      for (const due of cursor.due(1000)) {
        seen.push(due.intendedMs);
        if (++taken === 2) break;
      }
    }
    expect(seen).toEqual([...Array(30).keys()].map((i) => 5 + i * 10));
  });
});

describe('jsonEqual', () => {
  it('agrees with comparing canonical JSON, for any JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(jsonEqual(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(jsonEqual(a, JSON.parse(JSON.stringify(a)))).toBe(true);
      }),
    );
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1.0 })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
  });
});
