/**
 * `fleetcert simulate` for fleets, WebSocket devices and planted faults: the run (startFleet,
 * or worker processes), with live progress and a summary. simulate.ts branches here when
 * `usesFleetRunner` says so; a plain single MQTT device keeps its own path (simulate-device.ts).
 * The options and their resolution live in simulate-fleet-options.ts.
 */

import { DeviceLoginError } from '../../simulators/bindings/mqtt/index.js';
import {
  type FleetHandle,
  type FleetSummary,
  fleetDeviceId,
  fleetMetrics,
  indexWidth,
  type PortableFleetOptions,
  parseTokenFile,
  reportProgress,
  startFleet,
  startWorkerFleet,
  summaryLines,
  type TokenSource,
  type WorkerFleetHandle,
} from '../../simulators/fleet/index.js';
import {
  FleetcertError,
  formatLimit,
  INPUT_LIMITS,
  readTextFileWithin,
  UsageError,
} from '../../src/index.js';
import type { Logger } from '../../src/log/index.js';
import { loadModelFile } from '../../src/model/index.js';
import { ClientCertificateError, readClientTls } from '../../src/tls/index.js';
import {
  type ClientTlsSettings,
  clientCertificateRefusal,
  isValidDeviceId,
} from '../../src/transport/mqtt/index.js';
import { FLEETCERT_VERSION } from '../edge.js';
import type { LogConfig } from '../log-options.js';
import { openMetricsEndpoint } from './metrics-option.js';
import { checkDevicesPerProcess, openFilesLimit } from './simulate-file-limit.js';
import type { FleetRunConfig } from './simulate-fleet-options.js';

