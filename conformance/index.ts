/**
 * Conformance: the requirement catalogue (device and hub rules), the pure judge and
 * generators, the harness, the suites, and the runners that certify a subject
 * (`certifyDevice`; hubs through the same Suite interface: see certify/index.ts).
 * conformance/ never imports simulators/ (the judge shares no code with what it judges); it
 * uses only the model and protocol layers of src/, and declares ports (suites/hub/fleet-port.ts)
 * for what the composition layer passes in.
 */
export * from './catalogue/index.js';
export { requirementResult } from './certify/build-result.js';
export { certifyDevice } from './certify/certify-device.js';
export type { ProgressEvent, ProgressListener } from './certify/progress.js';
export { runSuites, type Suite, type SuiteContext, type SuiteSubject } from './certify/suite.js';
export type { DeviceLink, ReceivedFrame } from './harness/device-link.js';
export type { CertifyConfig, CertifyTarget } from './settings/certify-config.js';
export type { JudgedStage } from './suites/judged-stage.js';
export { formatReplayToken, parseReplayToken, type ReplayToken } from './suites/model-based/replay-token.js';
