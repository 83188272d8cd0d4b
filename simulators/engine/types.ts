/**
 * The seam between a simulated device's pure engine and the bindings (MQTT, WebSocket)
 * that carry its frames. The engine has no sockets and no timers: time comes from an
 * injected `Clock`, randomness from an injected seed.
 */
import type { DeviceModel, PropertyValue } from '../../src/model/index.js';
import type { Notification, Response } from '../../src/protocol/index.js';
import type { FaultPlan } from '../faults/types.js';

export interface Clock {
  /** Milliseconds; monotonic for the life of the engine. */
  now(): number;
}

/** What the engine answers to one incoming frame. */
export interface DeviceOutput {
  /** The response to send, if any (a frame whose id cannot be read still gets one, id null). */
  readonly reply?: Response;
  /** Notifications caused by the request, in the order of the changes (EDP-NOTIFY-1/2). */
  readonly notifications: readonly Notification[];
}

export interface DeviceEngine {
  readonly deviceId: string;
  readonly model: DeviceModel;
  /**
   * Serve one incoming frame (raw bytes or text as received). `channel` keys the duplicate
   * window of EDP-RPC-5: one key per WebSocket connection, a single key for MQTT.
   */
  handleFrame(frame: Uint8Array | string, channel?: string, options?: FrameOptions): DeviceOutput;
  /** The current value of a property (any access), or `undefined` if the model has none. */
  read(siid: number, piid: number): PropertyValue | undefined;
  /**
   * A change the device makes by itself (a volatile sensor reading). Returns the
   * `properties_changed` notification when the property notifies and the value changed.
   */
  changeByItself(siid: number, piid: number, value: PropertyValue): Notification | undefined;
  /** An event the device sends on its own (a sensor alarm), arguments read from state. */
  emitEvent(siid: number, eiid: number): Notification | undefined;
  /**
   * Back to the initial state, duplicate window emptied, nothing notified: what a device
   * that loses its state on reconnect does (the `state-lost-on-reconnect` fault).
   */
  resetState(): void;
  /** Every property's current value, in model order. */
  snapshot(): readonly StateEntry[];
  /** The firmware version the device reports as property (1, 4) and in presence. */
  readonly firmware: string;
  /** The planted faults this engine runs with (empty when conformant). */
  readonly faults: FaultPlan;
}

export interface FrameOptions {
  /** The frame came as a WebSocket binary frame: answered with -32700 (section 6). */
  readonly binary?: boolean;
}

export interface StateEntry {
  readonly siid: number;
  readonly piid: number;
  readonly value: PropertyValue;
}

export interface DeviceEngineOptions {
  readonly deviceId: string;
  readonly model: DeviceModel;
  readonly clock: Clock;
  /** Property (1, 4) and presence `fw`. Default `1.0.0`. */
  readonly firmware?: string;
  /** Property (1, 1). Default `fleetcert`. */
  readonly manufacturer?: string;
  /** Start values that differ from the defaults; each must be valid for its property. */
  readonly initialState?: readonly StateEntry[];
  /** Planted bugs (docs/faults.md); engine-layer ones act here, binding-layer ones are ignored. */
  readonly faults?: FaultPlan;
  /** Seeds the decisions of faults with a rate below 1 (mixed with the device id). Default 0. */
  readonly seed?: number;
}
