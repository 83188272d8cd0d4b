/**
 * The hub's side towards devices, one seam for both bindings (sections 5 and 6): send a request
 * frame now, and hear answers, notifications and presence. The MQTT adapter (mqtt-devices.ts)
 * and the WebSocket connections (ws-devices.ts) implement it; the forwarder and the directory
 * never know which binding a device uses.
 */
import type { RequestId } from '../../src/protocol/index.js';
import type { DeviceAnswer } from './device-frames.js';

export interface DeviceLink {
  /**
   * Sends one request frame to the device now; frames to one device leave in call order.
   * False when it cannot be sent at all (no connection): the hub then answers -4010.
   */
  send(deviceId: string, frame: string): boolean;
  close(): Promise<void>;
}

/** What links report; the hub wires these to the forwarder, the directory and the notification fan-out. */
export interface DeviceLinkEvents {
  answer(deviceId: string, id: RequestId, answer: DeviceAnswer): void;
  notification(deviceId: string, method: 'properties_changed' | 'event_occurred', paramsText: string): void;
  online(deviceId: string, model: string | undefined): void;
  offline(deviceId: string): void;
}
