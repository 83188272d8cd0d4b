import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../src/model/load.js';
import { isValidValue } from '../../src/model/values.js';
import { createRandom } from '../../src/random.js';
import { propertySpec } from '../../test/support/src/model/index.js';
import { controllerOf, deviceId, parseShard, planDevices, shardOf } from './devices.js';
import { compileTraffic } from './request-frames.js';
import { createRequestIdMap } from './request-ids.js';
import {
  type ModelTraffic,
  modelTraffic,
  requestBody,
  requestSlots,
  type ScheduleOptions,
  scheduledRequest,
} from './requests.js';
import { intendedPublishMs, sequenceOf, sequenceValue, telemetryProperty } from './telemetry.js';
import { availableAt, connectedAt, planTimeline, sessionsOf } from './timeline.js';
import { gridSize, indexOf, randomValue, valueAt } from './values.js';

const stages = [
  { kind: 'ramp-up', ratePerS: 100, to: { kind: 'count', count: 50 } },
  { kind: 'hold', durationMs: 2000 },
  { kind: 'ramp-up', ratePerS: 50, to: { kind: 'share', share: 1 } },
  { kind: 'ramp-down', ratePerS: 200, to: { kind: 'count', count: 20 } },
  { kind: 'hold', durationMs: 1000 },
] as const;

describe('timeline', () => {
  const timeline = planTimeline(stages, 100, 2000);

  it('lays the stages end to end with the drain after them', () => {
    expect(timeline.segments.map((s) => [s.kind, s.startMs, s.endMs, s.from, s.to])).toEqual([
      ['ramp-up', 0, 500, 0, 50],
      ['hold', 500, 2500, 50, 50],
      ['ramp-up', 2500, 3500, 50, 100],
      ['ramp-down', 3500, 3900, 100, 20],
      ['hold', 3900, 4900, 20, 20],
    ]);
    expect(timeline.endMs).toBe(6900);
    expect(timeline.peak).toBe(100);
  });

  it("counts connected devices consistently with each position's sessions", () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 7000 }), (t) => {
        let online = 0;
        for (let p = 0; p < 100; p++) {
          if (sessionsOf(timeline, p).some((s) => s.connectMs <= t && t < s.disconnectMs)) online++;
        }
        expect(connectedAt(timeline, t)).toBe(online);
      }),
    );
  });

  it('addresses only devices settled before and connected after the request', () => {
    expect(availableAt(timeline, 200, 1000, 2000)).toBe(0);
    expect(availableAt(timeline, 1500, 1000, 1000)).toBe(50);
    expect(availableAt(timeline, 3000, 400, 400)).toBe(connectedAt(timeline, 2600));
    expect(availableAt(timeline, 3800, 100, 2000)).toBe(20);
  });
});

describe('devices and shards', () => {
  const fleet = [
    { type: 'bulb', count: 30 },
    { type: 'tv', count: 12 },
  ];

  it('names devices <prefix><type>-<index> and shuffles the connect order from the seed', () => {
    expect(deviceId('x-', 'bulb', 0, 30)).toBe('x-bulb-0001');
    expect(deviceId('', 'bulb', 41, 12_000)).toBe('bulb-00042');
    const a = planDevices(fleet, 'x-', 7);
    expect(new Set(a.map((d) => d.id)).size).toBe(42);
    expect(planDevices(fleet, 'x-', 7)).toEqual(a);
    expect(planDevices(fleet, 'x-', 8).map((d) => d.id)).not.toEqual(a.map((d) => d.id));
    expect(a.map((d) => d.position)).toEqual([...Array(42).keys()]);
  });

  it('deals positions to shards and controllers evenly', () => {
    const counts = [0, 0, 0, 0];
    for (let p = 0; p < 400; p++) counts[shardOf(p, 4)] = (counts[shardOf(p, 4)] ?? 0) + 1;
    expect(counts).toEqual([100, 100, 100, 100]);
    const perController = [0, 0, 0];
    for (let p = 0; p < 400; p++)
      if (shardOf(p, 4) === 1)
        perController[controllerOf(p, 4, 3)] = (perController[controllerOf(p, 4, 3)] ?? 0) + 1;
    expect(perController.reduce((a, b) => a + b)).toBe(100);
    expect(Math.max(...perController) - Math.min(...perController)).toBeLessThanOrEqual(1);
  });

  it('parses I/N with a clear error', () => {
    expect(parseShard('2/4')).toEqual({ ok: true, shard: { index: 2, count: 4 } });
    expect(parseShard('4/4').ok).toBe(false);
    expect(parseShard('1-4').ok).toBe(false);
  });
});

