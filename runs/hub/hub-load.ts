/**
 * A hub load run (issue "a hub target for scenarios"): broker → recorded fleet → the hub
 * (started through the configuration contract, or already running) → app connections that
 * subscribe → app commands at a constant arrival rate, device notifications and presence
 * flaps → drain → every answer and notification counted against the fleet's records → a
 * `LoadResult` with the scenario's thresholds applied. Named tasks on the one task runner
 * (src/tasks): teardowns in reverse, also after a failure; the last, the traffic, is
 * hub-load-traffic-task.ts. A shard (load/hub/shard.ts) runs its slice of the fleet and of the
 * plan; with `hub.command` each shard starts a hub of its own, with `hub.url` they share the one
 * running.
 */
import { performance } from 'node:perf_hooks';
import type WebSocket from 'ws';
import {
  AppReceipts,
  configApps,
  HubLive,
  type HubLoadDevice,
  type HubLoadLive,
  planConnections,
  shardConnections,
  shardDeviceIds,
} from '../../load/hub/index.js';
import { LoadRecorder } from '../../load/measure/index.js';
import { type ShardSpec, WHOLE_RUN } from '../../load/plan/index.js';
import type { ErrorSample, LoadResult } from '../../load/result/index.js';
import { buildLoadResult } from '../../load/result/index.js';
import { type PreparedLoad, prepareLoad } from '../../load/runner/index.js';
import type { Scenario } from '../../load/scenario/index.js';
import type { HubConfig } from '../../src/hub/index.js';
import { UsageError } from '../../src/index.js';
import { type Logger, silentLogger } from '../../src/log/index.js';
import { runTasks, type Task } from '../../src/tasks/index.js';
import { freeLoopbackPort } from '../free-port.js';
import { startFleetThread } from './fleet-thread.js';
import { startHubFleet } from './hub-fleet.js';
import { connectApp, subscribe, waitForDiscovery } from './hub-load-apps.js';
import { loadWsToken, planLoadFleet, readHubConfig, startLoadBroker } from './hub-load-setup.js';
import { runTraffic, START_MS, type TrafficContext } from './hub-load-traffic-task.js';
import { type HubProcess, hubUrl, launchHub } from './hub-process.js';
import { inProcessLoadFleet, type LoadFleet } from './load-fleet.js';
import { splitHubCommand } from './split-hub-command.js';

export interface HubLoadOptions {
  readonly version: string;
  readonly logger?: Logger;
  readonly signal?: AbortSignal;
  readonly prepared?: PreparedLoad;
  /** This run's slice of the whole (default the whole run). */
  readonly shard?: ShardSpec;
  /** Maps the scenario's hub command words to the program to run (the CLI: `fleetcert` is this tool). */
  readonly resolveCommand?: (words: string[]) => string[];
  readonly wallClock?: () => Date;
  /** How long the hub may take to list every device online (default 30 s). */
  readonly discoveryTimeoutMs?: number;
  /** Called once the traffic's counts exist (the `--metrics` endpoint reads them). */
  readonly onLive?: (live: HubLoadLive) => void;
  /**
   * The fleet runs in a worker thread of its own (default true), off the event loop that keeps
   * the schedule and checks the answers (runs/hub/fleet-thread.ts); false keeps it on that loop.
   */
  readonly fleetThread?: boolean;
  /** The embedded broker runs in a worker thread of its own (default true; runs/hub/broker-thread.ts). */
  readonly brokerThread?: boolean;
}

/** What the run's tasks build up, in order; each teardown undoes its own part. */
interface HubLoadState {
  broker?: Awaited<ReturnType<typeof startLoadBroker>>;
  fleet?: LoadFleet;
  hub?: HubProcess;
  url?: string;
  sockets?: WebSocket[];
  startedAt: Date;
  sentBy: number[];
}

/** Setups and teardowns beyond the traffic (broker, fleet, hub start, discovery) get this long. */
const RUN_MARGIN_MS = 10 * 60_000;

