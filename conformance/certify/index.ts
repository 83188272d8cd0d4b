/**
 * Certification: what the judge certifies and how its checks are wired.
 *
 * A subject (a device, a hub) is judged by a list of suites behind one small interface
 * (suite.ts, after fast-check's `ICommand`):
 *
 * ```ts
 * interface Suite<Context extends SuiteContext> {
 *   id: string;                                // names it in logs
 *   rules: readonly RuleId[];                  // runs when one is selected; [] = an observation step
 *   appliesTo(subject: SuiteSubject): boolean; // { kind: 'device' | 'hub', mode }
 *   run(context: Context): Promise<void>;      // context.emit(outcome) once per rule it judges
 * }
 * ```
 *
 * `runSuites(list, context)` runs each suite that applies, in list order. A subject's runner
 * (certifyDevice here; certifyHub for hubs) connects to the subject, builds a context that
 * extends `SuiteContext` with what its suites share (DeviceSuiteContext: the link, the
 * harness, the target), runs its list (DEVICE_SUITES), and builds the result with
 * `requirementResult` for each rule of `requirementsFor(kind)`. A new subject is a new
 * catalogue file, a new context, a new suite list and a runner: no edits across the others.
 */

export {
  type CertifyConfig,
  type CertifyTarget,
  DEFAULT_MAX_COMMANDS,
  DEFAULT_QUIET_MS,
  DEFAULT_RUNS,
  DEFAULT_SHRINK_TIME_LIMIT_MS,
  resolveTiming,
} from '../settings/certify-config.js';
export {
  buildResult,
  deviceResultInputs,
  type ReplaySettings,
  type ResultInputs,
  requirementResult,
  tally,
} from './build-result.js';
export { certifyDevice, judgeDevice, reachDevice } from './certify-device.js';
export type { HubCertification } from './certify-hub.js';
export { certifyHub, DEFAULT_HUB_RUNS } from './certify-hub.js';
export type { ConnectedTarget } from './connect-target.js';
export type { DeviceSuiteContext } from './device-context.js';
export { DEVICE_SUITES } from './device-suites.js';
export type { ProgressEvent, ProgressListener } from './progress.js';
export { runSuites, type Suite, type SuiteContext, type SuiteSubject, suiteRuns } from './suite.js';
export { tlsOnlyResult, UNKNOWN_MODEL_ID } from './tls-only-result.js';
