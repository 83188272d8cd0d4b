/**
 * What the hub judge needs from the fleet that stands behind a partner's hub (HOUSE: ports owned
 * by the judge). The fleet's own records are the judge of EDP-HUB-1..5: what each device
 * received from the hub, and what it sent. conformance/ declares this port and never imports
 * simulators/; the composition layer (runs/) implements it with the simulators and passes it in.
 *
 * Times are milliseconds on the clock `now()` reads, the same clock for every record, so the
 * judge can compare a device's record with what an app connection saw.
 */
import type { DeviceRecords, Responsiveness, SentMessage } from '../../../src/hub/index.js';
import type { DeviceModel } from '../../../src/model/index.js';

export type FleetBinding = 'mqtt' | 'ws';

/** One device of the fleet, as the judge may know it. */
export interface FleetDevice {
  readonly deviceId: string;
  readonly binding: FleetBinding;
  readonly model: DeviceModel;
  /** Firmware version the device reports in presence or `hello`. */
  readonly firmware: string;
}

/** The records and controls of one device: one definition below every layer (src/hub/device-records.ts). */
export type {
  DeviceRecords,
  PresenceCause,
  ReceivedRequest,
  Responsiveness,
  SentMessage,
} from '../../../src/hub/index.js';

export interface FleetPort {
  /** Every device of the fleet, online or not (ids granted in the configuration but never started are not here). */
  readonly devices: readonly FleetDevice[];
  now(): number;
  /**
   * What the device received and sent up to now, read synchronously: everything the device did
   * before the call is in it (the judge reads it after an app got the device's answer, so a fleet
   * in another thread or process must have its records here by then). Records it could not keep
   * it marks with `incompleteFromMs`; the judge never blames the hub for them (judge/evidence-gaps.ts).
   */
  records(deviceId: string): DeviceRecords;
  /** Whether the device is connected now (MQTT connection up, or WebSocket server listening). */
  isOnline(deviceId: string): boolean;
  /** Switch the device off: `graceful` publishes `{online:false}` itself (or closes its WS server cleanly), `abrupt` cuts it so the will fires. Resolves once done. */
  goOffline(deviceId: string, how: 'graceful' | 'abrupt'): Promise<void>;
  /** Bring an offline device back; resolves once it is online again (presence published, or WS listening). */
  comeBack(deviceId: string): Promise<void>;
  setResponsiveness(deviceId: string, responsiveness: Responsiveness): void;
  /**
   * Make the device notify on its own, as a sensor would: a change of a volatile or notify
   * property, or one of its model's events (PROTOCOL.md section 2). Resolves with what it sent
   * (also in its records); an empty list when the model has nothing the device can notify.
   */
  notifyOnItsOwn(deviceId: string): Promise<readonly SentMessage[]>;
  /**
   * Optional (added for EDP-HUB-3's `"*"` covers devices that appear later): start a new device
   * the hub has never seen, under a fresh id no grant names, and resolve once it is online. It
   * joins `devices` and `records`. Without it, that part of EDP-HUB-3 is not exercised.
   */
  appear?(): Promise<FleetDevice>;
  /**
   * Optional: every device back to how the fleet started (online, answering normally, its
   * properties at their initial values), resolving once all are online, so every run of a
   * property, and every replay while shrinking, meets the same fleet. Devices that appeared
   * stay. Without it, the judge only brings devices back online and to normal answers.
   */
  reset?(): Promise<void>;
}
