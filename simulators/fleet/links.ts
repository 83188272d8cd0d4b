/**
 * A fleet device's link to its controllers, behind one small interface so the fleet does not
 * care whether it is an MQTT client of a broker or a WebSocket server of its own.
 */
import type { Notification } from '../../src/protocol/index.js';
import type { MqttConnectionSettings, TlsOptionsFor } from '../../src/transport/mqtt/index.js';
import type { IntervalTimer, TimerWheel } from '../clock/timer-wheel.js';
import type { SimClock } from '../clock/types.js';
import type { BindingFaults } from '../faults/binding/binding-faults.js';
import type { FleetDeviceState } from './fleet-device.js';

export interface DeviceLink {
  /** Send notifications the device made by itself (telemetry, reactions). */
  notify(notifications: readonly Notification[]): void;
  /** Go offline gracefully (MQTT: offline presence, then DISCONNECT; WebSocket: close). */
  stop(): Promise<void>;
  /** The device's WebSocket URL once listening. */
  readonly url?: string;
}

/** What every link reports to the fleet: one shared object, no closures per device. */
export interface LinkHost {
  up(device: FleetDeviceState): void;
  down(device: FleetDeviceState): void;
  error(device: FleetDeviceState, error: Error): void;
}

/** Shared by every link of one fleet. */
export interface LinkContext {
  readonly host: LinkHost;
  readonly clock: SimClock;
  readonly wheel: TimerWheel;
  /** The broker URL for `device` (several URLs are shared round-robin). */
  brokerFor(device: FleetDeviceState): string;
  /** TLS settings of a device for `mqtts` and `wss` brokers (`ca`, its client certificate, …). */
  readonly tlsFor: TlsOptionsFor;
  /** How MQTT devices connect (protocol version). */
  readonly mqtt: MqttConnectionSettings;
  readonly keepaliveSeconds: number;
  /** MQTT.js keepalive timers, on the wheel. */
  readonly keepaliveTimer: IntervalTimer;
  /** The fleet's seed (reconnect jitter). */
  readonly seed: number;
  readonly wsHost: string;
  /** The port for a WebSocket device (0: a free one). */
  wsPort(device: FleetDeviceState): number;
}

/**
 * Open a link for `device`; call `done(error?)` once the first handshake is over (connected,
 * listening, or failed), which frees its place in the ramp.
 */
export type OpenLink = (
  device: FleetDeviceState,
  faults: BindingFaults | undefined,
  context: LinkContext,
  done: (error?: Error) => void,
) => DeviceLink;
