/**
 * The one task runner every run is composed on (device and hub certification, load, the demo):
 * named tasks set up in order and torn down in reverse, one deadline, signals.
 */
export {
  RunTimeoutError,
  runTasks,
  type Task,
  type TaskRunOutcome,
  type TaskRunStatus,
} from './task-runner.js';
