/**
 * A hub load run (issue "a hub target for scenarios"): broker → recorded fleet → the hub
 * (started through the configuration contract, or already running) → app connections that
 * subscribe → app commands at a constant arrival rate, device notifications and presence
 * flaps → drain → every answer and notification counted against the fleet's records → a
 * `LoadResult` with the scenario's thresholds applied. Teardowns run in reverse, also after a
 * failure.
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { AppReceipts } from '../../load/hub/app-receipts.js';
import { countAgainstRecords } from '../../load/hub/count-against-records.js';
import {
  configApps,
  type HubLoadDevice,
  type PlannedConnection,
  planCommands,
  planConnections,
  planFlaps,
  planTelemetry,
} from '../../load/hub/plan.js';
import { LoadRecorder } from '../../load/measure/recorder.js';
import { buildLoadResult } from '../../load/result/build.js';
import type { ErrorSample, LoadResult } from '../../load/result/types.js';
import { type PreparedLoad, prepareLoad } from '../../load/runner/setup.js';
import type { Scenario } from '../../load/scenario/types.js';
import type { RunningDevice } from '../../simulators/index.js';
import { createBrokerAuthPolicy, type EmbeddedBroker, startEmbeddedBroker } from '../../src/broker/index.js';
import { FleetcertError, UsageError } from '../../src/errors.js';
import { type HubConfig, parseHubConfig } from '../../src/hub/index.js';
import { type Logger, silentLogger } from '../../src/log/logger.js';
import { MAX_REQUEST_ID } from '../../src/protocol/codes.js';
import { freeLoopbackPort } from '../free-port.js';
import { splitHubCommand } from './hub-command.js';
import { type HubFleet, planHubFleet, startHubFleet } from './hub-fleet.js';
import { type HubProcess, hubUrl, launchHub } from './hub-process.js';
import { hubRunTokens, secret } from './hub-run-tasks.js';

export interface HubLoadOptions {
  readonly version: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  readonly prepared?: PreparedLoad;
  /** Maps the scenario's hub command words to the program to run (the CLI: `fleetcert` is this tool). */
  readonly resolveCommand?: (words: string[]) => string[];
  readonly wallClock?: () => Date;
  /** How long the hub may take to list every device online (default 30 s). */
  readonly discoveryTimeoutMs?: number;
}

const TICK_MS = 1;
const MAX_APP_FRAME = 1024 * 1024;

