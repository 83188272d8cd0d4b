/**
 * What `npm start` runs: the embedded broker plus one simulated device of each reference model,
 * all over MQTT, and the words that tell a person how to connect. `runStartDemo` is the seam later
 * work extends (a certification run against these devices).
 */

import { MqttDeviceBinding } from '../../../simulators/bindings/mqtt/index.js';
import { realClock } from '../../../simulators/clock/real-clock.js';
import { createDeviceEngine } from '../../../simulators/engine/index.js';
import {
  createBrokerAuthPolicy,
  type EmbeddedBroker,
  sharedTokenPolicy,
  startEmbeddedBroker,
} from '../../broker/index.js';
import { FleetcertError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { loadModelFile } from '../../model/index.js';
import { createRandom } from '../../random.js';

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
  readonly devices: readonly MqttDeviceBinding[];
  readonly token: string;
  /** Devices say offline (EDP-MQTT-1), then the broker closes. */
  stop(): Promise<void>;
}

export async function runStartDemo(config: StartDemoConfig, logger: Logger): Promise<StartDemo> {
  const broker = await startBroker(config, logger);
  const clock = realClock();
  const random = createRandom(config.seed);
  const devices: MqttDeviceBinding[] = [];
  try {
    for (const device of config.devices) {
      const { model } = await loadModelFile(device.modelFile);
      const seed = random.uint32();
      const engine = createDeviceEngine({ deviceId: device.deviceId, model, clock, seed });
      const binding = new MqttDeviceBinding({
        engine,
        url: broker.url,
        token: config.token,
        seed,
        clock,
        logger,
      });
      devices.push(binding);
      await binding.start();
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

/** The text that tells a person where the demo runs and how to talk to it with Mosquitto's clients. */
export function connectionHelp(demo: Pick<StartDemo, 'broker' | 'devices' | 'token'>): string {
  const { host, port } = demo.broker;
  const login = `-h ${host} -p ${port} -u controller:me -P ${shellQuote(demo.token)}`;
  const devices = demo.devices.map((d) => `  ${d.engine.deviceId}  ${d.engine.model.model}`).join('\n');
  const first = demo.devices[0]?.engine.deviceId ?? 'bulb-0001';
  const request = '{"id":1,"method":"get_properties","params":[{"siid":1,"piid":2}]}';
  return [
    `fleetcert demo: MQTT broker at ${demo.broker.url} (token ${demo.token}), devices online:`,
    devices,
    '',
    'Watch presence, notifications and replies:',
    `  mosquitto_sub ${login} -v -t 'edp/1/+/state' -t 'edp/1/+/events' -t 'edp/1/+/rpc/reply'`,
    `Ask ${first} for its model id:`,
    `  mosquitto_pub ${login} -t edp/1/${first}/rpc -m '${request}'`,
    '',
    'Ctrl-C stops everything (devices publish offline presence first).',
    '',
  ].join('\n');
}

function shellQuote(text: string): string {
  return /^[A-Za-z0-9._:@%+=,/-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
