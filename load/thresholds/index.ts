/** The face of load/thresholds/: what other roots use from it (they import nothing deeper). */

export type { MetricFamily } from './metrics.js';
export { COUNTERS } from './metrics.js';
