/**
 * Where a device certification (or a trace replay) finds its device, as the edge resolves it:
 * a broker fleetcert runs (`listen`: the run starts it, runs/device/listen-broker.ts), an
 * existing broker (`broker`), or a WebSocket device (`ws`). The judge gets the result of this:
 * a broker it may control, or a URL (conformance/settings/certify-config.ts, `CertifyTarget`).
 */
import type { TlsListenOptions } from '../../conformance/settings/index.js';
import type { EmbeddedBroker } from '../../src/broker/index.js';
import type { MqttVersion } from '../../src/transport/mqtt/index.js';

export type DeviceRunTarget =
  | {
      /** fleetcert runs its embedded broker; the device connects to it. */
      readonly mode: 'listen';
      /** 0 picks a free port. */
      readonly port: number;
      /** Default `0.0.0.0`: the device is usually another machine on the network. */
      readonly host?: string;
      /** Called once the broker listens (the port is known even when `port` was 0). */
      readonly onListening?: (url: string) => void;
      /** How long to wait for the device to connect. Default 60 s. */
      readonly connectTimeoutMs?: number;
      /**
       * An embedded broker already running (the `npm start` demo's): the judge joins it as
       * `controller:fleetcert` with this token instead of the run starting one, and it stays up.
       */
      readonly existing?: { readonly broker: EmbeddedBroker; readonly controllerToken: string };
      /**
       * Section 9 (`--listen-tls`): TLS in front of the broker (then on loopback only), the TLS
       * checks first, then every other rule over TLS.
       */
      readonly tls?: TlsListenOptions;
    }
  | {
      readonly mode: 'broker';
      /**
       * The broker's URL. Absent only when the run also starts the device (a simulated one): the
       * run then starts an embedded broker both log in to with the device's token.
       */
      readonly url?: string;
      /** Logs in as `controller:NAME`; default `fleetcert`. */
      readonly controllerName?: string;
      /** The controller's MQTT version (`--mqtt-version`); default 4 (3.1.1). */
      readonly mqttVersion?: MqttVersion;
    }
  | {
      readonly mode: 'ws';
      /** Absent only when the run starts the device: its own URL then. */
      readonly url?: string;
    };
