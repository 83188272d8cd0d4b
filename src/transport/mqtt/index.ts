/**
 * The MQTT binding's I/O side (PROTOCOL.md section 5): clients over transports chosen by URL
 * scheme, and the one controller used by conformance runs, load and the hub. Topics and presence are pure
 * and live in ./topics.ts and ./presence.ts.
 */
export { createMqttClient, type MqttClientOptions } from './client.js';
export type { MessageQos, MqttConnectionSettings, MqttVersion, Qos } from './connection-options.js';
export {
  DEFAULT_MQTT_CONNECTION,
  DEFAULT_MQTT_VERSION,
  describeMqttError,
  mqttClientOptions,
  mqttVersionName,
  PROTOCOL_QOS,
  parseMqttVersion,
} from './connection-options.js';
export {
  connectMqttController,
  type InboundHooks,
  type LatestMessage,
  MqttController,
  type MqttControllerOptions,
  type RequestOptions,
} from './controller.js';
export { MqttConnectError, MqttSubscribeError } from './controller-errors.js';
export type {
  ControllerEventMap,
  ModelEvent,
  NotificationEvent,
  PresenceEvent,
  RawMessageEvent,
  ReplyEvent,
  RequestOutcome,
} from './controller-events.js';
export type { ClientTlsSettings, TlsOptionsFor } from './tls-options.js';
export { clientCertificateRefusal, tlsClientOptions, tlsOptionsFor } from './tls-options.js';
export * from './topics.js';
export {
  BrokerUrlError,
  registerTransport,
  resolveTransport,
  type StreamBuilder,
  type Transport,
  type TransportTarget,
  transportSchemes,
} from './transports/index.js';