export async function runHubLoad(scenario: Scenario, options: HubLoadOptions): Promise<LoadResult> {
  const hubSection = scenario.hub;
  if (!hubSection) throw new UsageError('the scenario has no hub section');
  const logger = (options.logger ?? silentLogger()).child({ component: 'hub-load' });
  const prepared = options.prepared ?? (await prepareLoad(scenario));
  const runningConfig =
    hubSection.target.kind === 'url' ? await readHubConfig(hubSection.target.config) : undefined;
  const planned = planHubFleet(
    scenario.fleet.map((entry, i) => ({ type: entry.type, model: prepared.models[i]!, count: entry.count })),
  );
  const devices: HubLoadDevice[] = planned.map((d) => ({
    deviceId: d.deviceId,
    type: d.deviceId.replace(/-\d+$/, ''),
    model: d.model,
  }));
  const connections = planConnections(
    hubSection.apps,
    devices,
    runningConfig
      ? (token) => {
          const app = runningConfig.apps.find((a) => a.token === token);
          if (!app)
            throw new UsageError(
              `hub.apps names token ${token}, which ${hubSection.target.kind === 'url' ? hubSection.target.config : 'the configuration'} does not list`,
            );
          return app.devices;
        }
      : undefined,
  );
  const stack: (() => Promise<unknown>)[] = [];
  const samples: ErrorSample[] = [];
  const sample = (s: ErrorSample) => {
    if (samples.length < 2000) samples.push(s);
  };
  const recorder = new LoadRecorder(scenario.intervalMs);
  recorder.hubRun();
  const trafficMs = scenario.stages.reduce((sum, s) => sum + (s.kind === 'hold' ? s.durationMs : 0), 0);
  const notes: string[] = [];
  let startedAt = new Date();
  let t0 = performance.now();
  const relative = (atMs: number) => Math.max(0, atMs - t0);
  try {
    // Broker: the user's (scenario broker.url / --broker), the running hub's, or the embedded one.
    let brokerUrl: string | undefined;
    let deviceToken: string | undefined;
    let hubPassword = scenario.tokens.controller;
    if (runningConfig) brokerUrl = runningConfig.mqtt?.url;
    else if (scenario.broker.embedded) {
      hubPassword = secret();
      deviceToken = secret();
      const broker: EmbeddedBroker = await startEmbeddedBroker({
        port: 0,
        auth: createBrokerAuthPolicy({ tokens: hubRunTokens(hubPassword, deviceToken) }),
        logger,
      });
      stack.push(() => broker.close());
      brokerUrl = broker.url;
    } else brokerUrl = scenario.broker.url;
    if (brokerUrl === undefined)
      throw new UsageError('the hub configuration has no mqtt broker: a load fleet runs over MQTT');

    const fleet: HubFleet = await startHubFleet({
      devices: planned,
      brokerUrl,
      ...(deviceToken === undefined ? {} : { deviceToken }),
      wsToken: '',
      seed: scenario.seed,
      logger,
    });
    stack.push(() => fleet.stop());
    const byId = new Map<string, RunningDevice>(fleet.running.map((d) => [d.deviceId, d]));

    let url: string;
    let hub: HubProcess | undefined;
    if (hubSection.target.kind === 'url') url = hubSection.target.url;
    else {
      const listen = `127.0.0.1:${await freeLoopbackPort()}`;
      const config: HubConfig = {
        listen,
        mqtt: { url: brokerUrl, username: 'controller:hub', password: hubPassword },
        deadline_ms: scenario.deadlineMs,
        apps: configApps(hubSection.apps, connections),
      };
      const words = splitHubCommand(hubSection.target.command);
      hub = await launchHub({ command: options.resolveCommand?.(words) ?? words, config, logger });
      const started = hub;
      stack.push(() => started.stop());
      url = hubUrl(listen);
    }

    const receipts = new AppReceipts([], connections, recorder, relative, sample);
    const sockets = await Promise.all(connections.map((c) => connectApp(url, c, receipts)));
    stack.push(async () => {
      for (const socket of sockets) socket.terminate();
    });
    await waitForDiscovery(sockets, connections, options.discoveryTimeoutMs ?? 30_000);
    await Promise.all(sockets.map((socket, c) => subscribe(socket, connections[c]!)));

    // The plan, on run time: traffic starts a moment after the subscriptions are in place.
    const startMs = 200;
    const commands = planCommands(
      {
        seed: scenario.seed,
        ratePerS: scenario.requests.ratePerS,
        mix: scenario.requests.mix,
        startMs,
        endMs: startMs + trafficMs,
      },
      connections,
      devices,
    );
    const telemetry = planTelemetry(
      scenario.seed,
      scenario.telemetryPerDevicePerS,
      devices,
      startMs,
      startMs + trafficMs,
    );
    const flaps = planFlaps(
      scenario.seed,
      hubSection.flapsPerS,
      devices,
      startMs,
      startMs + trafficMs,
      hubSection.offlineMs,
    );
    t0 = performance.now();
    startedAt = (options.wallClock ?? (() => new Date()))();
    // Planned times become performance.now() values once t0 is known.
    const at = (ms: number) => t0 + ms;
    const absolute = commands.map((c) => at(c.intendedMs));
    // The receipts and the count work in performance.now(); a command's intended time too.
    const timed = commands.map((c, k) => ({ ...c, intendedMs: absolute[k]! }));
    const receiptsTimed = new AppReceipts(timed, connections, recorder, relative, sample);
    sockets.forEach((socket, c) => {
      socket.removeAllListeners('message');
      socket.on('message', (data, isBinary) => {
        if (!isBinary) receiptsTimed.frame(c, data.toString(), performance.now());
      });
    });
    const flapping = new Set<Promise<void>>();
    let late = 0;
    let worstLagMs = 0;
    const endAt = at(startMs + trafficMs);
    await new Promise<void>((resolve) => {
      let nextCommand = 0;
      let nextTelemetry = 0;
      let nextFlap = 0;
      const step = () => {
        const now = performance.now();
        while (nextCommand < timed.length && timed[nextCommand]!.intendedMs <= now) {
          const command = timed[nextCommand]!;
          const socket = sockets[command.connection]!;
          const lag = now - command.intendedMs;
          if (lag > 100) late++;
          if (lag > worstLagMs) worstLagMs = lag;
          if (socket.readyState === WebSocket.OPEN) {
            receiptsTimed.outcomes[nextCommand]!.sentMs = now;
            socket.send(command.frame);
          }
          nextCommand++;
        }
        while (nextTelemetry < telemetry.length && at(telemetry[nextTelemetry]!.atMs) <= now) {
          const device = byId.get(telemetry[nextTelemetry]!.deviceId);
          if (device?.online) device.notifyOnItsOwn();
          nextTelemetry++;
        }
        while (nextFlap < flaps.length && at(flaps[nextFlap]!.atMs) <= now) {
          const device = byId.get(flaps[nextFlap]!.deviceId);
          if (device) {
            const flap = device
              .goOffline('graceful')
              .then(() => new Promise((r) => setTimeout(r, hubSection.offlineMs)))
              .then(() => device.comeBack())
              .catch((error: unknown) =>
                logger.warn({ err: error, deviceId: device.deviceId }, 'presence flap failed'),
              );
            flapping.add(flap);
            void flap.finally(() => flapping.delete(flap));
          }
          nextFlap++;
        }
        if (now >= endAt || options.signal?.aborted) return resolve();
        setTimeout(step, TICK_MS);
      };
      step();
    });
    await Promise.all(flapping);
    await delay(hubSection.drainMs, options.signal);
    if (hub?.hasExited) notes.push(`The hub exited during the run: ${hub.lastLines().slice(-3).join(' | ')}`);
    countAgainstRecords({
      receipts: receiptsTimed,
      records: (id) => byId.get(id)!.recorder!,
      deviceIds: devices.map((d) => d.deviceId),
      notificationsFromMs: t0,
      relative,
      recorder,
      sample,
    });
    const unsent = receiptsTimed.outcomes.filter((o) => o.sentMs < 0).length;
    if (unsent > 0)
      notes.push(
        `${unsent} command(s) were not sent because their app connection had closed (the hub closed it or went away); they are not in hub.sent.`,
      );
    const dropped = fleet.running.reduce((sum, d) => sum + (d.recorder?.dropped ?? 0), 0);
    if (dropped > 0)
      notes.push(
        `${dropped} device record(s) past the recording cap were not kept: counts against them are incomplete.`,
      );
    if (late > 0)
      notes.push(
        `The load generator sent ${late} command(s) more than 100 ms after their intended time (worst ${Math.round(worstLagMs)} ms): latencies include that delay.`,
      );
    notes.push(
      `Hub ${hubSection.target.kind === 'command' ? hubSection.target.command : hubSection.target.url}: ${devices.length} MQTT devices, ${connections.length} app connections, ${receiptsTimed.presence} presence notifications delivered.`,
    );
  } finally {
    for (const undo of stack.reverse())
      await undo().catch((error: unknown) => logger.warn({ err: error }, 'teardown failed'));
  }
  return buildLoadResult({
    version: options.version,
    scenario,
    shard: { index: 0, count: 1 },
    startedAt: startedAt.toISOString(),
    durationMs: trafficMs + hubSection.drainMs,
    devices: {
      planned: devices.length,
      withTelemetry: scenario.telemetryPerDevicePerS > 0 ? devices.length : 0,
    },
    recorded: recorder.finish(trafficMs),
    errors: samples,
    notes,
  });
}

