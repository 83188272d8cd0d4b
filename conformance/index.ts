/**
 * Conformance: the requirement catalogue, the pure oracle and generators, the harness, the
 * suites, and `certifyDevice`. conformance/ never imports simulators/ (the judge shares no code
 * with what it judges); it uses only the model and protocol layers of src/.
 */
export * from './catalogue/index.js';
export type { CertifyConfig, CertifyTarget } from './certify/certify-config.js';
export { certifyDevice } from './certify/certify-device.js';
export type { ProgressEvent, ProgressListener } from './certify/progress.js';
export type { DeviceLink, ReceivedFrame } from './harness/device-link.js';
export type { CheckOutcome } from './suites/binding/check-outcome.js';
export { formatReplayToken, parseReplayToken, type ReplayToken } from './suites/model-based/replay-token.js';
