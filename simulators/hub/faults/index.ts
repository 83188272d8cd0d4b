/** Planted hub faults: catalogue, parsing and the `HubFaults` policy the hub asks at each hook. */
export { findHubFault, HUB_FAULT_CATALOGUE, hubFaultNames } from './catalogue.js';
export { HubFaultError, parseHubFaults } from './parse.js';
export {
  HUB_FAULT_NAMES,
  type HubFaultDefinition,
  type HubFaultName,
  type HubFaults,
  type HubRule,
  NO_HUB_FAULTS,
} from './types.js';
