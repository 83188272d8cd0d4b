/** The face of src/package/: what other roots use from it (they import nothing deeper). */
export { FLEETCERT_VERSION, PACKAGE_ROOT, packagePath } from './package-root.js';
export { referenceModelPath, referenceModelTypes } from './reference-models.js';