describe('request schedule', () => {
  const options: ScheduleOptions = {
    seed: 99,
    ratePerS: 400,
    mix: { get: 0.5, set: 0.3, action: 0.2 },
    timeline: planTimeline(stages, 100, 2000),
    settleMs: 300,
    deadlineMs: 2000,
  };

  it('the shards together send exactly the requests of one run, each once', () => {
    const slots = requestSlots(options);
    expect(slots).toBe(1960); // 4.9 s of stages at 400/s
    const whole = [...Array(slots).keys()]
      .map((k) => scheduledRequest(options, k))
      .filter((r) => r !== undefined);
    expect(whole.length).toBeGreaterThan(500);
    const perShard = [0, 1, 2].map((shard) => whole.filter((r) => shardOf(r.position, 3) === shard));
    expect(perShard.reduce((sum, list) => sum + list.length, 0)).toBe(whole.length);
    for (const r of whole) {
      expect(r.position).toBeLessThan(availableAt(options.timeline, r.intendedMs, 300, 2000));
      expect(scheduledRequest(options, r.index)).toMatchObject({
        position: r.position,
        kind: r.kind,
        intendedMs: r.intendedMs,
      });
    }
    const kinds = whole.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'get').length / kinds.length).toBeGreaterThan(0.4);
    expect(kinds.filter((k) => k === 'action').length / kinds.length).toBeGreaterThan(0.1);
  });

  it('request ids are unique over a run and look unrelated across seeds', () => {
    const ids = createRequestIdMap(1);
    const seen = new Set<number>();
    for (let k = 0; k < 50_000; k++) {
      const id = ids.idOf(k);
      expect(id).toBeGreaterThanOrEqual(1);
      expect(id).toBeLessThanOrEqual(0x7fff_ffff);
      seen.add(id);
    }
    expect(seen.size).toBe(50_000);
    expect(createRequestIdMap(2).idOf(0)).not.toBe(ids.idOf(0));
  });

  it('writes valid requests for the reference models', async () => {
    for (const name of ['bulb', 'purifier', 'tv']) {
      const { model } = await loadModelFile(`fixtures/models/${name}.json`);
      const traffic = modelTraffic(model, telemetryProperty(model));
      const random = createRandom(5);
      for (let i = 0; i < 200; i++) {
        const body = requestBody(random.pick(['get', 'set', 'action'] as const), traffic, random);
        if (body.method === 'set_properties') {
          for (const item of body.params) {
            const spec = model.services
              .find((s) => s.siid === item.siid)
              ?.properties.find((p) => p.piid === item.piid);
            expect(spec && isValidValue(spec, item.value)).toBe(true);
            expect(spec?.access).toContain('write');
          }
        }
        if (body.method === 'action') {
          const service = model.services.find((s) => s.siid === body.params.siid);
          const action = service?.actions.find((a) => a.aiid === body.params.aiid);
          expect(body.params.in.map((i) => i.piid)).toEqual(action?.in);
        }
      }
    }
  });
});

