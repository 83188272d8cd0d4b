import { describe, expect, it } from 'vitest';
import type { HubConfig } from '../../src/hub/index.js';
import { counterModel } from '../../test/support/simulators/engine/models.js';
import { planRunningHubFleet, wsTokenOf } from './running-hub-fleet.js';

const model = counterModel();
const groups = [
  { type: 'bulb', model, count: 2 },
  { type: 'tv', model, count: 1 },
];
const source = { name: '--fleet', addType: (type: string) => `add ${type}=N to --fleet` };
const config = (extra: Partial<HubConfig>): HubConfig =>
  ({ listen: '127.0.0.1:9000', deadline_ms: 2000, tokens: [], ...extra }) as unknown as HubConfig;

describe('planRunningHubFleet (hub certification and hub load alike)', () => {
  it('runs MQTT devices by the fleet and WebSocket devices where ws_devices listen, never one id twice', () => {
    const planned = planRunningHubFleet(
      groups,
      config({
        mqtt: { url: 'mqtt://127.0.0.1:1883', username: 'controller:hub', password: 'p' },
        ws_devices: [{ deviceId: 'tv-0001', url: 'ws://127.0.0.1:9101/edp/1', token: 't' }],
      }),
      source,
    );
    expect(planned.map((d) => `${d.deviceId}:${d.binding}`)).toEqual([
      'bulb-0001:mqtt',
      'bulb-0002:mqtt',
      'tv-0001:ws',
    ]);
    expect(planned[2]?.listen).toEqual({ host: '127.0.0.1', port: 9101 });
  });

  it('without a broker runs only the ws_devices', () => {
    const planned = planRunningHubFleet(
      groups,
      config({ ws_devices: [{ deviceId: 'bulb-0007', url: 'ws://127.0.0.1:9102/edp/1', token: 't' }] }),
      source,
    );
    expect(planned.map((d) => d.deviceId)).toEqual(['bulb-0007']);
  });

  it('names the fix in the caller’s words when ws_devices names a type the fleet lacks', () => {
    expect(() =>
      planRunningHubFleet(
        groups,
        config({ ws_devices: [{ deviceId: 'fan-0001', url: 'ws://127.0.0.1:9103/edp/1', token: 't' }] }),
        source,
      ),
    ).toThrow(/--fleet has no type "fan" to run it as: add fan=N to --fleet/);
  });

  it('refuses a configuration with neither mqtt nor ws_devices, and ws_devices with different tokens', () => {
    expect(() => planRunningHubFleet(groups, config({}), source)).toThrow(/neither mqtt nor ws_devices/);
    expect(
      wsTokenOf(
        config({
          ws_devices: [
            { deviceId: 'tv-0001', url: 'ws://127.0.0.1:1/edp/1', token: 'a' },
            { deviceId: 'tv-0002', url: 'ws://127.0.0.1:2/edp/1', token: 'a' },
          ],
        }),
      ),
    ).toBe('a');
    expect(wsTokenOf(config({}))).toBeUndefined();
    expect(() =>
      wsTokenOf(
        config({
          ws_devices: [
            { deviceId: 'tv-0001', url: 'ws://127.0.0.1:1/edp/1', token: 'a' },
            { deviceId: 'tv-0002', url: 'ws://127.0.0.1:2/edp/1', token: 'b' },
          ],
        }),
      ),
    ).toThrow(/different tokens/);
  });
});
