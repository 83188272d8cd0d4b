/** Planted hub faults: catalogue, parsing and the `HubFaults` policy the hub asks at each hook. */
export {
  ALL_HUB_FAULTS,
  findHubFault,
  HUB_FAULT_CATALOGUE,
  HUB_LOAD_FAULT_CATALOGUE,
  hubFaultNames,
} from './catalogue.js';
export { HubFaultError, parseHubFaults } from './parse.js';
export {
  HUB_FAULT_NAMES,
  HUB_LOAD_FAULT_NAMES,
  type HubFaultDefinition,
  type HubFaultName,
  type HubFaults,
  type HubRule,
  NO_HUB_FAULTS,
} from './types.js';