async function readHubConfig(file: string): Promise<HubConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new FleetcertError(
      'LOAD_HUB_CONFIG',
      `cannot read hub.config ${file}: ${(error as Error).message}; check the path`,
      {
        exitCode: 2,
        cause: error,
      },
    );
  }
  return parseHubConfig(text, file);
}

function connectApp(url: string, connection: PlannedConnection, receipts: AppReceipts): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {
      headers: { authorization: `Bearer ${connection.token}` },
      maxPayload: MAX_APP_FRAME,
      handshakeTimeout: 10_000,
      perMessageDeflate: false,
    });
    socket.on('error', () => {});
    socket.once('unexpected-response', (_req, res) => {
      socket.terminate();
      reject(
        new FleetcertError(
          'LOAD_HUB_REFUSED',
          `the hub at ${url} refused app connection ${connection.index} (token of hub.apps) with HTTP ${res.statusCode}`,
          { exitCode: 2 },
        ),
      );
    });
    socket.once('error', (error) =>
      reject(
        new FleetcertError('LOAD_HUB_UNREACHABLE', `cannot reach the hub at ${url}: ${error.message}`, {
          exitCode: 2,
        }),
      ),
    );
    socket.once('open', () => {
      socket.on('message', (data, isBinary) => {
        if (!isBinary) receipts.frame(connection.index, data.toString(), performance.now());
      });
      resolve(socket);
    });
  });
}

