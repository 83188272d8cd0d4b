/** EDP-PROP-1..4 on the reference models, engine alone. */
import { describe, expect, it } from 'vitest';
import { isValidValue } from '../../src/model/values.js';
import { type FixtureName, fixtureModel, testDevice } from '../../test/support/simulators/engine/harness.js';
import { compileModel } from './compiled-model.js';

const FIXTURES: FixtureName[] = ['bulb', 'purifier', 'tv'];

describe('EDP-PROP-1: reading a readable property gives 0 and a valid value', () => {
  it.each(FIXTURES)('%s: every readable property at start', (name) => {
    const device = testDevice(name);
    const readable = compileModel(fixtureModel(name)).properties.filter((p) => p.readable);
    for (let i = 0; i < readable.length; i += 16) {
      const batch = readable.slice(i, i + 16);
      const { reply } = device.call(
        'get_properties',
        batch.map((p) => ({ siid: p.siid, piid: p.piid })),
      );
      batch.forEach((p, k) => {
        expect(reply.result[k].code).toBe(0);
        expect(isValidValue(p.spec, reply.result[k].value)).toBe(true);
      });
    }
  });

  it('fills device information from the options', () => {
    const device = testDevice('bulb', { deviceId: 'bulb-0042', firmware: '2.3.4', manufacturer: 'Acme' });
    const { reply } = device.call(
      'get_properties',
      [1, 2, 3, 4].map((piid) => ({ siid: 1, piid })),
    );
    expect(reply.result.map((r: { value: unknown }) => r.value)).toEqual([
      'Acme',
      'fleetcert.bulb.v1',
      'bulb-0042',
      '2.3.4',
    ]);
  });

  it('starts at the documented defaults: false, range min, first value, empty string', () => {
    const device = testDevice('tv');
    expect(device.engine.snapshot().filter((e) => e.siid === 2)).toEqual([
      { siid: 2, piid: 1, value: false },
      { siid: 2, piid: 2, value: 0 },
      { siid: 2, piid: 3, value: false },
      { siid: 2, piid: 4, value: 1 },
      { siid: 2, piid: 5, value: 0 },
      { siid: 2, piid: 6, value: '' },
    ]);
  });

  it('takes valid initial overrides and refuses invalid ones with a clear error', () => {
    const device = testDevice('bulb', { initialState: [{ siid: 2, piid: 2, value: 70 }] });
    expect(device.engine.read(2, 2)).toBe(70);
    expect(() => testDevice('bulb', { initialState: [{ siid: 2, piid: 2, value: 0 }] })).toThrow(
      /initialState\[0\] \(siid 2, piid 2\): 0 is outside range 1\.\.100/,
    );
    expect(() => testDevice('bulb', { initialState: [{ siid: 8, piid: 1, value: 0 }] })).toThrow(
      /no such property/,
    );
  });
});

describe('EDP-PROP-2: unknown gives -4003; items are independent', () => {
  it('answers good items next to bad ones', () => {
    const device = testDevice('purifier');
    const { reply } = device.call('get_properties', [
      { siid: 2, piid: 1 },
      { siid: 2, piid: 99 },
      { siid: 0, piid: 1 },
      { siid: 2, piid: 1.5 },
      { siid: 70000, piid: 1 },
      { siid: 2, piid: 2 },
    ]);
    expect(reply.result.map((r: { code: number }) => r.code)).toEqual([0, -4003, -4003, -4003, -4003, 0]);
  });
});

describe('EDP-PROP-3: a valid write gives 0 and later reads give that value', () => {
  it('stores bool, number, enumeration and guarded values', () => {
    const device = testDevice('purifier');
    const { reply } = device.call('set_properties', [
      { siid: 2, piid: 1, value: true },
      { siid: 2, piid: 2, value: 3 },
      { siid: 2, piid: 3, value: 2 },
      { siid: 7, piid: 1, value: 2.0 },
    ]);
    expect(reply.result.map((r: { code: number }) => r.code)).toEqual([0, 0, 0, 0]);
    const read = device.call('get_properties', [
      { siid: 2, piid: 1 },
      { siid: 2, piid: 2 },
      { siid: 2, piid: 3 },
      { siid: 7, piid: 1 },
    ]);
    expect(read.reply.result.map((r: { value: unknown }) => r.value)).toEqual([true, 3, 2, 2]);
  });

  it('serves [on = true, volume = 30] on a TV that is off with 0, 0 (section 3)', () => {
    const device = testDevice('tv');
    const { reply } = device.call('set_properties', [
      { siid: 2, piid: 1, value: true },
      { siid: 2, piid: 2, value: 30 },
    ]);
    expect(reply.result).toEqual([
      { siid: 2, piid: 1, code: 0 },
      { siid: 2, piid: 2, code: 0 },
    ]);
    expect(device.engine.read(2, 2)).toBe(30);
  });
});

describe('EDP-PROP-4: -4002, -4005, -4007, -4003 in that precedence, and no state change', () => {
  it('gives each code where it is due', () => {
    const device = testDevice('tv');
    const before = device.engine.snapshot();
    const { reply, notifications } = device.call('set_properties', [
      { siid: 1, piid: 1, value: 'Evil Corp' }, // read-only
      { siid: 2, piid: 1, value: 1 }, // bool given as number
      { siid: 2, piid: 1 }, // missing value
      { siid: 2, piid: 2, value: 30 }, // when on = true fails
      { siid: 2, piid: 6, value: 'netflix' }, // no write access
      { siid: 3, piid: 1, value: true }, // unknown
      { siid: 2, piid: 4, value: 1000 }, // out of range: -4005 before -4007
      { siid: 2, piid: 5, value: 9 }, // not one of the values
      { siid: 1, piid: 2, value: 7 }, // read-only and invalid: -4002 first
    ]);
    expect(reply.result.map((r: { code: number }) => r.code)).toEqual([
      -4002, -4005, -4005, -4007, -4002, -4003, -4005, -4005, -4002,
    ]);
    expect(notifications).toEqual([]);
    expect(device.engine.snapshot()).toEqual(before);
  });

  it('refuses off-step and out-of-range floats with -4005', () => {
    const model = structuredClone(fixtureModel('bulb')) as unknown as {
      services: { siid: number; properties: { piid: number; access: string[] }[] }[];
    };
    // Make the volatile power meter writable to reach float step checks.
    const power = model.services.find((s) => s.siid === 3)!.properties[0]!;
    power.access = ['read', 'write', 'notify'];
    const device = testDevice(model as never);
    const { reply } = device.call('set_properties', [
      { siid: 3, piid: 1, value: 0.15 },
      { siid: 3, piid: 1, value: 0.3 },
      { siid: 3, piid: 1, value: 60.1 },
    ]);
    expect(reply.result.map((r: { code: number }) => r.code)).toEqual([-4005, 0, -4005]);
  });
});
