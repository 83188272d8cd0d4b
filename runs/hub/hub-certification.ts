/**
 * A hub certification run (PROTOCOL.md section 8), as a list of named tasks with setup and
 * teardown (src/tasks/task-runner.ts): broker → fleet → hub process and its READY line → app
 * sessions (the judge's `certifyHub`) → results. Teardowns run in reverse, also after a
 * failure; one whole-run deadline and the caller's abort signal (SIGINT at the CLI) race the
 * loop. The hub under test is either a command fleetcert starts with a configuration it writes
 * (`--hub-command`), or a hub that already runs with the partner's configuration file
 * (`--hub URL --hub-config FILE`), whose tokens, grants, broker and WebSocket devices the
 * fleet then follows.
 */
import { randomBytes } from 'node:crypto';
import type { HubGrantPlan } from '../../conformance/suites/hub/index.js';
import type { WrittenReports } from '../../reports/index.js';
import { realClock } from '../../simulators/clock/index.js';
import { FleetcertError } from '../../src/index.js';
import { silentLogger } from '../../src/log/index.js';
import type { CertificationResult } from '../../src/result/index.js';
import { exitCodeOf } from '../../src/result/index.js';
import { runTasks, type TaskRunOutcome } from '../../src/tasks/index.js';
import type { HubCertificationOptions } from './hub-certification-options.js';
import { type PlannedDevice, planHubFleet } from './hub-fleet.js';
import { HUB_RUN_TASKS, type RunState } from './hub-run-tasks.js';
import { planRunningHubFleet } from './running-hub-fleet.js';

export type { HubCertificationOptions, HubJudge, HubUnderTest } from './hub-certification-options.js';

export interface HubCertificationOutcome {
  readonly run: TaskRunOutcome;
  readonly result?: CertificationResult;
  readonly written?: WrittenReports;
  /** What the hub printed last (for a setup failure or an exit mid-run). */
  readonly hubLines: readonly string[];
  /** The tokens and grants the run used (a caller may check no secret reached the report). */
  readonly grants?: HubGrantPlan;
  /**
   * 0 certified (or partial with every selected rule passed); 1 a rule failed, also when the run
   * was then stopped, interrupted or lost its hub; 2 setup, or a run that stopped before any rule
   * failed (Ctrl-C, the whole run's deadline, a hub that exited or stopped serving).
   */
  readonly exitCode: 0 | 1 | 2;
}

export const DEFAULT_RUN_DEADLINE_MS = 600_000;

/** Runs the tasks of runs/hub/hub-run-tasks.ts with one deadline; the outcome names a failing task. */
export async function runHubCertification(
  options: HubCertificationOptions,
): Promise<HubCertificationOutcome> {
  const logger = options.logger ?? silentLogger();
  const state: RunState = {
    options,
    logger,
    clock: realClock(),
    planned: plannedDevices(options),
    hubPassword: options.brokerUrl === undefined ? secret() : (options.hubBrokerPassword ?? ''),
    wsToken: options.hub.kind === 'hub-url' ? '' : secret(),
    ...(options.deviceToken === undefined ? {} : { deviceToken: options.deviceToken }),
  };
  const run = await runTasks(HUB_RUN_TASKS, state, {
    deadlineMs: options.runDeadlineMs ?? DEFAULT_RUN_DEADLINE_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    logger,
  });
  return {
    run,
    ...(state.result ? { result: state.result } : {}),
    ...(state.written ? { written: state.written } : {}),
    hubLines: state.hub?.lastLines() ?? [],
    ...(state.grants ? { grants: state.grants } : {}),
    exitCode: hubRunExitCode(run, state.result),
  };
}

/** The exit code of a hub run (see HubCertificationOutcome.exitCode): a broken rule is a verdict whatever came after. */
export function hubRunExitCode(run: TaskRunOutcome, result: CertificationResult | undefined): 0 | 1 | 2 {
  if ((result?.counts.failed ?? 0) > 0) return 1;
  if (run.status !== 'passed') return run.error instanceof FleetcertError && run.error.exitCode === 1 ? 1 : 2;
  return result === undefined ? 2 : exitCodeOf(result);
}

function plannedDevices(options: HubCertificationOptions): PlannedDevice[] {
  if (options.hub.kind === 'hub-command') return planHubFleet(options.fleet, options.wsDevices ?? 0);
  return planRunningHubFleet(options.fleet, options.hub.config, {
    name: '--fleet',
    addType: (type) => `add ${type}=N to --fleet (or give its model file)`,
  });
}

function secret(): string {
  return randomBytes(12).toString('base64url');
}
