/**
 * An MQTT.js client over a transport chosen by URL scheme. MQTT.js's own defaults are tuned for
 * one long-lived client; fleetcert runs thousands, so its per-client debug logger is a no-op,
 * automatic reconnects are off (callers own their backoff, EDP-MQTT-2) and MQTT 3.1.1 is the default.
 */
import type { ConnectionOptions } from 'node:tls';
import { type IClientOptions, MqttClient } from 'mqtt';
import { type ConnectStream, streamFor } from './transports/index.js';

export interface MqttClientOptions extends IClientOptions {
  /** TLS settings for `mqtts` and `wss` URLs. */
  readonly tlsOptions?: ConnectionOptions;
  /** Builds the stream for every (re)connect instead of the URL's transport (a device's own TLS checks). */
  readonly connectStream?: ConnectStream;
}

const noop = (): void => {};

/** Starts connecting at once; throws a `BrokerUrlError` for a URL no transport serves. */
export function createMqttClient(url: string, options: MqttClientOptions = {}): MqttClient {
  const { tlsOptions, connectStream, ...clientOptions } = options;
  const client = new MqttClient(connectStream ?? streamFor(url, tlsOptions), {
    protocolVersion: 4,
    reconnectPeriod: 0,
    log: noop,
    ...clientOptions,
  });
  // As mqtt.connect does: an 'error' without a listener would crash the process; callers add their own.
  client.on('error', noop);
  return client;
}
