/**
 * The harness's link to a device over MQTT (PROTOCOL.md section 5): a controller client that
 * publishes requests to `rpc` (QoS 1) and hands on everything from `rpc/reply` and `events`, with
 * receive times. It also keeps what arrives on `state` and `model` for the binding checks.
 */
import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import { FleetcertError } from '../../src/errors.js';
import { createMqttClient } from '../../src/transport/mqtt/client.js';
import { type DeviceTopics, deviceTopics } from '../../src/transport/mqtt/topics.js';
import type { DeviceLink, FrameListener } from '../harness/device-link.js';

export interface MqttLinkOptions {
  readonly url: string;
  /** `controller:NAME`. */
  readonly username: string;
  readonly token: string;
  readonly deviceId: string;
  /** Whether fleetcert is the only controller (its embedded broker): every response is then its own. */
  readonly exclusive: boolean;
  /** Default 5000 ms. */
  readonly connectTimeoutMs?: number;
}

/** A message on `state` or `model`, as received. */
export interface TopicMessage {
  readonly atMs: number;
  readonly payload: Buffer;
  /** Set when the broker delivered it as a retained message (on subscribing). */
  readonly retained: boolean;
}

export interface MqttDeviceLink extends DeviceLink {
  readonly topics: DeviceTopics;
  readonly client: MqttClient;
  /** The latest message on `state` and `model`, if any. */
  latest(kind: 'state' | 'model'): TopicMessage | undefined;
  /** Every later message on `state` or `model`; returns the unsubscribe function. */
  onTopic(kind: 'state' | 'model', listener: (message: TopicMessage) => void): () => void;
}

export async function connectMqttLink(options: MqttLinkOptions): Promise<MqttDeviceLink> {
  const now = () => performance.now();
  const topics = deviceTopics(options.deviceId);
  const client = createMqttClient(options.url, {
    clientId: `fleetcert_${Math.random().toString(16).slice(2, 10)}`,
    username: options.username,
    password: options.token,
    clean: true,
    keepalive: 30,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
  });
  await new Promise<void>((resolve, reject) => {
    const fail = (why: string) => {
      client.removeListener('connect', done);
      client.end(true);
      reject(
        new FleetcertError(
          'CERTIFY_UNREACHABLE',
          `could not connect to the broker at ${options.url} as ${options.username}: ${why}. Check the broker URL, the token, and that the broker runs.`,
        ),
      );
    };
    const onError = (error: Error) => fail(error.message);
    const onClose = () => fail('the connection closed');
    const done = () => {
      client.removeListener('error', onError);
      client.removeListener('close', onClose);
      resolve();
    };
    client.once('connect', done);
    client.once('error', onError);
    client.once('close', onClose);
  });
  const frameListeners = new Set<FrameListener>();
  const topicListeners = {
    state: new Set<(m: TopicMessage) => void>(),
    model: new Set<(m: TopicMessage) => void>(),
  };
  const latest: { state?: TopicMessage; model?: TopicMessage } = {};
  client.on('message', (topic, payload, packet) => {
    const atMs = now();
    if (topic === topics.rpcReply || topic === topics.events) {
      for (const listener of frameListeners)
        listener({ atMs, channel: topic, payload: new Uint8Array(payload) });
      return;
    }
    const kind = topic === topics.state ? 'state' : topic === topics.model ? 'model' : undefined;
    if (kind === undefined) return;
    const message: TopicMessage = { atMs, payload, retained: packet.retain === true };
    latest[kind] = message;
    for (const listener of topicListeners[kind]) listener(message);
  });
  await client
    .subscribeAsync([topics.state, topics.model, topics.rpcReply, topics.events], { qos: 1 })
    .catch((error: Error) => {
      throw new FleetcertError(
        'CERTIFY_UNREACHABLE',
        `the broker at ${options.url} refused ${options.username}'s subscriptions to ${options.deviceId}: ${error.message}`,
      );
    });
  return {
    binding: 'mqtt',
    requestChannel: topics.rpc,
    exclusive: options.exclusive,
    topics,
    client,
    now,
    async send(frame) {
      await client.publishAsync(topics.rpc, Buffer.from(frame), { qos: 1 });
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    latest: (kind) => latest[kind],
    onTopic(kind, listener) {
      topicListeners[kind].add(listener);
      return () => topicListeners[kind].delete(listener);
    },
    async close() {
      await client.endAsync();
    },
  };
}
