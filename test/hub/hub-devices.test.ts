/**
 * The reference hub with real simulated devices behind it: MQTT simulators on a real Mosquitto,
 * and a WebSocket device it connects to from `ws_devices` (hello = online, close = offline,
 * reconnect within 5 s). What the app gets equals what the device answers (EDP-HUB-1), device
 * notifications and presence reach subscribers (EDP-HUB-3, EDP-HUB-4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWsDevice, type WsDevice } from '../../simulators/bindings/ws/index.js';
import { realClock } from '../../simulators/clock/index.js';
import { createDeviceEngine } from '../../simulators/engine/index.js';
import { startEmbeddedBroker } from '../../src/broker/index.js';
import { connectApp } from '../support/hub/app-client.js';
import { type RunningHubProcess, startHubProcess } from '../support/hub/hub-process.js';
import { startRecordingDevice } from '../support/hub/recording-mqtt-device.js';
import { type RunningMosquitto, startMosquitto } from '../support/mosquitto.js';
import { freePort } from '../support/ports.js';
import { type RunningSimulator, referenceModel, startMqttSimulator } from '../support/reference-simulator.js';

describe('MQTT devices on Mosquitto', () => {
  let mosquitto: RunningMosquitto;
  let hub: RunningHubProcess;
  let bulb: RunningSimulator;
  let purifier: RunningSimulator;

  beforeAll(async () => {
    mosquitto = await startMosquitto();
    bulb = await startMqttSimulator(mosquitto.url, { type: 'bulb', deviceId: 'bulb-0001', token: 't' });
    purifier = await startMqttSimulator(mosquitto.url, {
      type: 'purifier',
      deviceId: 'purifier-0001',
      token: 't',
    });
    hub = await startHubProcess({
      mqtt: { url: mosquitto.url, username: 'controller:hub', password: 'hub-token' },
      apps: [{ token: 'app-a', devices: ['bulb-0001', 'purifier-0001', 'tv-0009'] }],
    });
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
    await bulb?.stop();
    await purifier?.stop();
    await mosquitto?.stop();
  }, 30_000);

  it('discovers the devices from retained presence with their model ids', async () => {
    const app = await connectApp(hub.url, 'app-a');
    expect((await app.request('devices.list')).result).toEqual([
      { deviceId: 'bulb-0001', model: 'fleetcert.bulb.v1', online: true },
      { deviceId: 'purifier-0001', model: 'fleetcert.purifier.v1', online: true },
      { deviceId: 'tv-0009', model: null, online: false },
    ]);
    await app.close();
  });

  it('returns the device model, writes and reads through the hub, and relays the notifications', async () => {
    const app = await connectApp(hub.url, 'app-a');
    expect((await app.request('devices.get_model', { deviceId: 'bulb-0001' })).result).toEqual(
      referenceModel('bulb'),
    );
    await app.request('subscribe', { deviceIds: ['bulb-0001'] });
    const write = await app.request('devices.set_properties', {
      deviceId: 'bulb-0001',
      items: [
        { siid: 2, piid: 1, value: true },
        { siid: 2, piid: 2, value: 42 },
      ],
    });
    expect(write.result).toEqual([
      { siid: 2, piid: 1, code: 0 },
      { siid: 2, piid: 2, code: 0 },
    ]);
    const read = await app.request('devices.get_properties', {
      deviceId: 'bulb-0001',
      items: [
        { siid: 2, piid: 2 },
        { siid: 9, piid: 9 },
      ],
    });
    expect(read.result).toEqual([
      { siid: 2, piid: 2, code: 0, value: 42 },
      { siid: 9, piid: 9, code: -4003 },
    ]);
    const changed = await app.waitFor(
      (f) => f.json.method === 'device.properties_changed' && JSON.stringify(f.json).includes('"value":42'),
    );
    expect((changed.json.params as { deviceId: string }).deviceId).toBe('bulb-0001');
    const action = await app.request('devices.action', { deviceId: 'bulb-0001', siid: 2, aiid: 1 });
    expect(action.result).toMatchObject({ code: 0 });
    await app.close();
  });

  it('tells subscribers when a device goes offline and answers -4010 for it', async () => {
    const app = await connectApp(hub.url, 'app-a');
    await app.request('subscribe', { deviceIds: '*' });
    await purifier.stop();
    const presence = await app.waitFor((f) => f.json.method === 'device.presence');
    expect(presence.json.params).toEqual({ deviceId: 'purifier-0001', online: false });
    const reply = await app.request('devices.get_properties', {
      deviceId: 'purifier-0001',
      items: [{ siid: 2, piid: 1 }],
    });
    expect(reply.error).toEqual({ code: -4010, message: 'device offline' });
    await app.close();
  });
});

describe('WebSocket devices from ws_devices', () => {
  let hub: RunningHubProcess;
  let port: number;
  let device: WsDevice;
  const engine = createDeviceEngine({
    deviceId: 'tv-0001',
    model: referenceModel('tv'),
    clock: realClock(),
    seed: 3,
  });

  beforeAll(async () => {
    port = await freePort();
    device = await startWsDevice({ engine, token: 'tv-token', port });
    hub = await startHubProcess({
      ws_devices: [{ deviceId: 'tv-0001', url: `ws://127.0.0.1:${port}/edp/1`, token: 'tv-token' }],
      apps: [{ token: 'app-a', devices: '*' }],
    });
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
    await device?.close();
  }, 30_000);

  it('is online from hello with its model id, and commands round-trip', async () => {
    const app = await connectApp(hub.url, 'app-a');
    expect((await app.request('devices.list')).result).toEqual([
      { deviceId: 'tv-0001', model: 'fleetcert.tv.v1', online: true },
    ]);
    const read = await app.request('devices.get_properties', {
      deviceId: 'tv-0001',
      items: [{ siid: 1, piid: 2 }],
    });
    expect(read.result).toEqual([{ siid: 1, piid: 2, code: 0, value: 'fleetcert.tv.v1' }]);
    await app.close();
  });

  it('is offline when the connection closes and back within 5 s of the device returning', async () => {
    const app = await connectApp(hub.url, 'app-a');
    await app.request('subscribe', { deviceIds: ['tv-0001'] });
    await device.close();
    await app.waitFor((f) => f.json.method === 'device.presence');
    const reply = await app.request('devices.get_model', { deviceId: 'tv-0001' });
    expect(reply.error).toMatchObject({ code: -4010 });
    device = await startWsDevice({ engine, token: 'tv-token', port });
    const back = await app.waitFor(
      (f) => f.json.method === 'device.presence' && (f.json.params as { online: boolean }).online,
      15_000,
    );
    expect(back.json.params).toEqual({ deviceId: 'tv-0001', online: true });
    expect(app.notifications('device.presence').map((n) => n.params)).toEqual([
      { deviceId: 'tv-0001', online: false },
      { deviceId: 'tv-0001', online: true },
    ]);
    await app.close();
  }, 30_000);
});

describe('losing the broker', () => {
  it('reconnects, subscribes again and sees the devices that came back', async () => {
    const port = await freePort();
    let broker = await startEmbeddedBroker({ port });
    await startRecordingDevice(broker.url, 'alpha-0001', 'edp.test.alpha');
    const hub = await startHubProcess({
      mqtt: { url: broker.url, username: 'controller:hub', password: 'x' },
      apps: [{ token: 'app-a', devices: '*' }],
    });
    try {
      const app = await connectApp(hub.url, 'app-a');
      await app.request('subscribe', { deviceIds: '*' });
      await broker.close();
      broker = await startEmbeddedBroker({ port });
      const back = await startRecordingDevice(broker.url, 'beta-0001', 'edp.test.beta');
      const seen = await app.waitFor((f) => f.json.method === 'device.presence', 20_000);
      expect(seen.json.params).toEqual({ deviceId: 'beta-0001', online: true });
      const reply = await app.request('devices.get_properties', { deviceId: back.deviceId, items: [1] });
      expect(reply.result).toEqual({ method: 'get_properties', params: [1] });
      await app.close();
    } finally {
      await hub.stop();
      await broker.close();
    }
  }, 60_000);
});
