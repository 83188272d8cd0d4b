/**
 * A hub load run (issue "a hub target for scenarios"): broker → recorded fleet → the hub
 * (started through the configuration contract, or already running) → app connections that
 * subscribe → app commands at a constant arrival rate, device notifications and presence
 * flaps → drain → every answer and notification counted against the fleet's records → a
 * `LoadResult` with the scenario's thresholds applied. Named tasks on the one task runner
 * (src/tasks): teardowns in reverse, also after a failure. A shard (load/hub/shard.ts) runs its slice of the fleet and of the plan; with
 * `hub.command` each shard starts a hub of its own, with `hub.url` they share the one running.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  AppReceipts,
  configApps,
  countAgainstRecords,
  HubLive,
  type HubLoadDevice,
  type HubLoadLive,
  ofShard,
  planCommands,
  planConnections,
  planFlaps,
  planTelemetry,
  sentByConnection,
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
import { connectApp, delay, subscribe, waitForDiscovery } from './hub-load-apps.js';
import { loadWsToken, planLoadFleet, readHubConfig, startLoadBroker } from './hub-load-setup.js';
import { driveTraffic } from './hub-load-traffic.js';
import { type HubProcess, hubUrl, launchHub } from './hub-process.js';
import { inProcessLoadFleet, type LoadFleet, type LoadFleetRecords } from './load-fleet.js';
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

/** Traffic starts this long after the subscriptions are in place. */
const START_MS = 200;
/** A command unanswered this long after its deadline counts as overdue on the live view. */
const OVERDUE_GRACE_MS = 1000;

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
    options,
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

/** What the traffic task works with: the run's plan and its counters (runHubLoad builds them). */
interface TrafficContext {
  readonly scenario: Scenario;
  readonly hubSection: NonNullable<Scenario['hub']>;
  readonly allConnections: ReturnType<typeof planConnections>;
  readonly connections: ReturnType<typeof planConnections>;
  readonly devices: readonly HubLoadDevice[];
  readonly mine: ReadonlySet<string>;
  readonly ownDevices: ReturnType<typeof planLoadFleet>;
  readonly recorder: LoadRecorder;
  readonly sample: (s: ErrorSample) => void;
  readonly live: HubLive;
  readonly notes: string[];
  readonly shard: ShardSpec;
  readonly options: HubLoadOptions;
  readonly logger: Logger;
  readonly trafficMs: number;
  /** When the traffic began (performance.now()); `relative` measures from it. */
  readonly clock: { t0: number };
  readonly relative: (atMs: number) => number;
}

