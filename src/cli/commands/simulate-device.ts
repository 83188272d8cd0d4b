/**
 * `fleetcert simulate` for one device: its options, their resolution into a frozen config, and
 * the run (engine + MQTT binding). Kept apart from simulate.ts so fleet options live in their
 * own file beside this one.
 */
import type { Argv } from 'yargs';
import { type RunningDevice, runDevice } from '../../../simulators/index.js';
import { UsageError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { loadModelFile } from '../../model/index.js';
import { isValidDeviceId } from '../../transport/mqtt/topics.js';
import { referenceModelPath, referenceModelTypes } from './reference-models.js';

export interface DeviceArgs {
  readonly type?: string;
  readonly model?: string;
  readonly id?: string;
  readonly broker: string;
  readonly token?: string;
  readonly seed: number;
  readonly firmware?: string;
  readonly keepalive: number;
}

export interface SimulatedDeviceConfig {
  readonly modelFile: string;
  /** `undefined`: `{model type}-0001`, decided once the model is loaded. */
  readonly deviceId?: string;
  readonly broker: string;
  readonly token?: string;
  readonly seed: number;
  readonly firmware?: string;
  readonly keepaliveSeconds: number;
}

export function addDeviceOptions<T>(yargs: Argv<T>): Argv<T & DeviceArgs> {
  return yargs
    .option('type', {
      type: 'string',
      choices: referenceModelTypes(),
      describe: 'A reference model from fixtures/models/',
    })
    .option('model', { type: 'string', describe: 'A model file (JSON) instead of --type' })
    .option('id', { type: 'string', describe: 'Device id (default: TYPE-0001)' })
    .option('broker', {
      type: 'string',
      default: 'mqtt://127.0.0.1:1883',
      describe: 'Broker URL (mqtt, mqtts, ws, wss)',
    })
    .option('token', {
      type: 'string',
      describe: "The device's token, its MQTT password (or FLEETCERT_TOKEN)",
    })
    .option('seed', {
      type: 'number',
      default: 1,
      describe: 'Seed for every random choice (reconnect jitter, faults)',
    })
    .option('firmware', {
      type: 'string',
      describe: 'Firmware version, property (1, 4) and presence fw (default 1.0.0)',
    })
    .option('keepalive', { type: 'number', default: 30, describe: 'MQTT keepalive in seconds, 1 to 60' })
    .conflicts('type', 'model') as unknown as Argv<T & DeviceArgs>;
}

/** Pure: validates the device options (and `FLEETCERT_TOKEN`) into a frozen config, or throws a UsageError. */
export function resolveDeviceConfig(
  args: DeviceArgs,
  env: Readonly<Record<string, string | undefined>>,
): SimulatedDeviceConfig {
  if ((args.type === undefined) === (args.model === undefined)) {
    throw new UsageError(`name the device with --type (${referenceModelTypes().join(', ')}) or --model FILE`);
  }
  if (args.id !== undefined && !isValidDeviceId(args.id)) {
    throw new UsageError(
      `--id ${JSON.stringify(args.id)} is not a device id: 3 to 64 of a-z 0-9 -, starting with a letter or digit`,
    );
  }
  if (!Number.isInteger(args.keepalive) || args.keepalive < 1 || args.keepalive > 60) {
    throw new UsageError(
      `--keepalive must be a whole number of seconds from 1 to 60 (section 5), got ${args.keepalive}`,
    );
  }
  if (!Number.isFinite(args.seed)) throw new UsageError(`--seed must be a number, got ${args.seed}`);
  const token = args.token ?? (env.FLEETCERT_TOKEN || undefined);
  return Object.freeze({
    modelFile: args.model ?? referenceModelPath(args.type as string),
    ...(args.id === undefined ? {} : { deviceId: args.id }),
    broker: args.broker,
    ...(token === undefined ? {} : { token }),
    seed: args.seed,
    ...(args.firmware === undefined ? {} : { firmware: args.firmware }),
    keepaliveSeconds: args.keepalive,
  });
}

/** Loads the model, starts the device (simulators' `runDevice`) and resolves once it is online. */
export async function runSimulatedDevice(
  config: SimulatedDeviceConfig,
  logger: Logger,
): Promise<RunningDevice> {
  const { model } = await loadModelFile(config.modelFile);
  const deviceId = config.deviceId ?? `${model.type.toLowerCase()}-0001`;
  if (!isValidDeviceId(deviceId)) {
    throw new UsageError(`model type ${JSON.stringify(model.type)} does not make a device id; pass --id`);
  }
  // Behaviour (simulators/behaviours): volatile readings live, one step a second, seeded per device.
  const device = await runDevice({
    model,
    deviceId,
    ...(config.token === undefined ? {} : { token: config.token }),
    transport: { kind: 'mqtt', url: config.broker, keepaliveSeconds: config.keepaliveSeconds },
    seed: config.seed,
    ...(config.firmware === undefined ? {} : { firmware: config.firmware }),
    telemetryPeriodMs: 1_000,
    waitOnline: false,
    logger,
  });
  device.binding?.on('offline', () => logger.warn({ deviceId }, 'connection lost; reconnecting'));
  device.binding?.on('online', () => logger.info({ deviceId, broker: config.broker }, 'online'));
  await device.started;
  return device;
}
