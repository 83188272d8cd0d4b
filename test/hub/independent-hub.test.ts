/**
 * A quick smoke test of the independent hub (test/support/independent-hub, written from
 * PROTOCOL.md section 8 alone): it keeps the configuration contract and the basics of the Hub
 * API in front of the embedded broker. The hub judge certifies it in full; this test also keeps
 * it honest about its imports (ws, mqtt and Node built-ins only, nothing of fleetcert).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsDevice, type WsDevice } from '../../simulators/bindings/ws/index.js';
import { realClock } from '../../simulators/clock/index.js';
import { createDeviceEngine } from '../../simulators/engine/index.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
import { connectApp, UpgradeRefused } from '../support/hub/app-client.js';
import {
  independentHubCommand,
  type RunningHubProcess,
  startHubProcess,
} from '../support/hub/hub-process.js';
import { type RecordingDevice, startRecordingDevice } from '../support/hub/recording-mqtt-device.js';
import { referenceModel } from '../support/reference-simulator.js';

const HUB_DIR = new URL('../support/independent-hub/', import.meta.url);

let broker: EmbeddedBroker;
let hub: RunningHubProcess;
let alpha: RecordingDevice;
let tv: WsDevice;

beforeAll(async () => {
  broker = await startEmbeddedBroker({ port: 0 });
  alpha = await startRecordingDevice(broker.url, 'alpha-0001', 'edp.test.alpha');
  await startRecordingDevice(broker.url, 'hidden-0001');
  const engine = createDeviceEngine({
    deviceId: 'tv-0001',
    model: referenceModel('tv'),
    clock: realClock(),
    seed: 1,
  });
  tv = await startWsDevice({ engine, token: 'tv-token' });
  hub = await startHubProcess(
    {
      mqtt: { url: broker.url, username: 'controller:hub', password: 'x' },
      ws_devices: [{ deviceId: 'tv-0001', url: tv.url, token: 'tv-token' }],
      deadline_ms: 1_000,
      apps: [
        { token: 'app-a', devices: ['alpha-0001', 'tv-0001', 'never-0001'] },
        { token: 'app-b', devices: '*' },
      ],
    },
    independentHubCommand(),
  );
}, 60_000);

afterAll(async () => {
  await hub?.stop();
  await tv?.close();
  await broker?.close();
}, 30_000);

describe('the independent hub', () => {
  it('imports nothing of fleetcert', () => {
    for (const file of readdirSync(HUB_DIR)) {
      const text = readFileSync(new URL(file, HUB_DIR), 'utf8');
      for (const [, from] of text.matchAll(/from '([^']+)'/g))
        expect(from, file).toMatch(/^(node:|ws$|mqtt$|\.\/)/);
    }
  });

  it('keeps the contract and the basics of the Hub API', async () => {
    expect(hub.stdout()).toContain('EDP-HUB READY');
    await expect(connectApp(hub.url, 'nope')).rejects.toEqual(new UpgradeRefused(401));
    const app = await connectApp(hub.url, 'app-a');
    expect((await app.request('devices.list')).result).toEqual([
      { deviceId: 'alpha-0001', model: 'edp.test.alpha', online: true },
      { deviceId: 'never-0001', model: null, online: false },
      { deviceId: 'tv-0001', model: 'fleetcert.tv.v1', online: true },
    ]);
    const items = [{ siid: 2, piid: 1 }];
    expect((await app.request('devices.get_properties', { deviceId: 'alpha-0001', items })).result).toEqual({
      method: 'get_properties',
      params: items,
    });
    const tvRead = await app.request('devices.get_properties', {
      deviceId: 'tv-0001',
      items: [{ siid: 1, piid: 2 }],
    });
    expect(tvRead.result).toEqual([{ siid: 1, piid: 2, code: 0, value: 'fleetcert.tv.v1' }]);
    expect((await app.request('devices.get_model', { deviceId: 'never-0001' })).error).toMatchObject({
      code: -4010,
    });
    const ungranted = await app.request('devices.get_model', { deviceId: 'hidden-0001' });
    const unknown = await app.request('devices.get_model', { deviceId: 'ghost-0001' });
    expect(ungranted.error).toMatchObject({ code: -4012 });
    expect(unknown.error).toEqual(ungranted.error);
    expect((await app.request('devices.get_model', {})).error).toMatchObject({ code: -32602 });
    app.sendRaw('[]');
    await app.waitFor((f) => f.json.id === null);
    alpha.responder = () => undefined;
    expect((await app.request('devices.get_model', { deviceId: 'alpha-0001' })).error).toMatchObject({
      code: -4011,
    });
    await app.request('subscribe', { deviceIds: ['alpha-0001'] });
    await alpha.notify('properties_changed', [{ siid: 2, piid: 1, value: true }]);
    const note = await app.waitFor((f) => f.json.method === 'device.properties_changed');
    expect(note.json.params).toEqual({ deviceId: 'alpha-0001', items: [{ siid: 2, piid: 1, value: true }] });
    alpha.drop();
    const presence = await app.waitFor((f) => f.json.method === 'device.presence');
    expect(presence.json.params).toEqual({ deviceId: 'alpha-0001', online: false });
    await app.close();
  });

  it('exits 0 on SIGTERM', async () => {
    expect(await hub.stop()).toEqual({ code: 0, signal: null });
  });
});
