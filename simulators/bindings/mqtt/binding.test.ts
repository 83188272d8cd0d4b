import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModelFile } from '../../../src/model/index.js';
import { connectMqttController, type MqttController } from '../../../src/transport/mqtt/controller.js';
import type { PresenceEvent } from '../../../src/transport/mqtt/controller-events.js';
import { usePerTest } from '../../../test/support/per-test.js';
import { mqttBulb } from '../../../test/support/simulators/mqtt-bulb.js';
import { createDeviceEngine } from '../../engine/index.js';
import { MqttDeviceBinding } from './binding.js';

const MODELS = join(import.meta.dirname, '../../../fixtures/models');
const TOKEN = 'T';

const perTest = usePerTest();
const broker = (port = 0) => perTest.broker(TOKEN, port);

async function bulb(url: string, deviceId = 'bulb-0001', token = TOKEN): Promise<MqttDeviceBinding> {
  return mqttBulb(url, { deviceId, token, firmware: '2.1.0' }, perTest.defer);
}

async function controller(url: string): Promise<MqttController> {
  const c = await connectMqttController({ url, name: 'test', token: TOKEN, seed: 1 });
  perTest.defer(() => c.close());
  return c;
}

function nextPresence(
  c: MqttController,
  deviceId: string,
  online: boolean,
  timeoutMs = 5_000,
): Promise<PresenceEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no presence online=${online} for ${deviceId}`)),
      timeoutMs,
    );
    const listener = (event: PresenceEvent) => {
      if (event.deviceId !== deviceId || event.presence?.online !== online) return;
      clearTimeout(timer);
      c.off('presence', listener);
      resolve(event);
    };
    c.on('presence', listener);
  });
}

describe('MqttDeviceBinding (PROTOCOL.md section 5)', () => {
  it('publishes model and presence, answers requests and notifies changes', async () => {
    const b = await broker();
    const hub = await controller(b.url);
    await hub.subscribeDevice('bulb-0001');
    const models: unknown[] = [];
    hub.on('model', (event) => models.push(event.document));
    const online = nextPresence(hub, 'bulb-0001', true);
    const device = await bulb(b.url);
    await device.start();
    const presence = await online;
    // Section 5: model and fw equal properties (1, 2) and (1, 4).
    expect(presence.presence).toEqual({ online: true, model: 'fleetcert.bulb.v1', fw: '2.1.0' });
    expect(models).toEqual([expect.objectContaining({ model: 'fleetcert.bulb.v1' })]);

    const notifications: unknown[] = [];
    hub.on('notification', (event) => notifications.push(event.message));
    const set = await hub.request('bulb-0001', 'set_properties', [{ siid: 2, piid: 2, value: 40 }]);
    expect(set).toMatchObject({
      status: 'answered',
      message: { kind: 'response', result: [{ siid: 2, piid: 2, code: 0 }] },
    });
    const get = await hub.request('bulb-0001', 'get_properties', [{ siid: 2, piid: 2 }]);
    expect(get).toMatchObject({ message: { result: [{ siid: 2, piid: 2, code: 0, value: 40 }] } });
    expect(notifications).toContainEqual({
      kind: 'notification',
      notification: { method: 'properties_changed', params: [{ siid: 2, piid: 2, value: 40 }] },
    });
  });

  it('EDP-MQTT-1: the will says offline after an abrupt loss; stop() says it itself', async () => {
    const b = await broker();
    const hub = await controller(b.url);
    await hub.subscribeDevice('bulb-0001', ['state']);
    const device = await bulb(b.url);
    await device.start();
    const wills: string[] = [];
    b.events.on('willPublished', (will) => wills.push(will.payload.toString()));
    const offline = nextPresence(hub, 'bulb-0001', false);
    b.disconnectClient('bulb-0001');
    await offline;
    expect(wills).toEqual(['{"online":false}']);
    await nextPresence(hub, 'bulb-0001', true);
    const gracefulOffline = nextPresence(hub, 'bulb-0001', false);
    await device.stop();
    await gracefulOffline;
    expect(wills).toHaveLength(1);
  });

  it('EDP-MQTT-2: reconnects within 5 s after a cut, subscribes again and keeps its state', async () => {
    const b = await broker();
    const hub = await controller(b.url);
    await hub.subscribeDevice('bulb-0001');
    const device = await bulb(b.url);
    await device.start();
    await hub.request('bulb-0001', 'set_properties', [{ siid: 2, piid: 2, value: 40 }]);
    const back = nextPresence(hub, 'bulb-0001', true);
    const cutAt = performance.now();
    b.disconnectClient('bulb-0001');
    await back;
    expect(performance.now() - cutAt).toBeLessThan(5_000);
    const get = await hub.request('bulb-0001', 'get_properties', [{ siid: 2, piid: 2 }]);
    expect(get).toMatchObject({ status: 'answered', message: { result: [{ value: 40 }] } });
  });

  it('EDP-MQTT-2: comes back after the broker restarts on the same port', async () => {
    const first = await broker();
    const device = await bulb(first.url);
    await device.start();
    const offline = new Promise<void>((resolve) => device.once('offline', () => resolve()));
    await first.close();
    await offline;
    const second = await broker(first.port);
    const hub = await controller(second.url);
    // Listen before subscribing: the retained presence may come right after SUBACK.
    const online = nextPresence(hub, 'bulb-0001', true);
    await hub.subscribeDevice('bulb-0001');
    await online;
    const get = await hub.request('bulb-0001', 'get_properties', [{ siid: 1, piid: 2 }]);
    expect(get).toMatchObject({ status: 'answered', message: { result: [{ value: 'fleetcert.bulb.v1' }] } });
  });

  it('start() rejects with a clear error when the broker refuses the token', async () => {
    const b = await broker();
    const device = await bulb(b.url, 'bulb-0001', 'wrong');
    await expect(device.start()).rejects.toThrow(/broker refused device bulb-0001: .*check --token/);
  });

  it('refuses a keepalive above 60 s (section 5)', async () => {
    const { model } = await loadModelFile(join(MODELS, 'bulb.json'));
    const engine = createDeviceEngine({ deviceId: 'bulb-0001', model, clock: { now: () => 0 } });
    expect(
      () => new MqttDeviceBinding({ engine, url: 'mqtt://127.0.0.1:1', token: 'T', keepaliveSeconds: 61 }),
    ).toThrow(/keepaliveSeconds must be an integer from 1 to 60/);
  });
});
