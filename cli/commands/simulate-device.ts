/**
 * `fleetcert simulate` for one device: its options, their resolution into a frozen config, and
 * the run (engine + MQTT binding). Kept apart from simulate.ts so fleet options live in their
 * own file beside this one.
 */
import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { TLS_FAULT_NAMES, type TlsFaultName } from '../../simulators/bindings/mqtt/index.js';
import { type RunningDevice, runDevice } from '../../simulators/index.js';
import { UsageError } from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import { loadModelFile } from '../../src/model/index.js';
import { readClientTls } from '../../src/tls/index.js';
import { isValidDeviceId } from '../../src/transport/mqtt/index.js';
import { referenceModelPath, referenceModelTypes } from '../edge.js';

export interface DeviceArgs {
  readonly type?: string;
  readonly model?: string;
  readonly id?: string;
  readonly broker: string;
  readonly token?: string;
  readonly seed: number;
  readonly firmware?: string;
  readonly keepalive: number;
  readonly tlsCa?: string;
  readonly tlsServername?: string;
  readonly tlsPlainPort?: number;
  /** With --tls-ca: the client certificate and key for mutual TLS (a file, a folder or a `{deviceId}` pattern). */
  readonly cert?: string;
  readonly key?: string;
  readonly fault?: readonly string[];
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
  /** `mqtts://` with the device's own TLS checks (section 9): its trust anchor file, name, planted TLS faults. */
  readonly tls?: {
    readonly caFile: string;
    readonly servername?: string;
    readonly plainFallbackPort?: number;
    readonly faults: readonly TlsFaultName[];
    /** Mutual TLS: `--cert`/`--key` as given (read once the device id is known). */
    readonly clientCertificate?: { readonly cert?: string; readonly key?: string };
  };
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
    .option('tls-ca', {
      type: 'string',
      describe:
        'With an mqtts:// broker: the trust anchor (CA certificate, PEM) the device verifies the broker with',
    })
    .option('tls-servername', {
      type: 'string',
      describe: 'With --tls-ca: the host name the device checks the certificate for (default: the URL host)',
    })
    .option('tls-plain-port', {
      type: 'number',
      describe: 'With the fault fall-back-to-plain: the plaintext port it falls back to (default 1883)',
    })
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
  const tls = resolveDeviceTls(args);
  return Object.freeze({
    ...(tls === undefined ? {} : { tls }),
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
    transport: {
      kind: 'mqtt',
      url: config.broker,
      keepaliveSeconds: config.keepaliveSeconds,
      ...(config.tls === undefined
        ? {}
        : {
            tls: {
              caPem: await readFile(config.tls.caFile, 'utf8').catch((error: Error) => {
                throw new UsageError(`cannot read --tls-ca ${config.tls?.caFile}: ${error.message}`);
              }),
              ...(config.tls.servername === undefined ? {} : { servername: config.tls.servername }),
              ...(config.tls.plainFallbackPort === undefined
                ? {}
                : { plainFallbackPort: config.tls.plainFallbackPort }),
              ...(config.tls.clientCertificate === undefined
                ? {}
                : { clientCertificate: await clientKeyPair(config.tls.clientCertificate, deviceId) }),
            },
          }),
    },
    ...(config.tls === undefined || config.tls.faults.length === 0
      ? {}
      : { faults: config.tls.faults.map((name) => ({ name, rate: 1 })) }),
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

/** `--tls-ca` (and the TLS faults of `--fault`, which one device runs itself): section 9 as a device. */
function resolveDeviceTls(args: DeviceArgs): SimulatedDeviceConfig['tls'] {
  const faults = (args.fault ?? []).map((f) => f.split(':')[0] ?? f).filter(isTlsFault);
  if (args.tlsCa === undefined) {
    if (args.tlsServername !== undefined || faults.length > 0)
      throw new UsageError('--tls-servername and the TLS faults need --tls-ca FILE and an mqtts:// --broker');
    return undefined;
  }
  if (!args.broker.startsWith('mqtts://') && !args.broker.startsWith('wss://'))
    throw new UsageError(`--tls-ca goes with an mqtts:// or wss:// --broker, got ${args.broker}`);
  return {
    caFile: args.tlsCa,
    ...(args.tlsServername === undefined ? {} : { servername: args.tlsServername }),
    ...(args.tlsPlainPort === undefined ? {} : { plainFallbackPort: args.tlsPlainPort }),
    faults,
    ...(args.cert === undefined && args.key === undefined
      ? {}
      : {
          clientCertificate: {
            ...(args.cert === undefined ? {} : { cert: args.cert }),
            ...(args.key === undefined ? {} : { key: args.key }),
          },
        }),
  };
}

/** `--cert`/`--key` read for this one device, as the fleet reads them (src/tls/client-certificate-files.ts). */
async function clientKeyPair(
  files: { readonly cert?: string; readonly key?: string },
  deviceId: string,
): Promise<{ certPem: string; keyPem: string }> {
  const settings = await readClientTls(files, [deviceId]);
  const pair = settings.perClient?.[deviceId] ?? settings.shared;
  if (pair === undefined)
    throw new UsageError('--key needs --cert: the client certificate the device presents (mutual TLS)');
  return { certPem: pair.cert, keyPem: pair.key };
}

/** `accept-expired`, or `accept-expired:1` as --fault writes it. */
export function isTlsFault(name: string): name is TlsFaultName {
  return (TLS_FAULT_NAMES as readonly string[]).includes(name.split(':')[0] ?? name);
}
