/**
 * `fleetcert simulate`'s fleet options (fleets, WebSocket devices, planted faults, telemetry)
 * and their resolution into one frozen config. Pure: reads no files, no environment of its own.
 */
import type { Argv } from 'yargs';
import {
  type FleetFault,
  parseFleetFault,
  parseFleetSpec,
  parseRamp,
  type TokenSource,
  type Transport,
  templateTokens,
} from '../../simulators/fleet/index.js';
import { UsageError } from '../../src/index.js';
import type { ListenAddress } from '../../src/metrics/index.js';
import type { MqttConnectionSettings } from '../../src/transport/mqtt/index.js';
import { isValidDeviceId } from '../../src/transport/mqtt/index.js';
import { referenceModelPath, referenceModelTypes } from '../edge.js';
import { addMetricsOptions, type MetricsArgs, resolveMetricsAddress } from './metrics-option.js';
import { addMqttVersionOption, type MqttVersionArgs, resolveMqttConnection } from './mqtt-version-option.js';
import { type DeviceArgs, isTlsFault } from './simulate-device.js';

/** Reference types served over WebSocket by default (MODELS.md: the TV is a server). */
const WS_BY_DEFAULT: ReadonlySet<string> = new Set(['tv']);
/** A single device's telemetry when none is asked for: one step a second. */
const SINGLE_DEVICE_TELEMETRY_HZ = 1;

export interface FleetArgs extends Partial<MetricsArgs>, MqttVersionArgs {
  readonly fleet?: string;
  readonly fleetModel?: readonly string[];
  readonly transport?: Transport;
  readonly idPrefix: string;
  readonly tokens?: string;
  readonly tokenTemplate?: string;
  readonly ramp?: string;
  readonly maxConnecting: number;
  readonly telemetry?: number;
  readonly timeScale: number;
  readonly fault?: readonly string[];
  readonly replyLatency: number;
  readonly workers: number;
  readonly wsHost: string;
  readonly wsPort: number;
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
}

export function addFleetOptions<T>(yargs: Argv<T>): Argv<T & FleetArgs> {
  return addMqttVersionOption(addMetricsOptions(yargs), 'the MQTT devices')
    .option('fleet', {
      type: 'string',
      describe: 'A fleet: TYPE=COUNT,… e.g. bulb=5000,purifier=3000,tv=2000',
    })
    .option('fleet-model', {
      type: 'string',
      array: true,
      describe: 'TYPE=FILE: the model of a fleet type that is not a reference type',
    })
    .option('transport', {
      type: 'string',
      choices: ['mqtt', 'ws'] as const,
      describe:
        'mqtt (to --broker) or ws (the device is a WebSocket server); default ws for tv alone, mqtt otherwise',
    })
    .option('id-prefix', {
      type: 'string',
      default: '',
      describe: 'Prepended to fleet device ids (lab1- → lab1-bulb-0001)',
    })
    .option('tokens', {
      type: 'string',
      describe: 'File of device tokens: JSON {"id": "token"} or lines "ID TOKEN"',
    })
    .option('token-template', {
      type: 'string',
      describe: 'Device tokens from a template with {id}, {type}, {index}',
    })
    .option('ramp', {
      type: 'string',
      describe: 'Connections started per second, e.g. 500/s (default: as fast as --max-connecting allows)',
    })
    .option('max-connecting', { type: 'number', default: 256, describe: 'Handshakes under way at once' })
    .option('telemetry', {
      type: 'number',
      describe: 'Volatile updates per device per second (fleets: off by default; one device: 1)',
    })
    .option('time-scale', {
      type: 'number',
      default: 1,
      describe: 'Simulated seconds per real second for behaviours (60: an hour a minute)',
    })
    .option('fault', {
      type: 'string',
      array: true,
      describe: 'Plant a fault: NAME[:RATE][@SHARE] (docs/faults.md); repeatable',
    })
    .option('reply-latency', {
      type: 'number',
      default: 300,
      describe: 'Delay of the reply-latency fault, ms',
    })
    .option('workers', {
      type: 'number',
      default: 1,
      describe:
        'Spread the fleet over N processes: each holds one open file per device, under its own ulimit -n',
    })
    .option('ws-host', { type: 'string', default: '127.0.0.1', describe: 'Where WebSocket devices listen' })
    .option('ws-port', {
      type: 'number',
      default: 0,
      describe: 'Port of the first WebSocket device (0: free ports)',
    })
    .option('ca', {
      type: 'string',
      describe: "CA certificate (PEM) that signed an mqtts or wss broker's certificate",
    })
    .option('cert', {
      type: 'string',
      describe:
        "Client certificate for mutual TLS: one FILE for every device, a FOLDER of {deviceId}.crt, or a pattern 'certs/{deviceId}.crt' (fleetcert tls devices makes them)",
    })
    .option('key', {
      type: 'string',
      describe:
        "Its private key: one FILE, a FOLDER of {deviceId}.key (default: --cert's folder), or 'certs/{deviceId}.key'",
    }) as unknown as Argv<T & FleetArgs>;
}

