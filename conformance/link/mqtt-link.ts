/**
 * The harness's link to a device over MQTT (PROTOCOL.md section 5): the one MqttController
 * (src/transport/mqtt/controller.ts), publishing requests to `rpc` (QoS 1) and handing on
 * everything from `rpc/reply` and `events` undecoded, with receive times. It also keeps what
 * arrives on `state` and `model` for the binding checks.
 */
import { performance } from 'node:perf_hooks';
import type { MqttClient } from 'mqtt';
import { FleetcertError } from '../../src/index.js';
import {
  connectMqttController,
  controllerUsername,
  DEFAULT_MQTT_VERSION,
  type DeviceTopics,
  deviceTopics,
  MqttConnectError,
  type MqttController,
  type MqttVersion,
  mqttClientOptions,
} from '../../src/transport/mqtt/index.js';
import type { DeviceLink, FrameListener } from '../harness/device-link.js';

export interface MqttLinkOptions {
  readonly url: string;
  /** Logs in as `controller:NAME`. */
  readonly controllerName: string;
  readonly token: string;
  readonly deviceId: string;
  /** Whether fleetcert is the only controller (its embedded broker): every response is then its own. */
  readonly exclusive: boolean;
  /** Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  /** MQTT protocol version (src/transport/mqtt/connection-options.ts). Default 4 (3.1.1). */
  readonly mqttVersion?: MqttVersion;
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
  const frameListeners = new Set<FrameListener>();
  const topicListeners = {
    state: new Set<(m: TopicMessage) => void>(),
    model: new Set<(m: TopicMessage) => void>(),
  };
  const frame = (_deviceId: string, payload: Buffer, topic: string) => {
    const atMs = now();
    for (const listener of frameListeners)
      listener({ atMs, channel: topic, payload: new Uint8Array(payload) });
  };
  let controller: MqttController;
  try {
    controller = await connectMqttController({
      url: options.url,
      name: options.controllerName,
      token: options.token,
      clientId: `fleetcert_${Math.random().toString(16).slice(2, 10)}`,
      connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
      now,
      // The harness judges every payload itself (run-session.ts): handed on undecoded.
      matchReplies: false,
      inbound: { reply: frame, event: frame },
      keepLatest: true,
      clientOptions: mqttClientOptions({ version: options.mqttVersion ?? DEFAULT_MQTT_VERSION }),
    });
  } catch (error) {
    const why = error instanceof MqttConnectError ? error.reason : String(error);
    throw new FleetcertError(
      'CERTIFY_UNREACHABLE',
      `could not connect to the broker at ${options.url} as ${controllerUsername(options.controllerName)}: ${why}. Check the broker URL, the token, and that the broker runs.`,
    );
  }
  const onKind =
    (kind: 'state' | 'model') =>
    (event: { deviceId: string; receivedAt: number; payload: Buffer; retained: boolean }) => {
      if (event.deviceId !== options.deviceId) return;
      const message: TopicMessage = {
        atMs: event.receivedAt,
        payload: event.payload,
        retained: event.retained,
      };
      for (const listener of topicListeners[kind]) listener(message);
    };
  controller.on('presence', onKind('state'));
  controller.on('model', onKind('model'));
  await controller.client
    .subscribeAsync([topics.state, topics.model, topics.rpcReply, topics.events], { qos: 1 })
    .catch((error: Error) => {
      throw new FleetcertError(
        'CERTIFY_UNREACHABLE',
        `the broker at ${options.url} refused ${controllerUsername(options.controllerName)}'s subscriptions to ${options.deviceId}: ${error.message}`,
      );
    });
  return {
    binding: 'mqtt',
    requestChannel: topics.rpc,
    exclusive: options.exclusive,
    topics,
    client: controller.client,
    now,
    async send(frame) {
      await controller.send(options.deviceId, frame);
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    latest(kind) {
      const latest = controller.latest(options.deviceId, kind);
      return latest === undefined
        ? undefined
        : { atMs: latest.receivedAt, payload: latest.payload, retained: latest.retained };
    },
    onTopic(kind, listener) {
      topicListeners[kind].add(listener);
      return () => topicListeners[kind].delete(listener);
    },
    close: () => controller.close(),
  };
}
