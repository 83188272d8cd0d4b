/** The face of load/runner/: what other roots use from it (they import nothing deeper). */

export type { PreparedLoad } from './setup.js';
export { prepareLoad } from './setup.js';
