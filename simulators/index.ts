/**
 * The simulators' public face: run one device (`runDevice`), a fleet (`startFleet`), and the
 * records and controls of recorded devices. The parts (engine, bindings, behaviours, faults)
 * have their own faces for the few callers that compose them differently (load runs, tests).
 */
export type { BindingTap, PresenceCause } from './bindings/tap.js';
export type { Fleet, FleetOptions, FleetSummary } from './fleet/index.js';
export { startFleet } from './fleet/index.js';
export {
  DeviceRecorder,
  type DeviceRecordsView,
  type ReceivedRecord,
  type RecordingOptions,
  type Responsiveness,
  type SentMessage,
} from './recording/index.js';
export { type DeviceTransport, type RunDeviceOptions, type RunningDevice, runDevice } from './run-device.js';
