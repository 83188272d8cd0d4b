/** Fleets of simulated devices: `startFleet` from code, and the pieces the CLI resolves options with. */
export { checkIdPattern, fleetDeviceId, indexWidth } from './device-ids.js';
export { deviceDraw, deviceSeed } from './device-seed.js';
export { startFleet } from './fleet.js';
export { FleetError } from './fleet-error.js';
export { devicePlan, type FleetFault, parseFleetFault } from './fleet-faults.js';
export { type FleetGroupSpec, MAX_FLEET_DEVICES, parseFleetSpec } from './fleet-spec.js';
export { parseRamp, Ramp, type RampOptions } from './ramp.js';
export { parseTokenFile, type TokenFor, type TokenSource, templateTokens, tokenFor } from './tokens.js';
export type {
  Fleet,
  FleetCounts,
  FleetDevice,
  FleetEvents,
  FleetGroup,
  FleetOptions,
  FleetSummary,
  TelemetryOptions,
  Transport,
} from './types.js';
