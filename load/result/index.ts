/** The face of load/result/: what other roots use from it (they import nothing deeper). */
export { buildLoadResult } from './build.js';
export type { ErrorSample, LoadResult } from './types.js';
