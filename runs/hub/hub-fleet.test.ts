import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { HubConfig } from '../../src/hub/index.js';
import { counterModel } from '../../test/support/simulators/engine/models.js';
import { planHubFleet, startHubFleet } from './hub-fleet.js';
import { grantsFromConfig } from './hub-grants.js';

const model = counterModel();

describe('planHubFleet', () => {
  it('numbers each type from 0001 over MQTT, then adds WebSocket devices taking the types from the last', () => {
    const planned = planHubFleet(
      [
        { type: 'bulb', model, count: 2 },
        { type: 'tv', model, count: 1 },
      ],
      3,
    );
    expect(planned.map((d) => `${d.deviceId}:${d.binding}`)).toEqual([
      'bulb-0001:mqtt',
      'bulb-0002:mqtt',
      'tv-0001:mqtt',
      'tv-0002:ws',
      'bulb-0003:ws',
      'tv-0003:ws',
    ]);
  });

  it('refuses an empty fleet and a type that makes no device id', () => {
    expect(() => planHubFleet([])).toThrow(/the fleet is empty/);
    expect(() => planHubFleet([{ type: 'Big Lamp', model, count: 1 }])).toThrow(/does not make a device id/);
  });
});

describe('startHubFleet', () => {
  it('a WebSocket device whose configured port is taken: an error naming the device, the address and the fix', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const [planned] = planHubFleet([{ type: 'tv', model, count: 1 }], 1).filter((d) => d.binding === 'ws');
      const fleet = startHubFleet({
        devices: [{ ...planned!, listen: { host: '127.0.0.1', port } }],
        wsToken: 'tv-secret',
        seed: 1,
      });
      await expect(fleet).rejects.toMatchObject({
        code: 'FLEETCERT_WS_DEVICE_LISTEN',
        exitCode: 2,
        message: expect.stringContaining(
          `the WebSocket device ${planned!.deviceId} cannot listen on 127.0.0.1:${port} (EADDRINUSE): the port is in use. Free the port, or give`,
        ),
      });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('grants from a --hub-config file', () => {
  const config: HubConfig = {
    listen: '127.0.0.1:1',
    deadline_ms: 2000,
    apps: [
      { token: 'secret-a', devices: ['bulb-0001', 'ghost-1'] },
      { token: 'secret-b', devices: '*' },
    ],
  };

  it('names tokens app-1, app-2…; ghosts are granted ids with no device; ungranted are fleet devices in no list', () => {
    const plan = grantsFromConfig(config, ['bulb-0001', 'bulb-0002'], 5);
    expect(plan.apps.map((a) => [a.name, a.token, a.devices])).toEqual([
      ['app-1', 'secret-a', ['bulb-0001', 'ghost-1']],
      ['app-2', 'secret-b', '*'],
    ]);
    expect(plan.ghosts).toEqual(['ghost-1']);
    expect(plan.ungranted).toEqual(['bulb-0002']);
    for (const id of plan.unknown) expect(['bulb-0001', 'bulb-0002', 'ghost-1']).not.toContain(id);
    expect(['secret-a', 'secret-b']).not.toContain(plan.unknownToken);
    expect(grantsFromConfig(config, ['bulb-0001', 'bulb-0002'], 5)).toEqual(plan);
  });
});
