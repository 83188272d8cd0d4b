/**
 * Trace files: a failed rule's counterexample as a file a partner commits and replays on every
 * build, judged by the same judge, without the generators (so a fleetcert upgrade that changes
 * them leaves committed traces valid). Nothing here imports conformance/generators.
 */
export { buildTrace, type TraceContext } from './build-trace.js';
export { TraceFileError, TraceModelMismatchError, TraceSealError } from './errors.js';
export { parseTrace, parseTraceText, traceProblems } from './parse-trace.js';
export type { LoadedTrace, ReplayConfig, ReplayedTrace, ReplayRun } from './replay-device.js';
export { replayTraces } from './replay-device.js';
export { replayTrace, type TraceReplayOutcome } from './replay-trace.js';
export {
  TRACE_SCHEMA,
  type TraceFile,
  type TraceMessage,
  type TraceStep,
  traceFileName,
} from './trace-file.js';
