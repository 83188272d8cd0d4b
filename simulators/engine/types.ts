/**
 * The seam between a simulated device's pure engine and the bindings (MQTT, WebSocket)
 * that carry its frames. The engine has no sockets and no timers: time comes from an
 * injected `Clock`, randomness from an injected seed.
 */
import type { DeviceModel, PropertyValue } from '../../src/model/types.js';
import type { Notification, Response } from '../../src/protocol/types.js';

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
  handleFrame(frame: Uint8Array | string, channel?: string): DeviceOutput;
  /** The current value of a property (any access), or `undefined` if the model has none. */
  read(siid: number, piid: number): PropertyValue | undefined;
  /**
   * A change the device makes by itself (a volatile sensor reading). Returns the
   * `properties_changed` notification when the property notifies and the value changed.
   */
  changeByItself(siid: number, piid: number, value: PropertyValue): Notification | undefined;
  /** An event the device sends on its own (a sensor alarm), arguments read from state. */
  emitEvent(siid: number, eiid: number): Notification | undefined;
}