/** Whether this run needs the fleet runner: a fleet, a WebSocket device, planted faults or telemetry settings. */
export function usesFleetRunner(args: FleetArgs & DeviceArgs): boolean {
  return (
    args.fleet !== undefined ||
    singleTransport(args) === 'ws' ||
    // TLS faults alone: one device runs them itself (simulate-device.ts, --tls-ca).
    (args.fault ?? []).some((f) => !isTlsFault(f)) ||
    args.telemetry !== undefined ||
    args.workers !== 1 ||
    args.metrics !== undefined ||
    args.mqttVersion !== undefined ||
    // TLS settings are the fleet runner's, except one device with its own TLS checks (--tls-ca),
    // which presents its client certificate itself (mutual TLS, section 9).
    args.ca !== undefined ||
    (args.tlsCa === undefined && (args.cert !== undefined || args.key !== undefined))
  );
}

function singleTransport(args: FleetArgs & DeviceArgs): Transport {
  return args.transport ?? (args.type !== undefined && WS_BY_DEFAULT.has(args.type) ? 'ws' : 'mqtt');
}

export interface FleetGroupConfig {
  readonly name: string;
  readonly modelFile: string;
  readonly count: number;
  readonly transport: Transport;
  readonly ids?: readonly string[];
}

export interface FleetRunConfig {
  readonly single: boolean;
  readonly groups: readonly FleetGroupConfig[];
  /** One URL, or several (`--broker URL1,URL2`) that share the devices round-robin. */
  readonly broker: readonly string[];
  readonly idPrefix: string;
  readonly tokens: TokenSourceConfig;
  readonly rampPerSecond?: number;
  readonly maxConnecting: number;
  readonly telemetry?: { readonly perDeviceHz: number; readonly timeScale: number };
  readonly faults: readonly FleetFault[];
  readonly replyLatencyMs: number;
  readonly workers: number;
  readonly seed: number;
  readonly firmware?: string;
  readonly keepaliveSeconds: number;
  readonly wsHost: string;
  readonly wsPort: number;
  /** PEM file of the CA for mqtts/wss brokers. */
  readonly caFile?: string;
  /** `--mqtt-version`: how MQTT devices connect. */
  readonly mqtt: MqttConnectionSettings;
  /** Client certificate and key for mutual TLS: files, folders or `{deviceId}` patterns (src/tls/client-certificate-files.ts). */
  readonly clientCertificate?: { readonly cert?: string; readonly key?: string };
  /** `--metrics`: serve live Prometheus metrics there while the fleet runs. */
  readonly metrics?: { readonly address: ListenAddress; readonly processMetrics: boolean };
}

/** Tokens as configured; a file is read when the run starts. */
export type TokenSourceConfig =
  | Exclude<TokenSource, { kind: 'map' }>
  | { readonly kind: 'file'; readonly path: string };

