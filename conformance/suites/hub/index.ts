/** The face of conformance/suites/hub/: what other roots use from it (they import nothing deeper). */
export type { DeviceRecords, FleetDevice, FleetPort, Responsiveness, SentMessage } from './fleet-port.js';
export type { HubCertifyConfig, HubProgressEvent } from './hub-certify-config.js';
export type { HubRuleId } from './hub-rule-ids.js';
export { HUB_RULE_IDS, isHubRuleId } from './hub-rule-ids.js';
export type { HubSessionProgress } from './hub-session-progress.js';
export type { HubGrantPlan } from './plan-hub-grants.js';
export { hubConfigApps, planHubGrants } from './plan-hub-grants.js';
