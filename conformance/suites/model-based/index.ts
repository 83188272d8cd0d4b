/** The face of conformance/suites/model-based/: what other roots use from it (they import nothing deeper). */

export type { ReplayToken } from './replay-token.js';
export { formatReplayToken, parseReplayToken } from './replay-token.js';
