/**
 * The composition layer: the one home of run wiring (broker, devices or fleets, the process
 * under test, the judge, reports) that the CLI and tests call alike. It may join simulators/
 * and conformance/, which never import each other; the CLI stays a thin face that resolves
 * options and prints.
 */

export { runTasks, type Task, type TaskRunOutcome, type TaskRunStatus } from '../src/tasks/index.js';
export {
  DEMO_HUB_NAME,
  type DemoCertification,
  type DemoCertificationConfig,
  type DemoCertificationOutcome,
  type DemoHub,
  runCertificationDemo,
} from './demo-certification.js';
export {
  type DeviceCertificationOutcome,
  runDeviceCertification,
} from './device/device-certification-run.js';
export type { DeviceRunTarget } from './device/device-run-target.js';
export type { DeviceRunOptions } from './device/device-run-tasks.js';
export { type ListeningBroker, startListenBroker } from './device/listen-broker.js';
export {
  certifySimulatedDevice,
  type DeviceCertificationMode,
  type DeviceCertificationOptions,
  type DevicePlace,
  type SimulatedDeviceSpec,
  type StartDevice,
  type StartedDevice,
} from './device-certification.js';
export {
  DEFAULT_RUN_DEADLINE_MS,
  type HubCertificationOptions,
  type HubCertificationOutcome,
  type HubJudge,
  type HubUnderTest,
  runHubCertification,
} from './hub/hub-certification.js';
export { type HubFleetGroup, type PlannedDevice, planHubFleet } from './hub/hub-fleet.js';
export { type HubLoadOptions, runHubLoad } from './hub/hub-load.js';
export { HubExitedError, type HubProcess, HubSetupError, launchHub } from './hub/hub-process.js';
export { RecordedFleet } from './hub/recorded-fleet.js';
export { splitHubCommand } from './hub/split-hub-command.js';
export { type DeviceReplayOptions, runDeviceReplay } from './replay/index.js';
export { type DemoDevice, runStartDemo, type StartDemo, type StartDemoConfig } from './serve-demo.js';
