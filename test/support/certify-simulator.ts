/**
 * Test helper: certify a reference simulator (or the independent device) end to end, in any
 * mode: `listen` (certify's own broker; the simulator connects to it), `broker` (an embedded
 * broker the run starts) or `ws`, through the run the CLI uses (runs/device-certification.ts).
 */

import type { CertifyConfig } from '../../conformance/settings/certify-config.js';
import { certifySimulatedDevice, type DevicePlace } from '../../runs/index.js';
import type { FaultPlan } from '../../simulators/faults/types.js';
import { modelSha256 } from '../../src/model/hash.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import type { IndependentModel } from './independent-device.js';
import { startIndependentMqttDevice } from './independent-device-mqtt.js';
import { startIndependentWsDevice } from './independent-device-ws.js';
import { type ModelName, referenceModel } from './reference-simulator.js';

export type Mode = 'listen' | 'broker' | 'ws';

export interface CertifySimulatorOptions {
  readonly type: ModelName;
  readonly mode: Mode;
  /** Certify the device written from the protocol alone instead of the reference simulator. */
  readonly independent?: boolean;
  /** The independent device's planted bug: its properties_changed items this late (MQTT only). */
  readonly independentItemDelayMs?: number;
  readonly faults?: FaultPlan;
  readonly seed?: number;
  /** Passed on to certifyDevice (runs, only, shrinkTimeLimitMs, …). */
  readonly config?: Partial<Omit<CertifyConfig, 'target' | 'deviceId' | 'token' | 'seed'>>;
}

const TOKEN = 'certify-test-token';

export async function certifySimulator(options: CertifySimulatorOptions): Promise<CertificationResult> {
  const model = referenceModel(options.type);
  const deviceId = `${options.type}-0001`;
  const independent = (place: DevicePlace) =>
    place.kind === 'mqtt'
      ? startIndependentMqttDevice(
          place.url,
          model as unknown as IndependentModel,
          deviceId,
          TOKEN,
          options.independentItemDelayMs === undefined ? {} : { itemDelayMs: options.independentItemDelayMs },
        )
      : startIndependentWsDevice(model as unknown as IndependentModel, deviceId, TOKEN);
  const outcome = await certifySimulatedDevice({
    device: {
      model,
      sha256: modelSha256(model),
      deviceId,
      token: TOKEN,
      telemetryPeriodMs: 250,
      ...(options.faults ? { faults: options.faults } : {}),
    },
    mode: options.mode,
    certify: { seed: options.seed ?? 1, runs: 100, toolVersion: 'test', ...options.config },
    ...(options.independent === true ? { startDevice: independent } : {}),
  });
  return outcome.result;
}