/** Plan, drive, drain and count the traffic: the run's last task. */
async function runTraffic(ctx: TrafficContext, state: HubLoadState, signal: AbortSignal): Promise<void> {
  const sockets = state.sockets as WebSocket[];
  const fleet = state.fleet as LoadFleet;
  // The plan, on run time: the whole run's schedules (every shard draws the same), this shard's part.
  const window = { startMs: START_MS, endMs: START_MS + ctx.trafficMs };
  const commands = ofShard(
    planCommands(
      {
        seed: ctx.scenario.seed,
        ratePerS: ctx.scenario.requests.ratePerS,
        mix: ctx.scenario.requests.mix,
        ...window,
      },
      ctx.allConnections,
      ctx.devices,
    ),
    ctx.mine,
  );
  const telemetry = ofShard(
    planTelemetry(
      ctx.scenario.seed,
      ctx.scenario.telemetryPerDevicePerS,
      ctx.devices,
      window.startMs,
      window.endMs,
    ),
    ctx.mine,
  );
  const flaps = ofShard(
    planFlaps(
      ctx.scenario.seed,
      ctx.hubSection.flapsPerS,
      ctx.devices,
      window.startMs,
      window.endMs,
      ctx.hubSection.offlineMs,
    ),
    ctx.mine,
  );
  ctx.clock.t0 = performance.now();
  const t0 = ctx.clock.t0;
  state.startedAt = (ctx.options.wallClock ?? (() => new Date()))();
  // The receipts and the count work in performance.now(); a command's intended time too.
  const timed = commands.map((c) => ({ ...c, intendedMs: t0 + c.intendedMs }));
  const receipts = new AppReceipts(timed, ctx.connections, ctx.recorder, ctx.relative, ctx.sample, ctx.live);
  sockets.forEach((socket, c) => {
    socket.removeAllListeners('message');
    socket.on('message', (data, isBinary) => {
      if (!isBinary) receipts.frame(c, data.toString(), performance.now());
    });
  });
  const overdueAfterMs = ctx.scenario.deadlineMs + OVERDUE_GRACE_MS;
  ctx.options.onLive?.({
    live: ctx.live,
    devices: ctx.ownDevices.length,
    apps: ctx.connections.length,
    devicesConnected: () => fleet.online(),
    appsConnected: () => sockets.filter((s) => s.readyState === WebSocket.OPEN).length,
    overdue: () => {
      const before = performance.now() - overdueAfterMs;
      let overdue = 0;
      for (let k = 0; k < timed.length && timed[k]!.intendedMs < before; k++) {
        const outcome = receipts.outcomes[k]!;
        if (outcome.sentMs >= 0 && outcome.answers === 0) overdue++;
      }
      return overdue;
    },
  });
  const traffic = await driveTraffic(
    {
      commands: timed,
      telemetry,
      flaps,
      t0,
      endAt: t0 + START_MS + ctx.trafficMs,
      offlineMs: ctx.hubSection.offlineMs,
      inFlight: ctx.hubSection.inFlight,
      // EDP-HUB-2: every command is answered by D + 1 s; a second more before its slot is given up.
      answerByMs: ctx.scenario.deadlineMs + 2000,
    },
    { sockets, fleet, receipts, live: ctx.live, logger: ctx.logger, signal },
  );
  // The drain waits even after a stop: answers already on their way are counted.
  await delay(ctx.hubSection.drainMs);
  if (state.hub?.hasExited)
    ctx.notes.push(`The hub exited during the run: ${state.hub.lastLines().slice(-3).join(' | ')}`);
  const records = await fleet.records();
  countAgainstRecords({
    receipts,
    records: (id) => records.get(id) ?? { received: [], sent: [] },
    deviceIds: [...ctx.mine],
    notificationsFromMs: t0,
    relative: ctx.relative,
    recorder: ctx.recorder,
    sample: ctx.sample,
  });
  ctx.live.counted = ctx.recorder.counters;
  ctx.live.countedFanout = ctx.recorder.notifyLatency;
  state.sentBy = sentByConnection(timed, (k) => receipts.outcomes[k]!.sentMs >= 0, ctx.connections.length);
  ctx.notes.push(...runNotes(receipts, records, traffic));
  const ws = ctx.ownDevices.filter((d) => d.binding === 'ws').length;
  ctx.notes.push(
    `Hub ${ctx.hubSection.target.kind === 'command' ? ctx.hubSection.target.command : ctx.hubSection.target.url}: ${ctx.ownDevices.length - ws} MQTT and ${ws} WebSocket devices, ${ctx.connections.length} app connections, ${receipts.presence} presence notifications delivered${ctx.shard.count > 1 ? ` (shard ${ctx.shard.index} of ${ctx.shard.count})` : ''}.`,
  );
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

function runNotes(
  receipts: AppReceipts,
  records: ReadonlyMap<string, LoadFleetRecords>,
  traffic: { readonly late: number; readonly worstLagMs: number },
): string[] {
  const notes: string[] = [...receipts.notes()];
  const unsent = receipts.outcomes.filter((o) => o.sentMs < 0).length;
  if (unsent > 0)
    notes.push(
      `${unsent} command(s) were not sent because their app connection had closed (the hub closed it or went away); they are not in hub.sent.`,
    );
  let dropped = 0;
  for (const device of records.values()) dropped += device.dropped;
  if (dropped > 0)
    notes.push(
      `${dropped} device record(s) past the recording cap were not kept: counts against them are incomplete.`,
    );
  if (traffic.late > 0)
    notes.push(
      `The load generator sent ${traffic.late} command(s) more than 100 ms after their intended time (worst ${Math.round(traffic.worstLagMs)} ms): latencies include that delay.`,
    );
  return notes;
}
