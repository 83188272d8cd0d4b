/**
 * What `npm start` runs by default: the three reference simulators, each certified the way a
 * partner's device would be (bulb and purifier over MQTT against fleetcert's embedded broker with
 * the full suite, the TV over its WebSocket binding), then one report per device and a summary
 * page. The CLI is the composition root: it may join simulators and conformance, which never
 * import each other.
 */
import { join } from 'node:path';
import { certifyDevice } from '../../../conformance/certify/certify-device.js';
import { writeCertificationReports, writeSummaryReport } from '../../../reports/index.js';
import { animate, runTelemetry } from '../../../simulators/behaviours/animated-engine.js';
import { MqttDeviceBinding } from '../../../simulators/bindings/mqtt/index.js';
import { startWsDevice } from '../../../simulators/bindings/ws/index.js';
import { realClock } from '../../../simulators/clock/index.js';
import { createDeviceEngine } from '../../../simulators/engine/index.js';
import type { Logger } from '../../log/logger.js';
import { type LoadedModel, loadModelFile } from '../../model/index.js';
import { createRandom } from '../../random.js';
import type { CertificationResult } from '../../result/certification-result.js';

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
  readonly deviceId: string;
  readonly result: CertificationResult;
  readonly htmlPath: string;
}

export interface DemoCertificationOutcome {
  readonly certifications: readonly DemoCertification[];
  readonly summaryPath: string;
}

/** A running simulator the demo stops once its certification is done. */
interface DemoSimulator {
  stop(): Promise<void>;
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
      const result = await certifyOne(device, loaded, config, logger);
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

async function certifyOne(
  device: DemoCertificationConfig['devices'][number],
  loaded: LoadedModel,
  config: DemoCertificationConfig,
  logger: Logger,
): Promise<CertificationResult> {
  const common = {
    deviceId: device.deviceId,
    token: config.token,
    model: { model: loaded.model, sha256: loaded.sha256 },
    seed: config.seed,
    runs: config.runs,
    toolVersion: config.toolVersion,
    logger,
  };
  let simulator: DemoSimulator | undefined;
  try {
    if (device.transport === 'ws') {
      simulator = await startWsSimulator(device.deviceId, loaded, config);
      return await certifyDevice({ ...common, target: { mode: 'ws', url: (simulator as WsSimulator).url } });
    }
    return await certifyDevice({
      ...common,
      target: {
        mode: 'listen',
        port: 0,
        host: '127.0.0.1',
        connectTimeoutMs: 15_000,
        onListening: (url) => {
          simulator = startMqttSimulator(device.deviceId, loaded, url, config, logger);
        },
      },
    });
  } finally {
    await simulator?.stop();
  }
}

function animatedEngine(deviceId: string, loaded: LoadedModel, seed: number) {
  const clock = realClock();
  const engine = animate(
    createDeviceEngine({ deviceId, model: loaded.model, clock, seed }),
    createRandom(seed + 1),
  );
  return { engine, clock };
}

function startMqttSimulator(
  deviceId: string,
  loaded: LoadedModel,
  url: string,
  config: DemoCertificationConfig,
  logger: Logger,
): DemoSimulator {
  const { engine, clock } = animatedEngine(deviceId, loaded, config.seed);
  const binding = new MqttDeviceBinding({
    engine,
    url,
    token: config.token,
    seed: config.seed,
    clock,
    logger,
  });
  const telemetry = runTelemetry(engine.behaviour, {
    clock: realClock({ unref: true }),
    periodMs: 1_000,
    notify: (n) => binding.notify(n),
  });
  const started = binding
    .start()
    .catch((error: unknown) => logger.error({ deviceId, err: error }, 'simulator did not start'));
  return {
    async stop() {
      telemetry.cancel();
      await started;
      await binding.stop();
    },
  };
}

interface WsSimulator extends DemoSimulator {
  readonly url: string;
}

async function startWsSimulator(
  deviceId: string,
  loaded: LoadedModel,
  config: DemoCertificationConfig,
): Promise<WsSimulator> {
  const { engine } = animatedEngine(deviceId, loaded, config.seed);
  const device = await startWsDevice({ engine, token: config.token });
  const telemetry = runTelemetry(engine.behaviour, {
    clock: realClock({ unref: true }),
    periodMs: 1_000,
    notify: (n) => device.notify(n),
  });
  return {
    url: device.url,
    async stop() {
      telemetry.cancel();
      await device.close();
    },
  };
}

/** The closing text of the demo: one line per device, then where the reports are. */
export function demoSummaryText(outcome: DemoCertificationOutcome): string {
  const lines = outcome.certifications.map(({ deviceId, result, htmlPath }) => {
    const verdict =
      result.verdict === 'certified'
        ? 'CERTIFIED    '
        : result.verdict === 'partial'
          ? 'PARTIAL      '
          : 'NOT CERTIFIED';
    const { passed, failed, notRun } = result.counts;
    return `  ${verdict} ${deviceId.padEnd(15)} ${(result.subject.kind === 'device' ? result.subject.modelId : 'hub').padEnd(22)} ${passed} passed, ${failed} failed, ${notRun} not run — ${htmlPath}`;
  });
  const seed = outcome.certifications[0]?.result.seed;
  return [
    '',
    `fleetcert demo: three reference simulators certified (seed ${seed}):`,
    ...lines,
    '',
    `Summary report: ${outcome.summaryPath}`,
    'Next: certify your own device with `npx fleetcert certify --help`; `npm start -- --serve` keeps the demo devices running.',
    '',
  ].join('\n');
}
