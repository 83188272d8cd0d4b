/**
 * How fleetcert's MQTT clients (fleet devices, load devices and controllers, certify
 * controllers) connect: the protocol version and the QoS of each message class, resolved once
 * at the CLI edge into one frozen object and turned into MQTT.js options here, in one place.
 * TLS client settings (client certificates) belong next to these.
 */
import type { MqttClientOptions } from './client.js';

/** MQTT.js `protocolVersion`: 4 is MQTT 3.1.1, 5 is MQTT 5.0 (PROTOCOL.md: a 3.1.1 or 5.0 broker). */
export type MqttVersion = 4 | 5;
export const MQTT_VERSIONS: readonly MqttVersion[] = [4, 5];
export const DEFAULT_MQTT_VERSION: MqttVersion = 4;

export type Qos = 0 | 1;

/** The QoS of each EDP message class on the broker. Section 5 says 1 for all; a load may lower one. */
export interface MessageQos {
  /** Volatile updates a device publishes by itself (`events`). */
  readonly telemetry: Qos;
  /** Controller requests (`rpc`). */
  readonly requests: Qos;
  /** Device responses (`rpc/reply`). */
  readonly replies: Qos;
  /** Notifications caused by requests (`events`). */
  readonly notifications: Qos;
}

export const PROTOCOL_QOS: MessageQos = Object.freeze({
  telemetry: 1,
  requests: 1,
  replies: 1,
  notifications: 1,
});

export interface MqttConnectionSettings {
  readonly version: MqttVersion;
}

export const DEFAULT_MQTT_CONNECTION: MqttConnectionSettings = Object.freeze({
  version: DEFAULT_MQTT_VERSION,
});

/** The MQTT.js options these settings stand for. */
export function mqttClientOptions(settings: MqttConnectionSettings): MqttClientOptions {
  return { protocolVersion: settings.version };
}

/** `MQTT 5` or `MQTT 3.1.1`, for messages. */
export function mqttVersionName(version: MqttVersion): string {
  return version === 5 ? 'MQTT 5' : 'MQTT 3.1.1';
}

/** Parses `4`, `5`, `3.1.1` or `5.0` (flags and `--set`); undefined for anything else. */
export function parseMqttVersion(value: unknown): MqttVersion | undefined {
  const text = String(value).trim();
  if (text === '4' || text === '3.1.1') return 4;
  if (text === '5' || text === '5.0') return 5;
  return undefined;
}

/** CONNACK return codes of MQTT 3.1.1 (section 3.2.2.3). */
const CONNACK_3: Readonly<Record<number, string>> = {
  1: 'Unacceptable protocol version',
  2: 'Identifier rejected',
  3: 'Server unavailable',
  4: 'Bad username or password',
  5: 'Not authorized',
};

/** MQTT 5 reason codes a broker refuses a CONNECT, SUBSCRIBE or PUBLISH with (section 2.4). */
const REASON_5: Readonly<Record<number, string>> = {
  128: 'Unspecified error',
  129: 'Malformed Packet',
  130: 'Protocol Error',
  131: 'Implementation specific error',
  132: 'Unsupported Protocol Version',
  133: 'Client Identifier not valid',
  134: 'Bad User Name or Password',
  135: 'Not authorized',
  136: 'Server unavailable',
  137: 'Server busy',
  138: 'Banned',
  139: 'Server shutting down',
  140: 'Bad authentication method',
  143: 'Topic Filter invalid',
  144: 'Topic Name invalid',
  151: 'Quota exceeded',
  153: 'Payload format invalid',
  154: 'Retain not supported',
  155: 'QoS not supported',
  156: 'Use another server',
  157: 'Server moved',
  159: 'Connection rate exceeded',
};

/** `0x87 Not authorized` (MQTT 5) or `5 Not authorized` (3.1.1); undefined for an unknown code. */
export function reasonCodeText(code: number): string | undefined {
  if (code >= 0x80) {
    const name = REASON_5[code];
    return `0x${code.toString(16).padStart(2, '0')}${name ? ` ${name}` : ''}`;
  }
  const name = CONNACK_3[code];
  return name ? `${code} ${name}` : undefined;
}

/**
 * What an MQTT.js connection error says, with the broker's reason code when it gave one:
 * `CONNACK refused 0x87 Not authorized` rather than MQTT.js's `Connection refused: Not authorized`.
 */
export function describeMqttError(error: Error & { code?: unknown }): string {
  if (typeof error.code === 'number' && /^Connection refused/.test(error.message)) {
    const text = reasonCodeText(error.code);
    if (text) return `CONNACK refused ${text}`;
  }
  return error.message;
}
