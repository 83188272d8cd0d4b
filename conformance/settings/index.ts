/** The face of conformance/settings/: what other roots use from it (they import nothing deeper). */

export type { CertifyConfig, CertifyTarget, TlsListenOptions } from './certify-config.js';
export { DEFAULT_RUNS } from './certify-config.js';
