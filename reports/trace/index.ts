/** Trace files on disk: sealed like reports, and one JUnit file for a replay of many. */
export {
  type ReplayReport,
  type ReplayReportEntry,
  renderReplayJunit,
  replayFailureText,
} from './replay-junit.js';
export { type SealableTrace, sealTrace, TRACES_DIR, writeTraceFiles } from './seal-trace.js';
