import { describe, expect, it } from 'vitest';
import type { DeviceArgs } from './simulate-device.js';
import { type FleetArgs, resolveFleetConfig, usesFleetRunner } from './simulate-fleet-options.js';

const base: FleetArgs & DeviceArgs = {
  broker: 'mqtt://127.0.0.1:1883',
  seed: 1,
  keepalive: 30,
  idPrefix: '',
  maxConnecting: 256,
  timeScale: 1,
  replyLatency: 300,
  workers: 1,
  wsHost: '127.0.0.1',
  wsPort: 0,
};
const args = (over: Partial<FleetArgs & DeviceArgs>) => ({ ...base, ...over });

describe('simulate: which runner', () => {
  it('a plain MQTT device keeps the single-device path; fleets, WebSocket devices, faults and telemetry take the fleet runner', () => {
    expect(usesFleetRunner(args({ type: 'bulb' }))).toBe(false);
    expect(usesFleetRunner(args({ type: 'tv', transport: 'mqtt' }))).toBe(false);
    expect(usesFleetRunner(args({ type: 'tv' }))).toBe(true);
    expect(usesFleetRunner(args({ type: 'bulb', transport: 'ws' }))).toBe(true);
    expect(usesFleetRunner(args({ fleet: 'bulb=2' }))).toBe(true);
    expect(usesFleetRunner(args({ type: 'bulb', fault: ['drop-replies'] }))).toBe(true);
    expect(usesFleetRunner(args({ type: 'bulb', telemetry: 2 }))).toBe(true);
  });
});

describe('simulate: fleet options resolved once', () => {
  it('--metrics: a listen address (loopback for a bare port), and the fleet runner even for one device', () => {
    expect(resolveFleetConfig(args({ fleet: 'bulb=2', metrics: '9464' }), {}).metrics).toEqual({
      address: { host: '127.0.0.1', port: 9464 },
      processMetrics: false,
    });
    expect(
      resolveFleetConfig(args({ fleet: 'bulb=2', metrics: '0.0.0.0:9', metricsProcess: true }), {}).metrics,
    ).toEqual({ address: { host: '0.0.0.0', port: 9 }, processMetrics: true });
    expect(resolveFleetConfig(args({ fleet: 'bulb=2' }), {}).metrics).toBeUndefined();
    expect(() => resolveFleetConfig(args({ fleet: 'bulb=2', metrics: '1.2.3.4:99999' }), {})).toThrow(
      '--metrics "1.2.3.4:99999" has no port from 0 to 65535 after the host',
    );
    expect(usesFleetRunner(args({ type: 'bulb', metrics: '9464' }))).toBe(true);
    expect(() => resolveFleetConfig(args({ fleet: 'bulb=2', metricsProcess: true }), {})).toThrow(
      '--metrics-process adds to --metrics: give --metrics HOST:PORT too',
    );
  });

  it('a TV alone is a WebSocket server; in a fleet every device goes to the broker', () => {
    const tv = resolveFleetConfig(args({ type: 'tv', token: 'T' }), {});
    expect(tv.single).toBe(true);
    expect(tv.groups[0]).toMatchObject({ name: 'tv', count: 1, transport: 'ws' });
    const fleet = resolveFleetConfig(args({ fleet: 'bulb=5000,purifier=3000,tv=2000', ramp: '500/s' }), {});
    expect(fleet.groups.map((g) => [g.name, g.count, g.transport])).toEqual([
      ['bulb', 5000, 'mqtt'],
      ['purifier', 3000, 'mqtt'],
      ['tv', 2000, 'mqtt'],
    ]);
    expect(fleet.rampPerSecond).toBe(500);
  });

  it('telemetry: one step a second for a single device, off for a fleet unless asked', () => {
    expect(resolveFleetConfig(args({ type: 'tv', token: 'T' }), {}).telemetry).toEqual({
      perDeviceHz: 1,
      timeScale: 1,
    });
    expect(resolveFleetConfig(args({ fleet: 'bulb=2' }), {}).telemetry).toBeUndefined();
    expect(
      resolveFleetConfig(args({ fleet: 'bulb=2', telemetry: 0.2, timeScale: 60 }), {}).telemetry,
    ).toEqual({ perDeviceHz: 0.2, timeScale: 60 });
  });

  it('tokens: one of --token (or FLEETCERT_TOKEN), --tokens, --token-template', () => {
    expect(resolveFleetConfig(args({ fleet: 'bulb=2' }), { FLEETCERT_TOKEN: 'E' }).tokens).toEqual({
      kind: 'single',
      token: 'E',
    });
    expect(resolveFleetConfig(args({ fleet: 'bulb=2', tokens: 't.json' }), {}).tokens).toEqual({
      kind: 'file',
      path: 't.json',
    });
    expect(resolveFleetConfig(args({ fleet: 'bulb=2', tokenTemplate: 'k-{id}' }), {}).tokens).toEqual({
      kind: 'template',
      template: 'k-{id}',
    });
    expect(() =>
      resolveFleetConfig(args({ fleet: 'bulb=2', token: 'T', tokenTemplate: 'k-{id}' }), {}),
    ).toThrow('not several');
  });

  it.each([
    [{ fleet: 'bulb=2', type: 'bulb' }, 'leave out --type'],
    [{ fleet: 'lamp=2' }, '--fleet-model lamp=FILE'],
    [{ fleet: 'lamp=2', fleetModel: ['lamp'] }, 'TYPE=FILE'],
    [{ type: 'bulb', id: 'Bad_Id' }, 'not a device id'],
    [{}, '--type'],
    [{ fleet: 'bulb=2', workers: 0 }, '--workers'],
    [{ fleet: 'bulb=2', keepalive: 90 }, '--keepalive'],
    [{ fleet: 'bulb=2', ramp: 'quick' }, '500/s'],
    [{ fleet: 'bulb=2', fault: ['teleport'] }, 'unknown fault'],
    [{ fleet: 'bulb=2', telemetry: -1 }, '--telemetry'],
  ] as const)('%o is refused: %s', (over, words) => {
    expect(() => resolveFleetConfig(args(over as Partial<FleetArgs & DeviceArgs>), {})).toThrow(words);
  });

  it('--broker takes several URLs, shared by the devices round-robin', () => {
    expect(
      resolveFleetConfig(
        args({ fleet: 'bulb=2', broker: 'mqtt://127.0.0.1:1883, mqtt://127.0.0.2:1883' }),
        {},
      ).broker,
    ).toEqual(['mqtt://127.0.0.1:1883', 'mqtt://127.0.0.2:1883']);
    expect(() => resolveFleetConfig(args({ fleet: 'bulb=2', broker: ' , ' }), {})).toThrow(
      '--broker needs a URL',
    );
  });

  it('a partner model joins a fleet with --fleet-model', () => {
    const config = resolveFleetConfig(args({ fleet: 'sensor=3', fleetModel: ['sensor=./sensor.json'] }), {});
    expect(config.groups[0]).toMatchObject({ name: 'sensor', modelFile: './sensor.json', count: 3 });
  });
});
