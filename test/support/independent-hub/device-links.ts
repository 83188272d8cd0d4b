/**
 * The device side: MQTT devices found on retained `edp/1/+/state` (section 5), WebSocket devices
 * from `ws_devices` (section 6: hello = online, close = offline, reconnect within 5 s and then at
 * most 20 s apart). Both report through the same hooks.
 */
import { randomInt } from 'node:crypto';
import mqtt from 'mqtt';
import WebSocket from 'ws';
import type { Config, Device, Json } from './config.js';

export interface DeviceHooks {
  device(deviceId: string): Device;
  setOnline(deviceId: string, online: boolean, model?: string): void;
  fromDevice(deviceId: string, text: string): void;
}

type Settings = NonNullable<Config['mqtt']>;
type WsEntry = NonNullable<Config['ws_devices']>[number];

export async function connectMqttDevices(
  settings: Settings,
  wsDevices: readonly WsEntry[],
  { device, setOnline, fromDevice }: DeviceHooks,
): Promise<() => void> {
  const client = mqtt.connect(settings.url, {
    username: settings.username,
    password: settings.password,
    clientId: `independent_hub_${randomInt(1, 2 ** 31 - 1)}`,
    clean: true,
    reconnectPeriod: 1000,
  });
  client.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cannot reach the broker ${settings.url}`)), 20_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  client.on('message', (topic, payload) => {
    const [, , deviceId, ...rest] = topic.split('/');
    if (!deviceId) return;
    const suffix = rest.join('/');
    if (suffix === 'state') {
      if (wsDevices.some((w) => w.deviceId === deviceId)) return;
      const d = device(deviceId);
      d.send ??= (text) => {
        if (!client.connected) return false;
        client.publish(`edp/1/${deviceId}/rpc`, text, { qos: 1 });
        return true;
      };
      let state: { online?: Json; model?: Json } = {};
      try {
        state = payload.length === 0 ? { online: false } : JSON.parse(payload.toString());
      } catch {
        return;
      }
      if (state.online === true)
        setOnline(deviceId, true, typeof state.model === 'string' ? state.model : undefined);
      else if (state.online === false) setOnline(deviceId, false);
    } else if (suffix === 'rpc/reply' || suffix === 'events') fromDevice(deviceId, payload.toString());
  });
  await client.subscribeAsync('edp/1/+/state', { qos: 1 });
  await client.subscribeAsync(['edp/1/+/rpc/reply', 'edp/1/+/events'], { qos: 1 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return () => client.end(true);
}

export function connectWsDevices(
  entries: readonly WsEntry[],
  { device, setOnline, fromDevice }: DeviceHooks,
): () => void {
  let closing = false;
  const closers: (() => void)[] = [];
  for (const entry of entries) {
    const d = device(entry.deviceId);
    let delay = 1000;
    let current: WebSocket | undefined;
    closers.push(() => current?.terminate());
    const connect = () => {
      if (closing) return;
      const socket = new WebSocket(entry.url, { headers: { authorization: `Bearer ${entry.token}` } });
      socket.on('error', () => {});
      d.send = (text) => {
        if (socket.readyState !== WebSocket.OPEN) return false;
        socket.send(text);
        return true;
      };
      socket.on('message', (data) => {
        const text = data.toString();
        try {
          const m = JSON.parse(text);
          if (m?.method === 'hello') {
            delay = 1000;
            return setOnline(
              entry.deviceId,
              true,
              typeof m.params?.model === 'string' ? m.params.model : undefined,
            );
          }
        } catch {
          return;
        }
        if (d.online) fromDevice(entry.deviceId, text);
      });
      socket.on('close', () => {
        setOnline(entry.deviceId, false);
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 20_000);
      });
      current = socket;
    };
    connect();
  }

  return () => {
    closing = true;
    for (const close of closers) close();
  };
}