describe('precomputed request frames', () => {
  const KINDS = ['get', 'set', 'action'] as const;
  /** The frame and the draw after it, from the compiled traffic and from the plain body. */
  const both = (
    traffic: ModelTraffic,
    kind: (typeof KINDS)[number],
    seed: number,
    id: number,
    compiled = compileTraffic(traffic),
  ) => {
    const fast = createRandom(seed);
    const plain = createRandom(seed);
    const body = requestBody(kind, traffic, plain);
    return {
      fast: [compiled.frame(kind, fast, id), fast.uint32()],
      plain: [JSON.stringify({ id, method: body.method, params: body.params }), plain.uint32()],
      method: [compiled.methodOf(kind), body.method],
    };
  };

  it('are byte for byte the encoded bodies of the reference models, with the same draws', async () => {
    for (const name of ['bulb', 'purifier', 'tv']) {
      const { model } = await loadModelFile(`fixtures/models/${name}.json`);
      const traffic = modelTraffic(model, telemetryProperty(model));
      const compiled = compileTraffic(traffic);
      for (let seed = 1; seed <= 300; seed++) {
        const kind = KINDS[seed % 3] as (typeof KINDS)[number];
        const { fast, plain, method } = both(traffic, kind, seed, (seed * 7919) % 0x7fff_ffff, compiled);
        expect(fast).toEqual(plain);
        expect(method[0]).toBe(method[1]);
      }
    }
  });

  it('are the encoded bodies for any property a model may declare (writes and action inputs)', () => {
    fc.assert(
      fc.property(
        propertySpec(1),
        propertySpec(2),
        fc.constantFrom(...KINDS),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.nat(),
        (written, input, kind, id, seed) => {
          const traffic: ModelTraffic = {
            readable: [{ siid: 2, piid: 1 }],
            writable: [{ siid: 2, piid: 1, spec: written }],
            actions: [{ siid: 3, aiid: 1, inSpecs: [written, input] }],
          };
          const { fast, plain, method } = both(traffic, kind, seed, id);
          expect(fast).toEqual(plain);
          expect(method[0]).toBe(method[1]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('turn a kind the model cannot serve into a read, as the plain body does', () => {
    const traffic: ModelTraffic = { readable: [{ siid: 1, piid: 2 }], writable: [], actions: [] };
    for (const kind of KINDS) expect(both(traffic, kind, 3, 9).fast).toEqual(both(traffic, kind, 3, 9).plain);
    expect(compileTraffic(traffic).methodOf('set')).toBe('get_properties');
  });
});

describe('value grid', () => {
  it('every grid value is valid and reads back to its index', () => {
    fc.assert(
      fc.property(propertySpec(1), fc.nat(), (spec, n) => {
        const size = gridSize(spec);
        const index = n % Math.min(size, 1_000_000);
        const value = valueAt(spec, index);
        expect(isValidValue(spec, value)).toBe(true);
        if (size >= 16) expect(indexOf(spec, value)).toBe(index);
        expect(isValidValue(spec, randomValue(spec, createRandom(n)))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('telemetry sequence numbers', () => {
  it('picks a volatile, notifying, read-only property untouched by actions', async () => {
    const { model: purifier } = await loadModelFile('fixtures/models/purifier.json');
    const property = telemetryProperty(purifier);
    expect(property?.spec.volatile).toBe(true);
    expect(property?.spec.access).not.toContain('write');
    const { model: tv } = await loadModelFile('fixtures/models/tv.json');
    expect(telemetryProperty(tv)).toBeUndefined();
  });

  it('reads a sequence number back from its value and arrival time while less than a wrap late', async () => {
    const { model } = await loadModelFile('fixtures/models/bulb.json');
    const property = telemetryProperty(model);
    if (!property) throw new Error('bulb has a telemetry property (power)');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 999, noNaN: true }),
        fc.integer({ min: 100, max: 5000 }),
        fc.double({ min: 0, max: 0.45, noNaN: true }),
        (sequence, phase, period, lateShare) => {
          const sentAt = intendedPublishMs(phase, period, sequence);
          const lateness = lateShare * property.modulus * period;
          const value = sequenceValue(property, sequence);
          expect(isValidValue(property.spec, value)).toBe(true);
          expect(sequenceOf(property, value, phase, period, sentAt + lateness)).toBe(sequence);
        },
      ),
    );
  });
});
