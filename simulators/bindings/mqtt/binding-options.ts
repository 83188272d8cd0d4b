/** What an MQTT device binding is built from and what it tells its listeners (PROTOCOL.md section 5). */
import type { Logger } from '../../../src/log/index.js';
import type { MqttClientOptions, Qos } from '../../../src/transport/mqtt/index.js';
import type { SimClock } from '../../clock/types.js';
import type { DeviceEngine } from '../../engine/types.js';
import type { BindingFaults } from '../../faults/binding/binding-faults.js';
import type { BindingTap } from '../tap.js';
import type { BackoffOptions } from './backoff.js';

export interface MqttDeviceBindingOptions {
  readonly engine: DeviceEngine;
  /** `mqtt://`, `mqtts://`, `ws://` or `wss://` URL of the broker. */
  readonly url: string;
  /** The device's token (its MQTT password); none is sent when absent (a broker in development mode). */
  readonly token?: string;
  /** Seeds the reconnect jitter. Default 0. */
  readonly seed?: number;
  /** MQTT keepalive, 1..60 s (section 5). Default 30. */
  readonly keepaliveSeconds?: number;
  /** Time allowed for CONNACK. Default 5000 ms. */
  readonly connectTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
  /** Binding-layer planted faults (docs/faults.md); absent for a conformant device. */
  readonly faults?: BindingFaults;
  /** Schedules reconnects. Default: the real clock. */
  readonly clock?: SimClock;
  readonly logger?: Logger;
  /** Extra MQTT.js options (TLS for mqtts/wss). */
  readonly clientOptions?: MqttClientOptions;
  /** Records the device and decides when frames are served (simulators/recording); absent: no cost. */
  readonly tap?: BindingTap;
  /**
   * QoS of responses and of notifications (section 5: 1 for both, the default); a load
   * scenario may lower either to measure a cloud at QoS 0.
   */
  readonly qos?: { readonly replies?: Qos; readonly notifications?: Qos };
}

export interface MqttDeviceBindingEvents {
  /** Online presence published: controllers may send requests. */
  online: [];
  /** The connection was lost (not by `stop()`); a reconnect follows. */
  offline: [];
}
