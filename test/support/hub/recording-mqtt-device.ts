/**
 * A scripted MQTT device for hub tests: it keeps the MQTT binding (section 5: presence, will,
 * rpc, rpc/reply, events) and records every request it receives as raw text, while the test
 * decides how it answers. It shows exactly what a hub forwarded, byte for byte.
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface ReceivedFrame {
  readonly at: number;
  readonly text: string;
  readonly json: { id: number; method: string; params?: unknown } & Record<string, unknown>;
}

/** What the device answers a request with: a raw reply frame, or undefined for silence. */
export type Responder = (request: ReceivedFrame['json'], text: string) => string | undefined;

/** Default: echoes method and params back as the result. */
export const echo: Responder = (request) =>
  JSON.stringify({ id: request.id, result: { method: request.method, params: request.params ?? null } });

export interface RecordingDevice {
  readonly deviceId: string;
  readonly received: ReceivedFrame[];
  responder: Responder;
  /** Sends a notification on `events` (raw params text allowed). */
  notify(method: string, params: unknown): Promise<void>;
  publishRaw(topicSuffix: string, payload: string, retain?: boolean): Promise<void>;
  /** Graceful: publishes `{online:false}` itself, then disconnects. */
  goOffline(): Promise<void>;
  /** Abrupt: the socket is cut and the broker publishes the will. */
  drop(): void;
}

export async function startRecordingDevice(
  brokerUrl: string,
  deviceId: string,
  model = 'edp.test.recorder',
): Promise<RecordingDevice> {
  const base = `edp/1/${deviceId}`;
  const client: MqttClient = await mqtt.connectAsync(brokerUrl, {
    clientId: deviceId,
    username: deviceId,
    password: 'device-token',
    clean: true,
    reconnectPeriod: 0,
    will: { topic: `${base}/state`, payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
  });
  const device: RecordingDevice = {
    deviceId,
    received: [],
    responder: echo,
    async notify(method, params) {
      await client.publishAsync(`${base}/events`, JSON.stringify({ method, params }), { qos: 1 });
    },
    async publishRaw(suffix, payload, retain = false) {
      await client.publishAsync(`${base}/${suffix}`, payload, { qos: 1, retain });
    },
    async goOffline() {
      await client.publishAsync(`${base}/state`, '{"online":false}', { qos: 1, retain: true });
      await client.endAsync();
    },
    drop() {
      client.stream.destroy();
      client.end(true);
    },
  };
  client.on('message', (_topic, payload) => {
    const text = payload.toString('utf8');
    const frame: ReceivedFrame = { at: performance.now(), text, json: JSON.parse(text) };
    device.received.push(frame);
    const reply = device.responder(frame.json, text);
    if (reply !== undefined) client.publish(`${base}/rpc/reply`, reply, { qos: 1 });
  });
  await client.subscribeAsync(`${base}/rpc`, { qos: 1 });
  await client.publishAsync(`${base}/state`, JSON.stringify({ online: true, model, fw: '1.0.0' }), {
    qos: 1,
    retain: true,
  });
  return device;
}
