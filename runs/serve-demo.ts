/**
 * What `npm start -- --serve` runs: the embedded broker plus one simulated device of each
 * reference model, all over MQTT, online until stopped (the CLI prints how to connect).
 */
import { type RunningDevice, runDevice } from '../simulators/index.js';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  sharedTokenPolicy,
  startEmbeddedBroker,
} from '../src/broker/index.js';
import { createRandom, FleetcertError } from '../src/index.js';
import type { Logger } from '../src/log/index.js';
import { loadModelFile } from '../src/model/index.js';

export interface DemoDevice {
  readonly deviceId: string;
  readonly modelFile: string;
}

export interface StartDemoConfig {
  readonly host: string;
  /** Preferred MQTT port; when it is taken and `portFallback` holds, a free one is used. */
  readonly port: number;
  readonly portFallback: boolean;
  /** The one token of the demo broker (loopback only, printed so people can connect). */
  readonly token: string;
  readonly seed: number;
  readonly devices: readonly DemoDevice[];
}

export interface StartDemo {
  readonly broker: EmbeddedBroker;
  readonly devices: readonly RunningDevice[];
  readonly token: string;
  /** Devices say offline (EDP-MQTT-1), then the broker closes. */
  stop(): Promise<void>;
}

export async function runStartDemo(config: StartDemoConfig, logger: Logger): Promise<StartDemo> {
  const broker = await startBroker(config, logger);
  const random = createRandom(config.seed);
  const devices: RunningDevice[] = [];
  try {
    for (const device of config.devices) {
      const { model } = await loadModelFile(device.modelFile);
      devices.push(
        await runDevice({
          model,
          deviceId: device.deviceId,
          token: config.token,
          transport: { kind: 'mqtt', url: broker.url },
          seed: random.uint32(),
          logger,
        }),
      );
    }
  } catch (error) {
    await Promise.all(devices.map((d) => d.stop()));
    await broker.close();
    throw error;
  }
  return {
    broker,
    devices,
    token: config.token,
    async stop() {
      await Promise.all(devices.map((device) => device.stop()));
      await broker.close();
    },
  };
}

async function startBroker(config: StartDemoConfig, logger: Logger): Promise<EmbeddedBroker> {
  const options = {
    host: config.host,
    auth: createBrokerAuthPolicy({ tokens: sharedTokenPolicy(config.token) }),
    logger,
  };
  try {
    return await startEmbeddedBroker({ ...options, port: config.port });
  } catch (error) {
    if (!(config.portFallback && error instanceof FleetcertError && error.code === 'FLEETCERT_BROKER_LISTEN'))
      throw error;
    logger.warn({ port: config.port }, `port ${config.port} is taken; using a free port instead`);
    return startEmbeddedBroker({ ...options, port: 0 });
  }
}
