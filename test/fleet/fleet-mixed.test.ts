/**
 * A small mixed fleet: bulbs and purifiers over MQTT to a real Mosquitto, TVs over the
 * WebSocket binding, each driven through real requests and notifications.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet } from '../../simulators/fleet/fleet.js';
import type { Fleet } from '../../simulators/fleet/types.js';
import { parseModelText } from '../../src/model/load.js';
import type { DeviceModel } from '../../src/model/types.js';
import { isValidValue } from '../../src/model/values.js';
import { connectFleetController, type FleetController } from '../support/fleet-controller.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { connectController } from '../support/ws-controller.js';

const model = (name: string): DeviceModel =>
  parseModelText(readFileSync(new URL(`../../fixtures/models/${name}.json`, import.meta.url), 'utf8'), name)
    .model;
const [BULB, PURIFIER, TV] = [model('bulb'), model('purifier'), model('tv')];

let broker: RunningMosquitto;
let fleet: Fleet;
let controller: FleetController;

beforeAll(async () => {
  broker = await startMosquitto();
  fleet = await startFleet({
    groups: [
      { name: 'bulb', model: BULB, count: 3 },
      { name: 'purifier', model: PURIFIER, count: 3 },
      { name: 'tv', model: TV, count: 2, transport: 'ws' },
    ],
    broker: broker.url,
    tokens: { kind: 'template', template: 'token-{id}' },
    seed: 7,
    telemetry: { perDeviceHz: 5, timeScale: 60 },
  });
  controller = await connectFleetController(broker.url);
  await fleet.ready(10_000);
});

afterAll(async () => {
  await controller?.close();
  await fleet?.stop();
  await broker?.stop();
});

const result = (reply: Record<string, unknown>) => reply.result;
const items = (r: { body: Record<string, unknown> }) =>
  (r.body.params ?? []) as { siid: number; piid: number; value: unknown }[];

describe('a mixed fleet', () => {
  it('names devices <type>-<index> and announces every MQTT device with retained presence and model (EDP-MQTT-1)', async () => {
    expect([...fleet.devices()].map((d) => d.id).sort()).toEqual([
      'bulb-0001',
      'bulb-0002',
      'bulb-0003',
      'purifier-0001',
      'purifier-0002',
      'purifier-0003',
      'tv-0001',
      'tv-0002',
    ]);
    for (const id of [
      'bulb-0001',
      'bulb-0002',
      'bulb-0003',
      'purifier-0001',
      'purifier-0002',
      'purifier-0003',
    ]) {
      const m = id.startsWith('bulb') ? BULB : PURIFIER;
      const presence = await controller.waitFor(
        (r) => r.deviceId === id && r.kind === 'state',
        5_000,
        `presence of ${id}`,
      );
      expect(presence.body).toEqual({ online: true, model: m.model, fw: '1.0.0' });
      const doc = await controller.waitFor(
        (r) => r.deviceId === id && r.kind === 'model',
        5_000,
        `model of ${id}`,
      );
      expect(doc.body.model).toBe(m.model);
    }
    expect(fleet.counts()).toMatchObject({ target: 8, connected: 8, everConnected: 8, errors: 0 });
  });

  it('a bulb answers set and get, notifies the changes, and its power follows at once', async () => {
    const set = await controller.request('bulb-0002', 'set_properties', [
      { siid: 2, piid: 2, value: 40 },
      { siid: 2, piid: 1, value: true },
    ]);
    expect(result(set)).toEqual([
      { siid: 2, piid: 2, code: 0 },
      { siid: 2, piid: 1, code: 0 },
    ]);
    await controller.waitFor(
      (r) =>
        r.deviceId === 'bulb-0002' &&
        r.kind === 'events' &&
        items(r).some((i) => i.siid === 2 && i.piid === 1 && i.value === true),
    );
    const power = await controller.waitFor(
      (r) =>
        r.deviceId === 'bulb-0002' &&
        r.kind === 'events' &&
        items(r).some((i) => i.siid === 3 && i.piid === 1 && (i.value as number) > 2),
    );
    expect(power).toBeDefined();
    const get = await controller.request('bulb-0002', 'get_properties', [
      { siid: 2, piid: 2 },
      { siid: 3, piid: 1 },
    ]);
    const [brightness, watts] = result(get) as { code: number; value: number }[];
    expect(brightness).toMatchObject({ code: 0, value: 40 });
    expect(watts!.code).toBe(0);
    expect(isValidValue(BULB.services[2]!.properties[0]!, watts!.value)).toBe(true);
    expect(fleet.device('bulb-0002')!.engine.read(2, 2)).toBe(40);
  });

  it('a purifier runs: its pm2.5 telemetry falls, every reported value valid for the model', async () => {
    await controller.request('purifier-0001', 'set_properties', [
      { siid: 2, piid: 1, value: true },
      { siid: 2, piid: 2, value: 3 },
      { siid: 2, piid: 3, value: 3 },
    ]);
    const since = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const pm = controller.received
      .filter((r) => r.deviceId === 'purifier-0001' && r.kind === 'events' && r.at >= since)
      .flatMap((r) =>
        items(r)
          .filter((i) => i.siid === 3 && i.piid === 1)
          .map((i) => i.value as number),
      );
    expect(pm.length).toBeGreaterThan(3);
    expect(pm.at(-1)!).toBeLessThan(pm[0]!);
    const specs = new Map(
      PURIFIER.services.flatMap((s) => s.properties.map((p) => [`${s.siid}/${p.piid}`, p] as const)),
    );
    for (const r of controller.received.filter(
      (x) => x.deviceId.startsWith('purifier') && x.kind === 'events',
    )) {
      for (const item of items(r))
        expect(isValidValue(specs.get(`${item.siid}/${item.piid}`)!, item.value)).toBe(true);
    }
  });

  it('a TV over its own WebSocket server: hello, guarded writes, an action with its event', async () => {
    const tv = fleet.device('tv-0002')!;
    expect(tv.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/edp\/1$/);
    const c = await connectController(tv.url!, 'token-tv-0002');
    try {
      expect(await c.waitFor((m) => m.method === 'hello')).toEqual({
        method: 'hello',
        params: { deviceId: 'tv-0002', model: TV.model, fw: '1.0.0' },
      });
      c.send({ id: 1, method: 'set_properties', params: [{ siid: 2, piid: 2, value: 30 }] });
      expect(await c.reply(1)).toEqual({ id: 1, result: [{ siid: 2, piid: 2, code: -4007 }] });
      c.send({
        id: 2,
        method: 'set_properties',
        params: [
          { siid: 2, piid: 1, value: true },
          { siid: 2, piid: 2, value: 30 },
        ],
      });
      expect(await c.reply(2)).toEqual({
        id: 2,
        result: [
          { siid: 2, piid: 1, code: 0 },
          { siid: 2, piid: 2, code: 0 },
        ],
      });
      c.send({ id: 3, method: 'action', params: { siid: 2, aiid: 5, in: [{ piid: 6, value: 'news' }] } });
      expect(await c.reply(3)).toEqual({ id: 3, result: { code: 0, out: [] } });
      expect(await c.waitFor((m) => m.method === 'event_occurred')).toEqual({
        method: 'event_occurred',
        params: { siid: 2, eiid: 1, arguments: [{ piid: 6, value: 'news' }] },
      });
      expect(tv.engine.read(2, 6)).toBe('news');
    } finally {
      await c.close();
    }
  });

  it('stops gracefully: every MQTT device publishes offline presence itself (EDP-MQTT-1)', async () => {
    const summary = await fleet.stop();
    expect(summary).toMatchObject({ target: 8, everConnected: 8, stoppedGracefully: 8, errors: 0 });
    for (const id of [
      'bulb-0001',
      'bulb-0002',
      'bulb-0003',
      'purifier-0001',
      'purifier-0002',
      'purifier-0003',
    ]) {
      await controller.waitFor(
        (r) => r.deviceId === id && r.kind === 'state' && r.body.online === false,
        5_000,
        `offline of ${id}`,
      );
    }
  });
});
