/**
 * The CLI's edge: what every command shares about this install and its defaults, in one place
 * (version written into results and reports, where the package's own files are, default output
 * folders). Commands import these from here, never from a sibling command.
 */
export {
  FLEETCERT_VERSION,
  PACKAGE_ROOT,
  packagePath,
  referenceModelPath,
  referenceModelTypes,
} from '../src/package/index.js';

/** Where `fleetcert load` and `load merge` write unless --out says otherwise. */
export const DEFAULT_LOAD_OUT = 'fleetcert-load-report';
