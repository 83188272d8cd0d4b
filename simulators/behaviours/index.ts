/** Behaviours beyond the model: volatile readings driven by simulated time and a seed. */

export { airQuality, CLEAN_PM25, OUTDOOR_PM25 } from './air-quality.js';
export {
  AnimatedEngine,
  animate,
  type FrameCounter,
  runTelemetry,
  type TelemetryRun,
} from './animated-engine.js';
export { ChangeSink } from './change-sink.js';
export { climate, HUMIDITY, TEMPERATURE } from './climate.js';
export { FILTER_LIFE_HOURS, filterWear } from './filter-wear.js';
export { genericWalk, planGenericWalk } from './generic-walk.js';
export { FULL_WATTS, powerMeter, STANDBY_WATTS } from './power-meter.js';
export { BehaviourRegistry, defaultBehaviours, REFERENCE_BEHAVIOURS } from './registry.js';
export type { Behaviour, BehaviourKind, BehaviourPart, PartContext, PartPlan } from './types.js';
export { nearestValidNumber } from './valid-values.js';
