import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceModel } from '../../../src/model/types.js';
import { fleetDeviceId, indexWidth } from '../device-ids.js';
import type { PortableFleetOptions } from '../types.js';
import { splitFleet } from './split.js';

const model = { edp: 1, type: 'x', model: 'x.y', services: [] } as unknown as DeviceModel;
const ids = (o: PortableFleetOptions) =>
  o.groups.flatMap((g) =>
    Array.from({ length: g.count }, (_, i) =>
      fleetDeviceId(o.idPrefix ?? '', g.name, (g.firstIndex ?? 1) + i, g.indexWidth ?? indexWidth(g.count)),
    ),
  );

describe('splitting a fleet over workers', () => {
  it('gives every device to exactly one worker, under the id it has in one process', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3_000 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 8 }),
        (counts, workers) => {
          const options: PortableFleetOptions = {
            groups: counts.map((count, i) => ({ name: `t${i}`, model, count })),
            tokens: { kind: 'none' },
            rampPerSecond: 800,
          };
          const slices = splitFleet(options, workers);
          expect(slices.length).toBeLessThanOrEqual(workers);
          expect(slices.flatMap(ids).sort()).toEqual(ids(options).sort());
          for (const slice of slices) expect(slice.rampPerSecond).toBeCloseTo(800 / workers);
        },
      ),
    );
  });

  it('gives WebSocket devices of different workers different ports', () => {
    const options: PortableFleetOptions = {
      groups: [{ name: 'tv', model, count: 10, transport: 'ws' }],
      tokens: { kind: 'single', token: 'T' },
      wsFirstPort: 9000,
    };
    expect(splitFleet(options, 3).map((s) => [s.wsFirstPort, s.groups[0]!.count])).toEqual([
      [9000, 3],
      [9003, 3],
      [9006, 4],
    ]);
  });

  it('refuses a worker count that is not a whole number >= 1', () => {
    expect(() => splitFleet({ groups: [], tokens: { kind: 'none' } }, 0)).toThrow('--workers');
  });

  it("gives each worker its own devices' client certificates, and every device its own", () => {
    const groups = [
      { name: 'bulb', model, count: 5 },
      { name: 'tv', model, count: 2 },
    ];
    const all = ids({ groups, tokens: { kind: 'none' } });
    const pair = (id: string) => ({ cert: `cert of ${id}`, key: `key of ${id}` });
    const options: PortableFleetOptions = {
      groups,
      tokens: { kind: 'none' },
      brokerTls: { ca: 'CA', perClient: Object.fromEntries(all.map((id) => [id, pair(id)])) },
    };
    const slices = splitFleet(options, 3);
    for (const slice of slices) {
      expect(slice.brokerTls?.ca).toBe('CA');
      expect(slice.brokerTls?.perClient).toEqual(Object.fromEntries(ids(slice).map((id) => [id, pair(id)])));
    }
    expect(slices.flatMap((slice) => Object.keys(slice.brokerTls?.perClient ?? {})).sort()).toEqual(
      [...all].sort(),
    );
  });
});
