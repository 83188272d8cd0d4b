/**
 * The independent device (independent-device.ts) on the MQTT binding, written from PROTOCOL.md
 * section 5 with plain MQTT.js: client id and username = device id, password = token, the will
 * `{ "online": false }`, retained model and presence, requests on `rpc`, replies and events.
 */
import mqtt from 'mqtt';
import { IndependentDevice, type IndependentModel } from './independent-device.js';

export interface RunningMqttDevice {
  readonly device: IndependentDevice;
  /** Publishes offline presence, then disconnects (a graceful shutdown). */
  stop(): Promise<void>;
}

export interface IndependentMqttOptions {
  /**
   * A planted bug: every properties_changed message is published this long after the request
   * that caused it (events are not delayed). Past 1000 ms it breaks EDP-NOTIFY-1 alone.
   */
  readonly itemDelayMs?: number;
}

export async function startIndependentMqttDevice(
  url: string,
  model: IndependentModel,
  deviceId: string,
  token: string,
  options: IndependentMqttOptions = {},
): Promise<RunningMqttDevice> {
  const device = new IndependentDevice(model, { deviceId });
  const root = `edp/1/${deviceId}`;
  const client = mqtt.connect(url, {
    clientId: deviceId,
    username: deviceId,
    password: token,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 1000,
    will: { topic: `${root}/state`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
  });
  client.on('error', () => {});
  const pending = new Set<ReturnType<typeof setTimeout>>();
  client.on('connect', () => {
    void (async () => {
      await client.subscribeAsync(`${root}/rpc`, { qos: 1 });
      await client.publishAsync(`${root}/model`, JSON.stringify(model), { qos: 1, retain: true });
      const presence = { online: true, model: model.model, fw: device.firmware };
      await client.publishAsync(`${root}/state`, JSON.stringify(presence), { qos: 1, retain: true });
    })().catch(() => {});
  });
  client.on('message', (_topic, payload) => {
    const [reply, ...notifications] = device.handle(new Uint8Array(payload));
    if (reply !== undefined) client.publish(`${root}/rpc/reply`, reply, { qos: 1 });
    for (const n of notifications) {
      if (options.itemDelayMs !== undefined && n.includes('"properties_changed"')) {
        const timer = setTimeout(() => {
          pending.delete(timer);
          client.publish(`${root}/events`, n, { qos: 1 });
        }, options.itemDelayMs);
        pending.add(timer);
        timer.unref();
      } else client.publish(`${root}/events`, n, { qos: 1 });
    }
  });
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  return {
    device,
    async stop() {
      for (const timer of pending) clearTimeout(timer);
      if (client.connected) {
        const offline = client.publishAsync(`${root}/state`, '{"online":false}', { qos: 1, retain: true });
        await Promise.race([offline, new Promise((resolve) => setTimeout(resolve, 1_000))]);
      }
      await client.endAsync(true);
    },
  };
}
