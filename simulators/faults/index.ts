/** Planted faults: the catalogue, `--fault` parsing, and the seeded firing decision (docs/faults.md). */
export { FAULT_CATALOGUE, faultNames, findFault, isFaultName } from './catalogue.js';
export { FaultError, parseFault, parseFaultPlan } from './parse-fault.js';
export { hasFault, shouldFire } from './should-fire.js';
export {
  BINDING_FAULT_NAMES,
  type BindingFaultName,
  ENGINE_FAULT_NAMES,
  type EngineFaultName,
  type FaultDefinition,
  type FaultLayer,
  type FaultName,
  type FaultPlan,
  type FaultSetting,
} from './types.js';