export {
  addFleetOptions,
  type FleetArgs,
  type FleetGroupConfig,
  type FleetRunConfig,
  resolveFleetConfig,
  type TokenSourceConfig,
  usesFleetRunner,
} from './simulate-fleet-options.js';

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
    const read = await readTextFileWithin(path, INPUT_LIMITS.tokensFileBytes).catch(
      (error: NodeJS.ErrnoException) => {
        throw new UsageError(
          `cannot read --tokens ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`,
        );
      },
    );
    if (!read.ok) {
      throw new UsageError(
        `--tokens ${path} is ${read.size} bytes, over the limit of ${formatLimit(read.limit)} for tokens files`,
      );
    }
    const text = read.text;
    tokens = parseTokenFile(text, path);
  } else {
    tokens = config.tokens;
  }
  const brokerTls = await readFleetTls(config, groups);
  return {
    groups,
    broker: config.broker,
    ...(brokerTls ? { brokerTls } : {}),
    mqtt: config.mqtt,
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

/** The CA and each MQTT device's client certificate, read and checked before anything connects. */
async function readFleetTls(
  config: FleetRunConfig,
  groups: PortableFleetOptions['groups'],
): Promise<ClientTlsSettings | undefined> {
  if (config.caFile === undefined && config.clientCertificate === undefined) return undefined;
  const ids = groups
    .filter((group) => group.transport !== 'ws')
    .flatMap((group) => {
      if (group.ids) return [...group.ids];
      const width = indexWidth(group.count);
      return [...Array(group.count).keys()].map((i) =>
        fleetDeviceId(config.idPrefix, group.name, i + 1, width),
      );
    });
  return readClientTls(
    {
      ...(config.caFile === undefined ? {} : { ca: config.caFile }),
      ...config.clientCertificate,
    },
    ids,
  );
}

export interface FleetRunIo {
  readonly logger: Logger;
  /** The command's output rule: the workers log as the parent does. */
  readonly log: Pick<LogConfig, 'level' | 'format' | 'file' | 'progressOnStderr'>;
  /** Results: the devices online, the closing summary. */
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  /** Progress: the live line on a terminal (docs/output.md). */
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Resolves when the run should end (SIGINT or SIGTERM). */
  readonly untilStop: () => Promise<NodeJS.Signals>;
}

/** Runs the fleet until told to stop, then takes every device offline gracefully and prints the summary. */
export async function runFleetCommand(config: FleetRunConfig, io: FleetRunIo): Promise<FleetSummary> {
  const options = await loadFleetOptions(config);
  const devices = options.groups.reduce((sum, g) => sum + g.count, 0);
  checkDevicesPerProcess(devices, config.workers, openFilesLimit());
  let running: FleetHandle | undefined;
  // Listening before any device connects: a port in use is a setup error (exit 2).
  const endpoint = config.metrics
    ? await openMetricsEndpoint(
        config.metrics.address,
        fleetMetrics(() => running?.counts(), {
          seed: config.seed,
          workers: config.workers,
          version: FLEETCERT_VERSION,
          processMetrics: config.metrics.processMetrics,
        }),
        io.stdout,
      )
    : undefined;
  try {
    running = await startRunning(config, options, io);
    return await runUntilStopped(running, config, io);
  } finally {
    // The endpoint ends with the run.
    await endpoint?.close();
  }
}

function startRunning(
  config: FleetRunConfig,
  options: PortableFleetOptions,
  io: FleetRunIo,
): Promise<FleetHandle> {
  return config.workers > 1
    ? startWorkerFleet(options, {
        workers: config.workers,
        log: {
          level: io.log.level,
          ...(io.log.format === undefined ? {} : { format: io.log.format }),
          ...(io.log.file === undefined ? {} : { file: io.log.file }),
        },
      })
    : startFleet({ ...options, logger: io.logger });
}

async function runUntilStopped(
  handle: FleetHandle,
  config: FleetRunConfig,
  io: FleetRunIo,
): Promise<FleetSummary> {
  // One device whose login is refused, or any device whose client certificate the broker refuses
  // (mutual TLS): a setup mistake to report (exit 2), not to retry for ever.
  const refused = new Promise<FleetcertError>((resolve) => {
    if ('events' in handle) {
      (handle as Awaited<ReturnType<typeof startFleet>>).events.on('device-error', (device, error) => {
        if (error instanceof DeviceLoginError && config.single)
          resolve(new UsageError(error.message, { cause: error }));
        const why = clientCertificateRefusal(error);
        if (why !== undefined) resolve(certificateRefused(config, device.id, why, error));
      });
    }
    // Under --workers the devices are in other processes: each reports the refusal it saw.
    if ('workerEvents' in handle) {
      (handle as WorkerFleetHandle).workerEvents.on('certificate-refused', (deviceId, why, error) =>
        resolve(certificateRefused(config, deviceId, why, error)),
      );
    }
  });
  // The live line on stderr when it is a terminal we may draw on; else log records (when asked for).
  const tty = io.stderr.isTTY === true && io.log.progressOnStderr;
  const stopProgress = reportProgress(handle, { tty, stream: io.stderr, logger: io.logger });
  void handle.ready().then(
    () => announceReady(handle, config, io, tty),
    (error: Error) => io.logger.error({ err: error.message }, 'fleet did not start'),
  );
  const ended = await Promise.race([io.untilStop(), refused]);
  stopProgress();
  if (ended instanceof FleetcertError) {
    await handle.stop();
    throw ended;
  }
  io.logger.info({ signal: ended }, 'stopping: every device goes offline gracefully');
  const summary = await handle.stop();
  for (const line of summaryLines(summary)) io.stdout.write(`${line}\n`);
  return summary;
}

function certificateRefused(
  config: FleetRunConfig,
  deviceId: string,
  why: string,
  cause: Error,
): FleetcertError {
  const fix =
    config.clientCertificate === undefined
      ? 'give each device a client certificate: --cert and --key (a file, a folder, or a {deviceId} pattern; `fleetcert tls devices` makes them)'
      : `check ${deviceId}'s files under --cert/--key and that the broker trusts their CA`;
  return new ClientCertificateError(
    `the broker refused the TLS handshake of device ${deviceId}: ${why}; ${fix}`,
    { cause },
  );
}

function announceReady(handle: FleetHandle, config: FleetRunConfig, io: FleetRunIo, drawing: boolean): void {
  // Over the live line when both streams are the terminal; never cursor control into a pipe.
  const clear = drawing && io.stdout.isTTY === true ? '\r\x1b[2K' : '';
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
