/**
 * What `npm start` runs by default: the three reference simulators, each certified the way a
 * partner's device would be (bulb and purifier over MQTT against the certification's own
 * broker with the full suite, the TV over its WebSocket binding), and the reference hub with a
 * fleet behind it, certified the way a partner's hub would be (`--hub-command`); then one
 * report each and a summary page linking the four certificates.
 */
import { join } from 'node:path';
import { writeSummaryReport } from '../reports/index.js';
import type { Logger } from '../src/log/logger.js';
import { loadModelFile } from '../src/model/index.js';
import type { CertificationResult } from '../src/result/certification-result.js';
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

/** Certifies every demo device (concurrently: each has its own broker or port) and writes the reports. */
export async function runCertificationDemo(
  config: DemoCertificationConfig,
  logger: Logger,
  onDone: (certification: DemoCertification) => void = () => undefined,
): Promise<DemoCertificationOutcome> {
  const devices = Promise.all(
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
      const certification = { deviceId: device.deviceId, result: written.result, htmlPath: written.htmlPath };
      onDone(certification);
      return certification;
    }),
  );
  const certified = await devices;
  // The hub after the devices: its process, fleet and app sessions would otherwise compete with
  // the devices' 2 s deadlines for the CPU (a busy two-core machine must not fail a device).
  const hubCertification = config.hub ? await certifyDemoHub(config.hub, config, logger, onDone) : undefined;
  const certifications = hubCertification ? [...certified, hubCertification] : certified;
  const summaryPath = await writeSummaryReport(certifications, config.outDir);
  return { certifications, summaryPath };
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
    hub: { kind: 'command', command: hub.command, display: hub.display },
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
