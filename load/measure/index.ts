/** The face of load/measure/: what other roots use from it (they import nothing deeper). */
export { counterValue } from './counters.js';
export type { EncodedHistogram } from './histogram.js';
export { decodeHistogram, percentileCurve, summarize } from './histogram.js';
export { LoadRecorder } from './recorder.js';
export type { IntervalPoint } from './series.js';
