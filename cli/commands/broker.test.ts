import { describe, expect, it } from 'vitest';
import { resolveBrokerConfig } from './broker.js';
import { resolveDeviceConfig } from './simulate-device.js';
import { resolveStartConfig } from './start.js';

const brokerArgs = { host: '127.0.0.1', port: 1883 };
const deviceArgs = { broker: 'mqtt://127.0.0.1:1883', seed: 1, keepalive: 30 };

describe('fleetcert broker configuration', () => {
  it('chooses the token source: --token, --tokens, FLEETCERT_TOKEN, else any token (development)', () => {
    expect(resolveBrokerConfig({ ...brokerArgs, token: 'T' }, {}).tokens).toEqual({
      mode: 'shared',
      token: 'T',
    });
    expect(resolveBrokerConfig({ ...brokerArgs, tokens: 'f.json' }, { FLEETCERT_TOKEN: 'E' }).tokens).toEqual(
      {
        mode: 'file',
        path: 'f.json',
      },
    );
    expect(resolveBrokerConfig(brokerArgs, { FLEETCERT_TOKEN: 'E' }).tokens).toEqual({
      mode: 'shared',
      token: 'E',
    });
    expect(resolveBrokerConfig(brokerArgs, { FLEETCERT_TOKEN: '' }).tokens).toEqual({ mode: 'any' });
    expect(Object.isFrozen(resolveBrokerConfig(brokerArgs, {}))).toBe(true);
  });

  it('refuses conflicting or unsafe options with a message that names the fix', () => {
    expect(() => resolveBrokerConfig({ ...brokerArgs, token: 'a', tokens: 'b' }, {})).toThrow(
      /exclude each other/,
    );
    expect(() => resolveBrokerConfig({ ...brokerArgs, host: '0.0.0.0' }, {})).toThrow(
      /pass --token T or --tokens FILE/,
    );
    expect(resolveBrokerConfig({ ...brokerArgs, host: '0.0.0.0', token: 'T' }, {}).host).toBe('0.0.0.0');
    expect(() => resolveBrokerConfig({ ...brokerArgs, port: 70_000 }, {})).toThrow(
      /--port must be a port number from 0 to 65535/,
    );
    expect(() => resolveBrokerConfig({ ...brokerArgs, wsPort: 1.5 }, {})).toThrow(/--ws-port/);
  });
});

describe('fleetcert simulate configuration', () => {
  it('resolves --type to the reference model file and keeps the options', () => {
    const config = resolveDeviceConfig({ ...deviceArgs, type: 'bulb', id: 'bulb-0042', token: 'T' }, {});
    expect(config.modelFile).toMatch(/fixtures\/models\/bulb\.json$/);
    expect(config).toMatchObject({ deviceId: 'bulb-0042', token: 'T', keepaliveSeconds: 30, seed: 1 });
    expect(resolveDeviceConfig({ ...deviceArgs, model: 'x.json' }, { FLEETCERT_TOKEN: 'E' })).toMatchObject({
      modelFile: 'x.json',
      token: 'E',
    });
  });

  it('names what is wrong: no model, a bad id, a keepalive over 60 s', () => {
    expect(() => resolveDeviceConfig(deviceArgs, {})).toThrow(/--type \(.*bulb.*\) or --model FILE/);
    expect(() => resolveDeviceConfig({ ...deviceArgs, type: 'bulb', id: 'Bulb 1' }, {})).toThrow(
      /"Bulb 1" is not a device id/,
    );
    expect(() => resolveDeviceConfig({ ...deviceArgs, type: 'bulb', keepalive: 61 }, {})).toThrow(
      /from 1 to 60/,
    );
  });
});

describe('fleetcert start configuration', () => {
  it('runs one device of each reference model, on 1883 unless told otherwise', () => {
    const config = resolveStartConfig({ token: 'demo', seed: 1 });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 1883, portFallback: true });
    expect(config.devices.map((d) => d.deviceId)).toEqual(
      expect.arrayContaining(['bulb-0001', 'purifier-0001', 'tv-0001']),
    );
    expect(resolveStartConfig({ port: 0, token: 'demo', seed: 1 }).portFallback).toBe(false);
  });
});
