/** The reference hub (PROTOCOL.md section 8) and its planted faults: `startHub` is its public face. */
export { HUB_PATH } from './app-server.js';
export * from './faults/index.js';
export { DEFAULT_HUB_LIMITS, type HubLimits, type HubOptions, type RunningHub, startHub } from './hub.js';
export { hubLimitsFrom } from './limits.js';
