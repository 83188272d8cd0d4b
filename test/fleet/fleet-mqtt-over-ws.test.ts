/** MQTT over WebSocket: a fleet given a ws:// broker URL connects through MQTT.js's WebSocket transport. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFleet } from '../../simulators/fleet/fleet.js';
import type { Fleet } from '../../simulators/fleet/types.js';
import { parseModelText } from '../../src/model/load.js';
import { connectFleetController, type FleetController } from '../support/fleet-controller.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';

const load = (name: string) =>
  parseModelText(readFileSync(new URL(`../../fixtures/models/${name}.json`, import.meta.url), 'utf8'), name)
    .model;

let broker: RunningMosquitto;
let fleet: Fleet;
let controller: FleetController;

beforeAll(async () => {
  broker = await startMosquitto({ websockets: true });
  fleet = await startFleet({
    groups: [
      { name: 'bulb', model: load('bulb'), count: 2 },
      { name: 'tv', model: load('tv'), count: 1 },
    ],
    // Two URLs of the same broker share the devices round-robin: MQTT over WebSocket and plain TCP.
    broker: [broker.wsUrl!, broker.url],
    tokens: { kind: 'single', token: 'T' },
  });
  controller = await connectFleetController(broker.url);
  await fleet.ready(10_000);
});

afterAll(async () => {
  await controller?.close();
  await fleet?.stop();
  await broker?.stop();
});

it('devices reach a ws:// broker (several URLs shared round-robin) and answer controllers on its TCP listener', async () => {
  expect(broker.wsUrl).toMatch(/^ws:\/\//);
  // Mosquitto logs WebSocket clients with an IPv4-mapped address, TCP clients without.
  expect(broker.logs()).toMatch(/from ::ffff:127\.0\.0\.1:\d+ as bulb-0001 /);
  expect(broker.logs()).toMatch(/from 127\.0\.0\.1:\d+ as tv-0001 /);
  expect(broker.logs()).toMatch(/from ::ffff:127\.0\.0\.1:\d+ as bulb-0002 /);
  const presence = await controller.waitFor((r) => r.deviceId === 'tv-0001' && r.kind === 'state');
  expect(presence.body).toEqual({ online: true, model: 'fleetcert.tv.v1', fw: '1.0.0' });
  const reply = await controller.request('bulb-0002', 'set_properties', [{ siid: 2, piid: 1, value: true }]);
  expect(reply.result).toEqual([{ siid: 2, piid: 1, code: 0 }]);
  await controller.waitFor((r) => r.deviceId === 'bulb-0002' && r.kind === 'events');
  const summary = await fleet.stop();
  expect(summary.stoppedGracefully).toBe(3);
  await controller.waitFor((r) => r.deviceId === 'tv-0001' && r.kind === 'state' && r.body.online === false);
});
