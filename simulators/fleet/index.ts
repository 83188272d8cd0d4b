/** Fleets of simulated devices: `startFleet` from code, and the pieces the CLI resolves options with. */
export { checkIdPattern, fleetDeviceId, indexWidth } from './device-ids.js';
export { deviceDraw, deviceSeed } from './device-seed.js';
export { createFleet, startFleet } from './fleet.js';
export { FleetError } from './fleet-error.js';
export { devicePlan, type FleetFault, parseFleetFault } from './fleet-faults.js';
export { type FleetMetricsOptions, fleetMetrics } from './fleet-metrics.js';
export { type FleetGroupSpec, MAX_FLEET_DEVICES, parseFleetSpec } from './fleet-spec.js';
export {
  type ProgressOptions,
  progressLine,
  type Rates,
  ratesBetween,
  reportProgress,
  summaryLines,
} from './progress.js';
export { parseRamp, Ramp, type RampOptions } from './ramp.js';
export { parseTokenFile, type TokenFor, type TokenSource, templateTokens, tokenFor } from './tokens.js';
export type {
  Fleet,
  FleetCounts,
  FleetDevice,
  FleetEvents,
  FleetGroup,
  FleetHandle,
  FleetOptions,
  FleetSummary,
  PortableFleetOptions,
  TelemetryOptions,
  Transport,
  UnstartedFleet,
} from './types.js';
export { splitFleet } from './workers/split.js';
export {
  startWorkerFleet,
  type WorkerFleetEvents,
  type WorkerFleetHandle,
  type WorkerFleetOptions,
} from './workers/worker-fleet.js';
