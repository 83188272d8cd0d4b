/**
 * `fleetcert simulate` for fleets, WebSocket devices and planted faults: the options, their
 * resolution into one frozen config (pure), and the run (startFleet, or worker processes),
 * with live progress and a summary. simulate.ts branches here when `usesFleetRunner` says so;
 * a plain single MQTT device keeps its own path (simulate-device.ts).
 */
import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { DeviceLoginError } from '../../../simulators/bindings/mqtt/binding.js';
import {
  type FleetFault,
  type FleetHandle,
  type FleetSummary,
  type PortableFleetOptions,
  parseFleetFault,
  parseFleetSpec,
  parseRamp,
  parseTokenFile,
  reportProgress,
  startFleet,
  startWorkerFleet,
  summaryLines,
  type TokenSource,
  type Transport,
  templateTokens,
} from '../../../simulators/fleet/index.js';
import { UsageError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { loadModelFile } from '../../model/index.js';
import { isValidDeviceId } from '../../transport/mqtt/topics.js';
import { referenceModelPath, referenceModelTypes } from './reference-models.js';
import type { DeviceArgs } from './simulate-device.js';

/** Reference types served over WebSocket by default (MODELS.md: the TV is a server). */
const WS_BY_DEFAULT: ReadonlySet<string> = new Set(['tv']);
/** A single device's telemetry when none is asked for: one step a second. */
const SINGLE_DEVICE_TELEMETRY_HZ = 1;

export interface FleetArgs {
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
}

export function addFleetOptions<T>(yargs: Argv<T>): Argv<T & FleetArgs> {
  return yargs
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
      describe: 'Spread the fleet over N processes (each its own file limit)',
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
    }) as unknown as Argv<T & FleetArgs>;
}

/** Whether this run needs the fleet runner: a fleet, a WebSocket device, planted faults or telemetry settings. */
export function usesFleetRunner(args: FleetArgs & DeviceArgs): boolean {
  return (
    args.fleet !== undefined ||
    singleTransport(args) === 'ws' ||
    (args.fault?.length ?? 0) > 0 ||
    args.telemetry !== undefined ||
    args.workers !== 1
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

/** Loads models and tokens: the fleet options, ready to run in this process or in workers. */
export async function loadFleetOptions(config: FleetRunConfig): Promise<PortableFleetOptions> {
  const groups = await Promise.all(
    config.groups.map(async (group) => {
      const { model } = await loadModelFile(group.modelFile);
      // A single device is named as the single-device path names it: `{model type}-0001`.
      const ids = group.ids ?? (config.single ? [`${model.type.toLowerCase()}-0001`] : undefined);
      if (ids && !ids.every(isValidDeviceId)) {
        throw new UsageError(`model type ${JSON.stringify(model.type)} does not make a device id; pass --id`);
      }
      return {
        name: group.name,
        model,
        count: group.count,
        transport: group.transport,
        ...(ids ? { ids } : {}),
      };
    }),
  );
  let tokens: TokenSource;
  if (config.tokens.kind === 'file') {
    const path = config.tokens.path;
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        `cannot read --tokens ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
      );
    });
    tokens = parseTokenFile(text, path);
  } else {
    tokens = config.tokens;
  }
  let ca: Buffer | undefined;
  if (config.caFile !== undefined) {
    const file = config.caFile;
    ca = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        `cannot read --ca ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
      );
    });
  }
  return {
    groups,
    broker: config.broker,
    ...(ca ? { brokerTls: { ca } } : {}),
    idPrefix: config.idPrefix,
    tokens,
    ...(config.rampPerSecond === undefined ? {} : { rampPerSecond: config.rampPerSecond }),
    maxConnecting: config.maxConnecting,
    ...(config.telemetry ? { telemetry: config.telemetry } : {}),
    seed: config.seed,
    faults: config.faults,
    replyLatencyMs: config.replyLatencyMs,
    ...(config.firmware === undefined ? {} : { firmware: config.firmware }),
    keepaliveSeconds: config.keepaliveSeconds,
    wsHost: config.wsHost,
    wsFirstPort: config.wsPort,
  };
}

export interface FleetRunIo {
  readonly logger: Logger;
  readonly logLevel: string;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Resolves when the run should end (SIGINT or SIGTERM). */
  readonly untilStop: () => Promise<NodeJS.Signals>;
}

/** Runs the fleet until told to stop, then takes every device offline gracefully and prints the summary. */
export async function runFleetCommand(config: FleetRunConfig, io: FleetRunIo): Promise<FleetSummary> {
  const options = await loadFleetOptions(config);
  const handle: FleetHandle =
    config.workers > 1
      ? await startWorkerFleet(options, { workers: config.workers, logLevel: io.logLevel })
      : await startFleet({ ...options, logger: io.logger });
  // One device whose login is refused: a setup mistake to report (exit 2), not to retry for ever.
  const refused = new Promise<DeviceLoginError>((resolve) => {
    if ('events' in handle && config.single) {
      (handle as Awaited<ReturnType<typeof startFleet>>).events.on('device-error', (_device, error) => {
        if (error instanceof DeviceLoginError) resolve(error);
      });
    }
  });
  const tty = io.stdout.isTTY === true;
  const stopProgress = reportProgress(handle, { tty, stream: io.stdout, logger: io.logger });
  void handle.ready().then(
    () => announceReady(handle, config, io),
    (error: Error) => io.logger.error({ err: error.message }, 'fleet did not start'),
  );
  const ended = await Promise.race([io.untilStop(), refused]);
  stopProgress();
  if (ended instanceof DeviceLoginError) {
    await handle.stop();
    throw new UsageError(ended.message, { cause: ended });
  }
  io.logger.info({ signal: ended }, 'stopping: every device goes offline gracefully');
  const summary = await handle.stop();
  for (const line of summaryLines(summary)) io.stdout.write(`${line}\n`);
  return summary;
}

function announceReady(handle: FleetHandle, config: FleetRunConfig, io: FleetRunIo): void {
  const clear = io.stdout.isTTY === true ? '\r\x1b[2K' : '';
  const write = (line: string) => io.stdout.write(`${clear}${line}\n`);
  const kinds = config.groups.map((g) => `${g.name} ${g.count.toLocaleString('en-US')}`).join(', ');
  if (!('devices' in handle)) {
    write(
      `${handle.target.toLocaleString('en-US')} devices online (${kinds}) at ${config.broker.join(', ')}`,
    );
    return;
  }
  const devices = [...(handle as Awaited<ReturnType<typeof startFleet>>).devices()];
  const describe = (d: (typeof devices)[number]) =>
    `device ${d.id} (${d.engine.model.model}, fw ${d.engine.firmware}) ${d.transport === 'ws' ? `listening at ${d.url} (bearer token)` : `online at ${config.broker.join(', ')}`}`;
  if (config.single) {
    for (const device of devices) write(describe(device));
    return;
  }
  write(
    `${devices.length.toLocaleString('en-US')} devices online (${kinds})${devices.some((d) => d.transport === 'mqtt') ? ` at ${config.broker.join(', ')}` : ''}`,
  );
  const servers = devices.filter((d) => d.transport === 'ws');
  for (const device of servers.slice(0, 20)) write(describe(device));
  if (servers.length > 20) write(`… and ${servers.length - 20} more WebSocket devices`);
}
