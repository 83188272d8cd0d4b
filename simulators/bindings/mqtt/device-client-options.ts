/**
 * The MQTT.js options of a device's connection (PROTOCOL.md section 5): client id = username =
 * device id, password = token, clean session, keepalive 1..60 s, will `{ "online": false }`
 * retained QoS 1 on `state`. Reconnects and resubscribing are the binding's own.
 */
import type { DeviceTopics, MqttClientOptions } from '../../../src/transport/mqtt/index.js';
import type { MqttDeviceBindingOptions } from './binding-options.js';
import { OFFLINE_PAYLOAD } from './payloads.js';

/** Refuses a keepalive outside 1..60 s (section 5) with a RangeError naming it. */
export function deviceClientOptions(
  options: MqttDeviceBindingOptions,
  topics: DeviceTopics,
): MqttClientOptions {
  const keepalive = options.keepaliveSeconds ?? 30;
  if (!(Number.isInteger(keepalive) && keepalive >= 1 && keepalive <= 60)) {
    throw new RangeError(`keepaliveSeconds must be an integer from 1 to 60 (section 5), got ${keepalive}`);
  }
  const deviceId = options.engine.deviceId;
  return {
    ...options.clientOptions,
    clientId: deviceId,
    username: deviceId,
    ...(options.token === undefined ? {} : { password: options.token }),
    clean: true,
    keepalive,
    connectTimeout: options.connectTimeoutMs ?? 5_000,
    // Reconnects are ours: seeded backoff with jitter (EDP-MQTT-2); resubscribing too, in order.
    reconnectPeriod: 0,
    resubscribe: false,
    manualConnect: true,
    // fault hook: no-will (EDP-MQTT-1)
    ...(options.faults?.has('no-will')
      ? {}
      : { will: { topic: topics.state, payload: OFFLINE_PAYLOAD, qos: 1 as const, retain: true } }),
  };
}
