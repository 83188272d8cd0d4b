/**
 * Test helper: certify a reference simulator (or the independent device) end to end, in any
 * mode: `listen` (certify's own broker; the simulator connects to it), `broker` (a broker the
 * test starts) or `ws`.
 */

import type { CertifyConfig } from '../../conformance/certify/certify-config.js';
import { certifyDevice } from '../../conformance/certify/certify-device.js';
import type { FaultPlan } from '../../simulators/faults/types.js';
import { createBrokerAuthPolicy } from '../../src/broker/auth-policy.js';
import { startEmbeddedBroker } from '../../src/broker/embedded-broker.js';
import { sharedTokenPolicy } from '../../src/broker/token-policy.js';
import { modelSha256 } from '../../src/model/hash.js';
import type { CertificationResult } from '../../src/result/certification-result.js';
import type { IndependentModel } from './independent-device.js';
import { startIndependentMqttDevice } from './independent-device-mqtt.js';
import { startIndependentWsDevice } from './independent-device-ws.js';
import {
  type ModelName,
  type RunningSimulator,
  referenceModel,
  startMqttSimulator,
  startWsSimulator,
} from './reference-simulator.js';

export type Mode = 'listen' | 'broker' | 'ws';

export interface CertifySimulatorOptions {
  readonly type: ModelName;
  readonly mode: Mode;
  /** Certify the device written from the protocol alone instead of the reference simulator. */
  readonly independent?: boolean;
  readonly faults?: FaultPlan;
  readonly seed?: number;
  /** Passed on to certifyDevice (runs, only, shrinkTimeLimitMs, …). */
  readonly config?: Partial<Omit<CertifyConfig, 'target' | 'deviceId' | 'token' | 'seed'>>;
}

const TOKEN = 'certify-test-token';

export async function certifySimulator(options: CertifySimulatorOptions): Promise<CertificationResult> {
  const model = referenceModel(options.type);
  const deviceId = `${options.type}-0001`;
  const sim = {
    deviceId,
    type: options.type,
    token: TOKEN,
    ...(options.faults ? { faults: options.faults } : {}),
  };
  const base = {
    deviceId,
    token: TOKEN,
    model: { model, sha256: modelSha256(model) },
    seed: options.seed ?? 1,
    runs: 100,
    toolVersion: 'test',
    ...options.config,
  };
  const running: Array<Promise<RunningSimulator>> = [];
  const startMqtt = (url: string) =>
    options.independent === true
      ? startIndependentMqttDevice(url, model as unknown as IndependentModel, deviceId, TOKEN)
      : startMqttSimulator(url, sim, false);
  try {
    switch (options.mode) {
      case 'listen':
        return await certifyDevice({
          ...base,
          target: {
            mode: 'listen',
            port: 0,
            host: '127.0.0.1',
            connectTimeoutMs: 15_000,
            onListening: (url) => running.push(startMqtt(url)),
          },
        });
      case 'broker': {
        const broker = await startEmbeddedBroker({
          port: 0,
          auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(TOKEN) }),
        });
        try {
          running.push(startMqtt(broker.url));
          await running[0];
          await new Promise((resolve) => setTimeout(resolve, 200));
          return await certifyDevice({ ...base, target: { mode: 'broker', url: broker.url } });
        } finally {
          await Promise.all(running.splice(0).map(async (r) => (await r).stop()));
          await broker.close();
        }
      }
      case 'ws': {
        const device =
          options.independent === true
            ? await startIndependentWsDevice(model as unknown as IndependentModel, deviceId, TOKEN)
            : await startWsSimulator(sim);
        running.push(Promise.resolve(device));
        return await certifyDevice({ ...base, target: { mode: 'ws', url: device.url as string } });
      }
    }
  } finally {
    await Promise.all(running.map(async (r) => (await r).stop()));
  }
}
