/**
 * What a recorded device received and sent, as plain data. The shapes are defined once, below
 * the simulators and the hub judge alike (src/hub/device-records.ts); the recorder adds only
 * what it counts past its cap.
 */
import type {
  DeviceRecords,
  Responsiveness as DeviceResponsiveness,
  ReceivedRequest,
} from '../../src/hub/index.js';

export type { SentMessage } from '../../src/hub/index.js';

/** A frame the device received (src/hub/device-records.ts). */
export type ReceivedRecord = ReceivedRequest;

/** A device's records since it started; arrays only grow. `dropped` counts records past the cap (not kept). */
export interface DeviceRecordsView extends DeviceRecords {
  readonly dropped: number;
}

/** How a device answers from now on. */
export type Responsiveness = DeviceResponsiveness;
