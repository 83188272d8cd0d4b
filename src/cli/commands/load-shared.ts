/** What the `fleetcert load` commands share: the version written into results, the default output folder. */
export { FLEETCERT_VERSION } from '../../package/package-root.js';
export const DEFAULT_LOAD_OUT = 'fleetcert-load-report';
