/** The face of reports/integrity/: what other roots use from it (they import nothing deeper). */
export { privateKeyFromPem } from './signature.js';
export { verifyReport } from './verify.js';
