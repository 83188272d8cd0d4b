/**
 * `runDeviceCertification(options)`: one device certification end to end, as `fleetcert
 * certify`, `npm start` and the tests run it: the tasks of device-run-tasks.ts on the one task
 * runner, with one deadline and the caller's abort signal. A device that breaks rules gives a
 * not-certified result; a run that could not reach it throws its setup error (exit 2), as
 * before any verdict there is nothing to write — except over TLS, where the TLS checks were
 * judged first: their verdicts are the result (tlsUnreached says why nothing else ran).
 */

import { performance } from 'node:perf_hooks';
import type { TlsUnreachableError } from '../../conformance/tls/index.js';
import type { WrittenReports } from '../../reports/index.js';
import { silentLogger } from '../../src/log/index.js';
import type { CertificationResult } from '../../src/result/index.js';
import { exitCodeOf } from '../../src/result/index.js';
import { runTasks, type TaskRunOutcome } from '../../src/tasks/index.js';
import { DEVICE_RUN_TASKS, type DeviceRunOptions, type DeviceRunState } from './device-run-tasks.js';

export interface DeviceCertificationOutcome {
  readonly run: TaskRunOutcome;
  readonly result: CertificationResult;
  /** The reports, when `outDir` was given. */
  readonly written?: WrittenReports;
  /** The failed rules' trace files, when `outDir` was given. */
  readonly tracePaths: readonly string[];
  /** The run was stopped (Ctrl-C, its deadline): the result holds what was judged, marked partial. */
  readonly stopped: boolean;
  /**
   * `--listen-tls`: the device never connected with the good certificate. The result holds the
   * TLS verdicts and every other rule not run; this error says what to fix.
   */
  readonly tlsUnreached?: TlsUnreachableError;
  /**
   * 0 certified (or partial with every selected rule passed), 1 a rule failed (also when the
   * run was then stopped, or when a device over TLS made attempts but never connected), 2 a run
   * stopped before any rule failed: it did not finish; also a device that never tried TLS at all.
   */
  readonly exitCode: 0 | 1 | 2;
}

/** The longest timer Node keeps: "no deadline" for a run whose judge bounds its own time. */
const NO_DEADLINE_MS = 2 ** 31 - 1;

export async function runDeviceCertification(options: DeviceRunOptions): Promise<DeviceCertificationOutcome> {
  const logger = options.logger ?? silentLogger();
  const state: DeviceRunState = {
    options,
    logger,
    traces: [],
    since: { startedAt: new Date(), started: performance.now() },
  };
  const run = await runTasks(DEVICE_RUN_TASKS, state, {
    deadlineMs: options.runDeadlineMs ?? NO_DEADLINE_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    logger,
  });
  const { result } = state;
  // No verdict at all: the run's setup error (the device could not be reached) is the outcome.
  if (result === undefined) throw run.error;
  // Judged, then a task failed (the reports could not be written): that error is the outcome.
  if (run.status === 'failed') throw run.error;
  const stopped = run.status !== 'passed';
  const unreached = state.tlsUnreached;
  // Nothing ever connected to the TLS listener: an unreachable subject (2), its empty TLS record written.
  const neverTried = unreached !== undefined && unreached.tls.report.attempts.length === 0;
  return {
    run,
    result: state.written?.result ?? result,
    ...(state.written ? { written: state.written } : {}),
    tracePaths: state.tracePaths ?? [],
    stopped,
    ...(unreached === undefined ? {} : { tlsUnreached: unreached }),
    exitCode: neverTried || (stopped && result.counts.failed === 0) ? 2 : exitCodeOf(result),
  };
}