/** Pure: every fleet option checked and resolved, or a UsageError naming the option and the fix. */
export function resolveFleetConfig(
  args: FleetArgs & DeviceArgs,
  env: Readonly<Record<string, string | undefined>>,
): FleetRunConfig {
  const single = args.fleet === undefined;
  const groups = single ? [singleGroup(args)] : fleetGroups(args);
  const sources = [args.token !== undefined || env.FLEETCERT_TOKEN, args.tokens, args.tokenTemplate].filter(
    Boolean,
  );
  if (sources.length > 1)
    throw new UsageError('give one of --token, --tokens FILE or --token-template, not several');
  const token = args.token ?? (env.FLEETCERT_TOKEN || undefined);
  const tokens: TokenSourceConfig =
    args.tokens !== undefined
      ? { kind: 'file', path: args.tokens }
      : args.tokenTemplate !== undefined
        ? (templateTokens(args.tokenTemplate) as TokenSourceConfig)
        : token !== undefined
          ? { kind: 'single', token }
          : { kind: 'none' };
  for (const [name, value, min] of [
    ['--max-connecting', args.maxConnecting, 1],
    ['--workers', args.workers, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min)
      throw new UsageError(`${name} must be a whole number >= ${min}, got ${value}`);
  }
  if (!Number.isInteger(args.keepalive) || args.keepalive < 1 || args.keepalive > 60) {
    throw new UsageError(
      `--keepalive must be a whole number of seconds from 1 to 60 (section 5), got ${args.keepalive}`,
    );
  }
  if (!(args.timeScale > 0)) throw new UsageError(`--time-scale must be above 0, got ${args.timeScale}`);
  if (!(args.replyLatency >= 0))
    throw new UsageError(`--reply-latency must be a number of ms >= 0, got ${args.replyLatency}`);
  if (!Number.isInteger(args.wsPort) || args.wsPort < 0 || args.wsPort > 65_535)
    throw new UsageError(`--ws-port must be 0 to 65535, got ${args.wsPort}`);
  const hz = args.telemetry ?? (single ? SINGLE_DEVICE_TELEMETRY_HZ : undefined);
  if (hz !== undefined && !(hz >= 0 && hz <= 100))
    throw new UsageError(`--telemetry must be 0 to 100 updates per device per second, got ${hz}`);
  const faults = (args.fault ?? []).map(parseFleetFault);
  const metricsAddress = resolveMetricsAddress(args.metrics, args.metricsProcess);
  return Object.freeze({
    single,
    groups,
    broker: brokerUrls(args.broker),
    idPrefix: args.idPrefix,
    tokens,
    ...(args.ramp === undefined ? {} : { rampPerSecond: parseRamp(args.ramp) }),
    maxConnecting: args.maxConnecting,
    ...(hz === undefined || hz === 0 ? {} : { telemetry: { perDeviceHz: hz, timeScale: args.timeScale } }),
    faults,
    replyLatencyMs: args.replyLatency,
    workers: args.workers,
    seed: args.seed,
    ...(args.firmware === undefined ? {} : { firmware: args.firmware }),
    keepaliveSeconds: args.keepalive,
    wsHost: args.wsHost,
    wsPort: args.wsPort,
    ...(args.ca === undefined ? {} : { caFile: args.ca }),
    mqtt: resolveMqttConnection(args.mqttVersion),
    ...(args.cert === undefined && args.key === undefined
      ? {}
      : {
          clientCertificate: {
            ...(args.cert === undefined ? {} : { cert: args.cert }),
            ...(args.key === undefined ? {} : { key: args.key }),
          },
        }),
    ...(metricsAddress
      ? { metrics: { address: metricsAddress, processMetrics: args.metricsProcess === true } }
      : {}),
  });
}

function brokerUrls(text: string): string[] {
  const urls = text
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  if (urls.length === 0)
    throw new UsageError('--broker needs a URL, e.g. mqtt://127.0.0.1:1883 (several: URL1,URL2)');
  return urls;
}

function singleGroup(args: FleetArgs & DeviceArgs): FleetGroupConfig {
  if ((args.type === undefined) === (args.model === undefined)) {
    throw new UsageError(
      `name the device with --type (${referenceModelTypes().join(', ')}) or --model FILE, or give --fleet`,
    );
  }
  if (args.id !== undefined && !isValidDeviceId(args.id)) {
    throw new UsageError(
      `--id ${JSON.stringify(args.id)} is not a device id: 3 to 64 of a-z 0-9 -, starting with a letter or digit`,
    );
  }
  const name = args.type ?? 'device';
  return {
    name,
    modelFile: args.model ?? referenceModelPath(name),
    count: 1,
    transport: singleTransport(args),
    ...(args.id === undefined ? {} : { ids: [args.id] }),
  };
}

function fleetGroups(args: FleetArgs & DeviceArgs): FleetGroupConfig[] {
  if (args.type !== undefined || args.model !== undefined || args.id !== undefined) {
    throw new UsageError(
      '--fleet names its device types itself: leave out --type, --model and --id (use --fleet-model TYPE=FILE for your own model)',
    );
  }
  const files = new Map<string, string>();
  for (const text of args.fleetModel ?? []) {
    const match = /^([^=]+)=(.+)$/.exec(text);
    if (!match)
      throw new UsageError(
        `--fleet-model ${JSON.stringify(text)}: expected TYPE=FILE, e.g. sensor=./sensor.json`,
      );
    files.set(match[1]!.trim(), match[2]!.trim());
  }
  const known = new Set(referenceModelTypes());
  return parseFleetSpec(args.fleet!).map((spec) => {
    const modelFile =
      files.get(spec.name) ?? (known.has(spec.name) ? referenceModelPath(spec.name) : undefined);
    if (modelFile === undefined) {
      throw new UsageError(
        `--fleet: no model for type "${spec.name}"; use a reference type (${[...known].join(', ')}) or add --fleet-model ${spec.name}=FILE`,
      );
    }
    return { name: spec.name, modelFile, count: spec.count, transport: args.transport ?? 'mqtt' };
  });
}
