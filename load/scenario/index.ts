/** The face of load/scenario/: what other roots use from it (they import nothing deeper). */
export { formatDuration, formatRate } from './quantities.js';
export type { Scenario, Stage } from './types.js';