export async function runHubLoad(scenario: Scenario, options: HubLoadOptions): Promise<LoadResult> {
  const hubSection = scenario.hub;
  if (!hubSection) throw new UsageError('the scenario has no hub section');
  const shard = options.shard ?? WHOLE_RUN;
  const logger = (options.logger ?? silentLogger()).child({ component: 'hub-load', shard: shard.index });
  const prepared = options.prepared ?? (await prepareLoad(scenario));
  const runningConfig =
    hubSection.target.kind === 'url' ? await readHubConfig(hubSection.target.config) : undefined;
  // The whole run's plan, then this shard's part of it.
  const planned = planLoadFleet(scenario, prepared, runningConfig);
  const devices: HubLoadDevice[] = planned.map((d) => ({
    deviceId: d.deviceId,
    type: d.deviceId.replace(/-\d+$/, ''),
    model: d.model,
  }));
  const mine = shardDeviceIds(devices, shard);
  const allConnections = planConnections(hubSection.apps, devices, grantsFrom(runningConfig, hubSection));
  const connections = shardConnections(allConnections, mine, shard);
  const ownDevices = planned.filter((d) => mine.has(d.deviceId));
  const samples: ErrorSample[] = [];
  const sample = (s: ErrorSample) => {
    if (samples.length < 2000) samples.push(s);
  };
  const recorder = new LoadRecorder(scenario.intervalMs);
  recorder.hubRun();
  const live = new HubLive();
  const trafficMs = scenario.stages.reduce((sum, s) => sum + (s.kind === 'hold' ? s.durationMs : 0), 0);
  const notes: string[] = [];
  const clock = { t0: performance.now() };
  const relative = (atMs: number) => Math.max(0, atMs - clock.t0);

  // The run as named tasks (src/tasks): teardowns in reverse (apps, hub, fleet, broker), also after
  // a failure; a stop (SIGINT) ends the traffic at its next step and the counts of what ran are kept.
  const traffic: TrafficContext = {
    scenario,
    hubSection,
    allConnections,
    connections,
    devices,
    mine,
    ownDevices,
    recorder,
    sample,
    live,
    notes,
    shard,
    ...(options.onLive ? { onLive: options.onLive } : {}),
    ...(options.wallClock ? { wallClock: options.wallClock } : {}),
    logger,
    trafficMs,
    clock,
    relative,
  };
  const tasks: Task<HubLoadState>[] = [
    {
      name: 'broker',
      setup: async (state) => {
        state.broker = await startLoadBroker(scenario, runningConfig, logger, options.brokerThread ?? true);
        if (state.broker.url === undefined && ownDevices.some((d) => d.binding === 'mqtt'))
          throw new UsageError('the hub configuration has no mqtt broker for the MQTT devices of the fleet');
      },
      teardown: async (state) => state.broker?.close(),
    },
    {
      name: 'fleet',
      setup: async (state) => {
        const broker = state.broker as NonNullable<HubLoadState['broker']>;
        const fleetOptions = {
          devices: ownDevices,
          ...(broker.url === undefined ? {} : { brokerUrl: broker.url }),
          ...(broker.deviceToken === undefined ? {} : { deviceToken: broker.deviceToken }),
          wsToken: loadWsToken(runningConfig),
          seed: scenario.seed,
          logger,
        };
        state.fleet =
          options.fleetThread === false
            ? inProcessLoadFleet(await startHubFleet(fleetOptions))
            : await startFleetThread(fleetOptions);
      },
      teardown: async (state) => state.fleet?.stop(),
    },
    {
      name: 'hub',
      setup: async (state) => {
        if (hubSection.target.kind === 'url') {
          state.url = hubSection.target.url;
          return;
        }
        const broker = state.broker as NonNullable<HubLoadState['broker']>;
        const fleet = state.fleet as LoadFleet;
        const listen = `127.0.0.1:${await freeLoopbackPort()}`;
        const config: HubConfig = {
          listen,
          ...(broker.url === undefined
            ? {}
            : { mqtt: { url: broker.url, username: 'controller:hub', password: broker.hubPassword } }),
          ...(fleet.wsDevices.length > 0 ? { ws_devices: [...fleet.wsDevices] } : {}),
          deadline_ms: scenario.deadlineMs,
          apps: configApps(hubSection.apps, allConnections),
        };
        const words = splitHubCommand(hubSection.target.command);
        state.hub = await launchHub({ command: options.resolveCommand?.(words) ?? words, config, logger });
        state.url = hubUrl(listen);
      },
      teardown: async (state) => {
        await state.hub?.stop();
      },
    },
    {
      name: 'apps',
      setup: async (state) => {
        const setupReceipts = new AppReceipts([], connections, recorder, relative, sample);
        state.sockets = await Promise.all(
          connections.map((c) => connectApp(state.url as string, c, setupReceipts)),
        );
        await waitForDiscovery(state.sockets, connections, mine, options.discoveryTimeoutMs ?? 30_000);
        await Promise.all(state.sockets.map((socket, c) => subscribe(socket, connections[c]!)));
      },
      teardown: async (state) => {
        for (const socket of state.sockets ?? []) socket.terminate();
      },
    },
    {
      name: 'traffic',
      // A stop ends the traffic at its next step; the drain and the count of what ran still happen.
      settleMs: hubSection.drainMs + 5_000,
      setup: (state, signal) => runTraffic(traffic, state, signal),
    },
  ];
  const state: HubLoadState = { startedAt: new Date(), sentBy: [] };
  const outcome = await runTasks(tasks, state, {
    deadlineMs:
      START_MS + trafficMs + hubSection.drainMs + (options.discoveryTimeoutMs ?? 30_000) + RUN_MARGIN_MS,
    ...(options.signal ? { signal: options.signal } : {}),
    logger,
  });
  if (outcome.status === 'failed' || outcome.status === 'timedout') throw outcome.error;
  for (const failed of outcome.teardownErrors)
    logger.warn({ task: failed.task, err: String(failed.error) }, 'hub load teardown failed');
  return buildLoadResult({
    version: options.version,
    scenario,
    shard,
    startedAt: state.startedAt.toISOString(),
    durationMs: trafficMs + hubSection.drainMs,
    devices: {
      planned: ownDevices.length,
      withTelemetry: scenario.telemetryPerDevicePerS > 0 ? ownDevices.length : 0,
    },
    apps: { connections: allConnections.length, sockets: connections.length, sentByConnection: state.sentBy },
    recorded: recorder.finish(trafficMs),
    errors: samples,
    notes,
  });
}

/** A running hub's grants come from its configuration file (a token it does not list is a usage error). */
function grantsFrom(running: HubConfig | undefined, hub: NonNullable<Scenario['hub']>) {
  if (!running) return undefined;
  return (token: string) => {
    const app = running.apps.find((a) => a.token === token);
    if (!app)
      throw new UsageError(
        `hub.apps names a token that ${hub.target.kind === 'url' ? hub.target.config : 'the configuration'} does not list`,
      );
    return app.devices;
  };
}
