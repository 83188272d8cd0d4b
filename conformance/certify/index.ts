/** Device certification: `certifyDevice(config)` and what it needs and gives. */
export { buildResult } from './build-result.js';
export {
  type CertifyConfig,
  type CertifyTarget,
  DEFAULT_MAX_COMMANDS,
  DEFAULT_QUIET_MS,
  DEFAULT_RUNS,
  DEFAULT_SHRINK_TIME_LIMIT_MS,
  resolveTiming,
} from './certify-config.js';
export { certifyDevice } from './certify-device.js';
export type { ProgressEvent, ProgressListener } from './progress.js';
