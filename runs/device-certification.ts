/**
 * Certify one simulated device end to end, as `npm start` and the tests do: the device run of
 * runs/device/ (broker → device → judge → results on the task runner) with the simulator (or a
 * stand-in such as a test's independent device) as the device the run starts. `listen`: the
 * certification's own broker; `broker`: an embedded broker the run starts for both; `ws`: the
 * device's own server. This is the composition layer: it may join simulators/ and
 * conformance/, which never import each other.
 */
import type { CertifyConfig } from '../conformance/certify/certify-config.js';
import type { FaultPlan } from '../simulators/faults/types.js';
import { runDevice } from '../simulators/index.js';
import type { Logger } from '../src/log/logger.js';
import type { DeviceModel } from '../src/model/types.js';
import {
  type DeviceCertificationOutcome,
  runDeviceCertification,
} from './device/device-certification-run.js';
import type { StartDevice } from './device/device-run-tasks.js';

export type { DevicePlace, StartDevice, StartedDevice } from './device/device-run-tasks.js';

export type DeviceCertificationMode = 'listen' | 'broker' | 'ws';

export interface SimulatedDeviceSpec {
  readonly model: DeviceModel;
  readonly sha256: string;
  readonly deviceId: string;
  /** The device's MQTT password, or its WebSocket bearer token. */
  readonly token: string;
  /** Default: the certification's seed. */
  readonly seed?: number;
  readonly faults?: FaultPlan;
  /** Real time between behaviour steps. Default 1000 ms. */
  readonly telemetryPeriodMs?: number;
}

export interface DeviceCertificationOptions {
  readonly device: SimulatedDeviceSpec;
  readonly mode: DeviceCertificationMode;
  readonly certify: Omit<CertifyConfig, 'target' | 'deviceId' | 'token' | 'model' | 'onTrace'>;
  /** Start something else in the simulator's place (its model and id are still `device`'s). */
  readonly startDevice?: StartDevice;
  /** Where the run writes the reports; none when absent. */
  readonly outDir?: string;
  readonly logger?: Logger;
}

/** How long the device has to reach the certification's own broker (`listen`). */
const CONNECT_TIMEOUT_MS = 15_000;

export async function certifySimulatedDevice(
  options: DeviceCertificationOptions,
): Promise<DeviceCertificationOutcome> {
  const { device } = options;
  return runDeviceCertification({
    ...options.certify,
    deviceId: device.deviceId,
    token: device.token,
    model: { model: device.model, sha256: device.sha256 },
    target:
      options.mode === 'listen'
        ? { mode: 'listen', port: 0, host: '127.0.0.1', connectTimeoutMs: CONNECT_TIMEOUT_MS }
        : { mode: options.mode },
    startDevice: options.startDevice ?? simulatorStarter(options),
    ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** The reference simulator for `device`: MQTT devices start in the background (certification waits for them). */
function simulatorStarter(options: DeviceCertificationOptions): StartDevice {
  const { device } = options;
  return (place) =>
    runDevice({
      model: device.model,
      deviceId: device.deviceId,
      token: device.token,
      transport: place.kind === 'mqtt' ? { kind: 'mqtt', url: place.url } : { kind: 'ws' },
      seed: device.seed ?? options.certify.seed,
      telemetryPeriodMs: device.telemetryPeriodMs ?? 1_000,
      waitOnline: false,
      ...(device.faults ? { faults: device.faults } : {}),
      ...(options.logger ? { logger: subjectLogger(options.logger) } : {}),
    });
}

/**
 * The simulator under certification warns when it refuses the judge's own probes (a wrong bearer
 * token, a foreign client id): expected there, alarming in a partner's terminal. Below debug it
 * keeps to errors; `--log-level debug` shows everything.
 */
function subjectLogger(logger: Logger): Logger {
  return logger.levelVal < (logger.levels.values.info ?? 30) ? logger : logger.child({}, { level: 'error' });
}
