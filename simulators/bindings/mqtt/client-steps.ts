/**
 * Steps the device binding takes on its MQTT.js client that need none of the binding's state:
 * offline presence with a bounded wait, a cut without DISCONNECT, dropping what a clean
 * session lost.
 */
import type { MqttClient } from 'mqtt';
import { OFFLINE_PAYLOAD, RETAINED_QOS1 } from './payloads.js';

const OFFLINE_PUBLISH_TIMEOUT_MS = 2_000;

/**
 * Publishes retained offline presence on `stateTopic` (EDP-MQTT-1); resolves whether the broker
 * acknowledged it, false if the connection closed or no ack came in time.
 */
export function publishOffline(client: MqttClient, stateTopic: string): Promise<boolean> {
  return new Promise((resolve) => {
    const settle = (acknowledged: boolean) => {
      clearTimeout(timer);
      client.off('close', onClose);
      resolve(acknowledged);
    };
    const onClose = () => settle(false);
    const timer = setTimeout(onClose, OFFLINE_PUBLISH_TIMEOUT_MS);
    client.once('close', onClose);
    client.publish(stateTopic, OFFLINE_PAYLOAD, RETAINED_QOS1, (error) => settle(!error));
  });
}

/** Closes the socket without DISCONNECT (the broker publishes the will) and waits for its close. */
export function cutConnection(client: MqttClient): Promise<void> {
  const { stream } = client;
  if (stream.destroyed) return Promise.resolve();
  const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  stream.destroy();
  return closed;
}

/**
 * A clean session loses what was in flight. MQTT.js would keep those QoS 1 publishes for ever,
 * and a later graceful end (without force) would wait for their acks and hang.
 */
export function dropInFlight(client: MqttClient): void {
  for (const messageId of Object.keys(client.outgoing)) client.removeOutgoingMessage(Number(messageId));
}
