/** The face of load/plan/: what other roots use from it (they import nothing deeper). */

export type { ShardSpec } from './devices.js';
export { WHOLE_RUN } from './devices.js';
