import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTEGER_LIMITS } from '../../src/model/formats.js';
import type { DeviceModel, PropertySpec } from '../../src/model/types.js';
import { isValidValue } from '../../src/model/values.js';
import { createRandom } from '../../src/random.js';
import { ManualClock } from '../clock/manual-clock.js';
import { createDeviceEngine } from '../engine/index.js';
import { BehaviourRegistry } from './registry.js';
import { nearestValidNumber } from './valid-values.js';

/** A volatile numeric property with a valid range (max − min a whole multiple of step). */
const rangedProperty = fc
  .record({
    format: fc.constantFrom('uint8', 'uint16', 'int16', 'int32', 'float') as fc.Arbitrary<
      PropertySpec['format']
    >,
    min: fc.integer({ min: -100, max: 100 }),
    steps: fc.integer({ min: 1, max: 500 }),
    step: fc.constantFrom(1, 2, 5, 0.1, 0.25, 0.01),
  })
  .filter(({ format, step }) => format === 'float' || Number.isInteger(step))
  .map(({ format, min, steps, step }) => {
    const lo = format.startsWith('u') ? Math.abs(min) : min;
    const hi = Number((lo + steps * step).toPrecision(15));
    const limits = format === 'float' ? undefined : INTEGER_LIMITS[format as 'uint8'];
    const fits = !limits || (lo >= limits[0] && hi <= limits[1]);
    return fits
      ? ({ format, range: [lo, hi, step] } as const)
      : ({ format: 'int32', range: [lo, hi, step] } as const);
  });

const volatileProperty = fc.oneof(
  rangedProperty,
  fc.constant({ format: 'bool' } as const),
  fc.constant({
    format: 'uint8',
    values: [0, 1, 2, 3].map((value) => ({ value, description: `v${value}` })),
  } as const),
  fc.constant({ format: 'int16' } as const),
  fc.constant({ format: 'float' } as const),
  fc.constant({ format: 'string', maxLength: 8 } as const),
);

function modelWith(props: readonly Omit<PropertySpec, 'piid' | 'name' | 'access'>[]): DeviceModel {
  const info = ['manufacturer', 'model', 'serial-number', 'firmware-revision'].map((name, i) => ({
    piid: i + 1,
    name,
    format: 'string' as const,
    access: ['read'] as const,
  }));
  return {
    edp: 1,
    type: 'sensor',
    model: 'partner.sensor.x',
    services: [
      { siid: 1, name: 'device-information', properties: info, actions: [], events: [] },
      {
        siid: 2,
        name: 'sensors',
        properties: props.map((p, i) => ({
          ...p,
          piid: i + 1,
          name: `p${i + 1}`,
          access: ['read', 'notify'],
          volatile: true,
        })),
        actions: [],
        events: [],
      },
    ],
  } as DeviceModel;
}

describe('generic random walk (any partner model gets telemetry)', () => {
  it('keeps every volatile value valid for its model, and notifies only valid values', () => {
    fc.assert(
      fc.property(fc.array(volatileProperty, { minLength: 1, maxLength: 6 }), fc.integer(), (props, seed) => {
        const model = modelWith(props);
        const engine = createDeviceEngine({ deviceId: 'sensor-0001', model, clock: new ManualClock() });
        const behaviour = new BehaviourRegistry(new Map()).create(engine, createRandom(seed));
        const specs = model.services[1]!.properties;
        for (let i = 0; i < 40; i++) {
          for (const n of behaviour.step(1_000)) {
            if (n.method !== 'properties_changed') continue;
            expect(n.params.length).toBeLessThanOrEqual(16);
            for (const item of n.params) expect(isValidValue(specs[item.piid - 1]!, item.value)).toBe(true);
          }
          for (const spec of specs) expect(isValidValue(spec, engine.read(2, spec.piid))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('moves numbers with a range and leaves strings alone', () => {
    const model = modelWith([{ format: 'uint16', range: [0, 1000, 1] }, { format: 'string' }]);
    const engine = createDeviceEngine({ deviceId: 'sensor-0001', model, clock: new ManualClock() });
    const behaviour = new BehaviourRegistry(new Map()).create(engine, createRandom(9));
    const seen = new Set<unknown>();
    for (let i = 0; i < 30; i++) {
      behaviour.step(1_000);
      seen.add(engine.read(2, 1));
    }
    expect(seen.size).toBeGreaterThan(5);
    expect(engine.read(2, 2)).toBe('');
  });
});

describe('nearestValidNumber', () => {
  it('always gives a value valid for the property, whatever number comes in', () => {
    fc.assert(
      fc.property(rangedProperty, fc.double({ noNaN: true, min: -1e6, max: 1e6 }), (p, x) => {
        const spec = { piid: 1, name: 'x', access: ['read'], ...p } as PropertySpec;
        expect(isValidValue(spec, nearestValidNumber(spec, x))).toBe(true);
      }),
    );
  });

  it('snaps to the step without float noise', () => {
    const spec = {
      piid: 1,
      name: 't',
      format: 'float',
      access: ['read'],
      range: [-40, 125, 0.1],
    } as PropertySpec;
    expect(nearestValidNumber(spec, 22.349)).toBe(22.3);
    expect(nearestValidNumber(spec, 0.1 + 0.2)).toBe(0.3);
    expect(nearestValidNumber(spec, 500)).toBe(125);
  });
});
