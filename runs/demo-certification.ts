/**
 * What `npm start` runs by default: the three reference simulators, each certified the way a
 * partner's device would be (bulb and purifier over MQTT against the certification's own
 * broker with the full suite, the TV over its WebSocket binding), and the reference hub with a
 * fleet behind it, certified the way a partner's hub would be (`--hub-command`); then one
 * report each and a summary page linking the four certificates. Named tasks on the one task
 * runner (devices → reference hub → summary); each certification is itself a run of tasks.
 */
import { join } from 'node:path';
import { writeSummaryReport } from '../reports/index.js';
import type { Logger } from '../src/log/index.js';
import { loadModelFile } from '../src/model/index.js';
import type { CertificationResult } from '../src/result/index.js';
import { runTasks, type Task } from '../src/tasks/index.js';
import { certifySimulatedDevice } from './device-certification.js';
import { runHubCertification } from './hub/hub-certification.js';
import { HubSetupError } from './hub/hub-process.js';

export interface DemoCertificationConfig {
  readonly devices: readonly {
    readonly deviceId: string;
    readonly modelFile: string;
    readonly transport: 'mqtt' | 'ws';
  }[];
  /** The reference hub and its fleet; absent: devices only. */
  readonly hub?: DemoHub;
  readonly token: string;
  readonly seed: number;
  readonly runs: number;
  readonly outDir: string;
  readonly toolVersion: string;
}

export interface DemoHub {
  /** How to start it (`node bin/fleetcert.js hub`), resolved at the edge. */
  readonly command: readonly string[];
  /** How the report names it. */
  readonly display: string;
  readonly fleet: readonly { readonly type: string; readonly modelFile: string; readonly count: number }[];
  readonly wsDevices: number;
  /** Generated app sessions. */
  readonly runs: number;
}

/** The hub's line on the summary page and in the demo's words. */
export const DEMO_HUB_NAME = 'reference-hub';

export interface DemoCertification {
  /** The device id, or the hub's name in the summary. */
  readonly deviceId: string;
  readonly result: CertificationResult;
  readonly htmlPath: string;
}

export interface DemoCertificationOutcome {
  readonly certifications: readonly DemoCertification[];
  readonly summaryPath: string;
}

interface DemoRunState {
  readonly config: DemoCertificationConfig;
  readonly logger: Logger;
  readonly onDone: (certification: DemoCertification) => void;
  readonly certifications: DemoCertification[];
  summaryPath?: string;
}

/** Every demo device, concurrently: each has its own broker or port, and its run writes its reports. */
const devicesTask: Task<DemoRunState> = {
  name: 'devices',
  async setup(state) {
    const { config, logger } = state;
    const certified = await Promise.all(
      config.devices.map(async (device) => {
        const loaded = await loadModelFile(device.modelFile);
        const { written } = await certifySimulatedDevice({
          device: {
            model: loaded.model,
            sha256: loaded.sha256,
            deviceId: device.deviceId,
            token: config.token,
            telemetryPeriodMs: 1_000,
          },
          mode: device.transport === 'ws' ? 'ws' : 'listen',
          certify: { seed: config.seed, runs: config.runs, toolVersion: config.toolVersion },
          outDir: join(config.outDir, device.deviceId),
          logger,
        });
        if (written === undefined) throw new Error(`the reports of ${device.deviceId} were not written`);
        const certification = {
          deviceId: device.deviceId,
          result: written.result,
          htmlPath: written.htmlPath,
        };
        state.onDone(certification);
        return certification;
      }),
    );
    state.certifications.push(...certified);
  },
};

/**
 * The hub after the devices: its process, fleet and app sessions would otherwise compete with
 * the devices' 2 s deadlines for the CPU (a busy two-core machine must not fail a device).
 */
const hubTask: Task<DemoRunState> = {
  name: 'reference hub',
  async setup(state) {
    const { config } = state;
    if (config.hub)
      state.certifications.push(await certifyDemoHub(config.hub, config, state.logger, state.onDone));
  },
};

const summaryTask: Task<DemoRunState> = {
  name: 'summary',
  async setup(state) {
    state.summaryPath = await writeSummaryReport(state.certifications, state.config.outDir);
  },
};

const DEMO_TASKS: readonly Task<DemoRunState>[] = [devicesTask, hubTask, summaryTask];

/** The longest timer Node keeps: the demo's runs bound their own time. */
const NO_DEADLINE_MS = 2 ** 31 - 1;

/** Certifies every demo device, then the reference hub, then writes the summary: tasks on the one task runner. */
export async function runCertificationDemo(
  config: DemoCertificationConfig,
  logger: Logger,
  onDone: (certification: DemoCertification) => void = () => undefined,
): Promise<DemoCertificationOutcome> {
  const state: DemoRunState = { config, logger, onDone, certifications: [] };
  const run = await runTasks(DEMO_TASKS, state, { deadlineMs: NO_DEADLINE_MS, logger });
  if (run.status !== 'passed' || state.summaryPath === undefined) throw run.error;
  return { certifications: state.certifications, summaryPath: state.summaryPath };
}

async function certifyDemoHub(
  hub: DemoHub,
  config: DemoCertificationConfig,
  logger: Logger,
  onDone: (certification: DemoCertification) => void,
): Promise<DemoCertification> {
  const fleet = await Promise.all(
    hub.fleet.map(async (group) => ({
      type: group.type,
      model: (await loadModelFile(group.modelFile)).model,
      count: group.count,
    })),
  );
  const outcome = await runHubCertification({
    hub: { kind: 'hub-command', command: hub.command, display: hub.display },
    fleet,
    wsDevices: hub.wsDevices,
    seed: config.seed,
    runs: hub.runs,
    toolVersion: config.toolVersion,
    outDir: join(config.outDir, DEMO_HUB_NAME),
    logger,
  });
  if (!outcome.result || !outcome.written) {
    const error = outcome.run.error;
    throw error instanceof Error
      ? error
      : new HubSetupError(
          `the reference hub's certification stopped (${outcome.run.status})`,
          outcome.hubLines,
        );
  }
  const certification = {
    deviceId: DEMO_HUB_NAME,
    result: outcome.written.result,
    htmlPath: outcome.written.htmlPath,
  };
  onDone(certification);
  return certification;
}