let setupCalls = 0;

/** One request outside the measured traffic (ids from the top of section 3's range, above every command's). */
function call(
  socket: WebSocket,
  method: string,
  params: unknown,
  timeoutMs = 5_000,
): Promise<Record<string, unknown>> {
  const id = MAX_REQUEST_ID - ++setupCalls;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('message', onMessage);
      reject(
        new FleetcertError('LOAD_HUB_SETUP', `the hub did not answer ${method} within ${timeoutMs} ms`, {
          exitCode: 2,
        }),
      );
    }, timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      let message: Record<string, unknown>;
      try {
        message = JSON.parse(data.toString()) as Record<string, unknown>;
      } catch {
        return;
      }
      if (message?.id !== id) return;
      clearTimeout(timer);
      socket.off('message', onMessage);
      resolve(message);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, method, params }));
  });
}

/** Until the hub lists every granted device online (per token, on its first connection). */
async function waitForDiscovery(
  sockets: readonly WebSocket[],
  connections: readonly PlannedConnection[],
  timeoutMs: number,
): Promise<void> {
  const firsts = connections.filter((c, i) => connections.findIndex((d) => d.token === c.token) === i);
  const until = performance.now() + timeoutMs;
  for (const connection of firsts) {
    for (;;) {
      const answer = await call(sockets[connection.index]!, 'devices.list', {});
      const items = Array.isArray(answer.result)
        ? (answer.result as { deviceId?: unknown; online?: unknown }[])
        : [];
      const online = new Set(items.filter((i) => i.online === true).map((i) => i.deviceId));
      if (connection.granted.every((id) => online.has(id))) break;
      if (performance.now() > until)
        throw new FleetcertError(
          'LOAD_HUB_DISCOVERY',
          `after ${Math.round(timeoutMs / 1000)} s the hub lists ${connection.granted.filter((id) => online.has(id)).length} of the ${connection.granted.length} devices granted to token ${connection.token} online: it does not see the fleet (check its broker)`,
          { exitCode: 2 },
        );
      await delay(200);
    }
  }
}

async function subscribe(socket: WebSocket, connection: PlannedConnection): Promise<void> {
  if (!connection.subscribeParams) return;
  const answer = await call(socket, 'subscribe', connection.subscribeParams);
  if (answer.error !== undefined)
    throw new FleetcertError(
      'LOAD_HUB_SETUP',
      `the hub refused the subscription of app connection ${connection.index}: ${JSON.stringify(answer.error)}`,
      { exitCode: 2 },
    );
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
