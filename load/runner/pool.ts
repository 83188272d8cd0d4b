/**
 * The seam between the load runner and the simulated devices it drives: connect and
 * disconnect one device at its planned time, make it publish telemetry, and learn what it
 * replied (the runner checks every answer against it). The default pool runs the simulators'
 * device engine on the public MQTT device binding (./simulated-pool.ts); tests may inject another.
 */
import type { Logger } from '../../src/log/index.js';
import type { DeviceModel } from '../../src/model/index.js';
import type { Response } from '../../src/protocol/index.js';
import type { ClientTlsSettings } from '../../src/transport/mqtt/index.js';
import type { ScenarioMqtt } from '../scenario/types.js';

export interface PoolDeviceSpec {
  readonly id: string;
  /** The fleet entry's type (`bulb`). */
  readonly type: string;
  readonly model: DeviceModel;
  /** The device's MQTT password (none: log in without one). Never logged. */
  readonly token: string | undefined;
}

/** What the pool reports, per device slot (the index in the spec list). */
export interface PoolHooks {
  up(slot: number): void;
  down(slot: number): void;
  error(slot: number, error: Error): void;
  /**
   * The device produced a reply to request `id` (inside the device, before any broker), as
   * `text`: the reply's JSON as the device encodes it (simulators' encodeReply).
   */
  replied(slot: number, id: Response['id'], text: string): void;
  /** The device changed a value on its own and published the notification (telemetry intended at `intendedMs`). */
  published(slot: number, intendedMs: number): void;
}

export interface PoolOptions {
  readonly broker: string;
  /** For mqtts/wss: the CA, the checks, each device's client certificate (by device id). */
  readonly tls?: ClientTlsSettings;
  /** MQTT version and the QoS of each class the devices publish (telemetry, replies, notifications). */
  readonly mqtt: ScenarioMqtt;
  readonly seed: number;
  readonly hooks: PoolHooks;
  readonly logger: Logger;
}

export interface DevicePool {
  /** Resolves once the pool can connect devices without delay (a pool in another thread has started); optional. */
  ready?(): Promise<void>;
  /**
   * How far the pool's own event loop fell behind over the run (a pool in another thread), once
   * it has stopped: its replies and telemetry were delayed by as much. Optional.
   */
  lag?(): PoolLag | undefined;
  /** One full garbage collection of the pool's own heap, when it has one (a worker thread); optional. */
  collect?(): void;
  /** Start connecting device `slot` (a new session if it was disconnected). */
  connect(slot: number): void;
  /** Graceful offline (EDP-MQTT-1), then disconnect; no reconnect until `connect` again. */
  disconnect(slot: number): Promise<void>;
  /**
   * A volatile change made by the device itself (telemetry intended at `intendedMs`): when the
   * value changed, the device publishes its notification at the telemetry QoS, if connected,
   * and the pool reports `published` (at once, or a moment later from another thread).
   */
  publishByItself(
    slot: number,
    siid: number,
    piid: number,
    value: boolean | number | string,
    intendedMs: number,
  ): void;
  /** Every device offline gracefully, every link closed. */
  stop(): Promise<void>;
}

export interface PoolLag {
  /** The longest the device thread's event loop was held up, and its 99th percentile (ms). */
  readonly worstMs: number;
  readonly p99Ms: number;
  /**
   * Garbage collection in that thread over the same span: how many pauses, the longest and the
   * sum (ms). Why: a stall as long as the longest pause was the collector, not CPU starvation.
   */
  readonly gc?: { readonly pauses: number; readonly longestMs: number; readonly totalMs: number };
}

export type CreatePool = (devices: readonly PoolDeviceSpec[], options: PoolOptions) => DevicePool;
