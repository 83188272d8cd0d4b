/**
 * What `npm start` runs by default: the three reference simulators, each certified the way a
 * partner's device would be (bulb and purifier over MQTT against the certification's own
 * broker with the full suite, the TV over its WebSocket binding), then one report per device
 * and a summary page linking them.
 */
import { join } from 'node:path';
import { writeCertificationReports, writeSummaryReport } from '../reports/index.js';
import type { Logger } from '../src/log/logger.js';
import { loadModelFile } from '../src/model/index.js';
import type { CertificationResult } from '../src/result/certification-result.js';
import { certifySimulatedDevice } from './device-certification.js';

export interface DemoCertificationConfig {
  readonly devices: readonly {
    readonly deviceId: string;
    readonly modelFile: string;
    readonly transport: 'mqtt' | 'ws';
  }[];
  readonly token: string;
  readonly seed: number;
  readonly runs: number;
  readonly outDir: string;
  readonly toolVersion: string;
}

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
  const certifications = await Promise.all(
    config.devices.map(async (device) => {
      const loaded = await loadModelFile(device.modelFile);
      const result = await certifySimulatedDevice({
        device: {
          model: loaded.model,
          sha256: loaded.sha256,
          deviceId: device.deviceId,
          token: config.token,
          telemetryPeriodMs: 1_000,
        },
        mode: device.transport === 'ws' ? 'ws' : 'listen',
        certify: { seed: config.seed, runs: config.runs, toolVersion: config.toolVersion },
        logger,
      });
      const written = await writeCertificationReports(result, {
        outDir: join(config.outDir, device.deviceId),
      });
      const certification = { deviceId: device.deviceId, result: written.result, htmlPath: written.htmlPath };
      onDone(certification);
      return certification;
    }),
  );
  const summaryPath = await writeSummaryReport(certifications, config.outDir);
  return { certifications, summaryPath };
}
