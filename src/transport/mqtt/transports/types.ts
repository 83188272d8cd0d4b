/** One function type per seam (HOUSE: MQTT.js `StreamBuilder`): a transport turns a target into a byte stream. */
import type { Duplex } from 'node:stream';
import type { ConnectionOptions } from 'node:tls';

export interface TransportTarget {
  /** The broker URL as given, parsed. */
  readonly url: URL;
  readonly host: string;
  readonly port: number;
  /** For `mqtts` and `wss`: CA, client certificate, `rejectUnauthorized`. */
  readonly tls?: ConnectionOptions;
}

/** Called on every (re)connect; returns a fresh stream to the broker. */
export type StreamBuilder = (target: TransportTarget) => Duplex;

export interface Transport {
  readonly defaultPort: number;
  readonly build: StreamBuilder;
}
