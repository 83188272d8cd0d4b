/**
 * The last task of a hub load run (runs/hub/hub-load.ts): plan this shard's part of the traffic
 * on run time, drive it (hub-load-traffic.ts), drain, then count every answer and notification
 * against the fleet's records, with notes on what the counts leave out.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import {
  AppReceipts,
  countAgainstRecords,
  type HubLive,
  type HubLoadDevice,
  type HubLoadLive,
  ofShard,
  planCommands,
  type planConnections,
  planFlaps,
  planTelemetry,
  sentByConnection,
} from '../../load/hub/index.js';
import type { LoadRecorder } from '../../load/measure/index.js';
import type { ShardSpec } from '../../load/plan/index.js';
import type { ErrorSample } from '../../load/result/index.js';
import type { Scenario } from '../../load/scenario/index.js';
import type { Logger } from '../../src/log/index.js';
import { delay } from './hub-load-apps.js';
import type { planLoadFleet } from './hub-load-setup.js';
import { driveTraffic } from './hub-load-traffic.js';
import { warmUp } from './hub-load-warmup.js';
import type { HubProcess } from './hub-process.js';
import type { LoadFleet, LoadFleetRecords } from './load-fleet.js';

/** Traffic starts this long after the subscriptions are in place. */
export const START_MS = 200;
/** A command unanswered this long after its deadline counts as overdue on the live view. */
const OVERDUE_GRACE_MS = 1000;

/** What the earlier tasks built that the traffic uses, and what it leaves for the result. */
export interface TrafficState {
  readonly fleet?: LoadFleet;
  readonly hub?: HubProcess;
  readonly sockets?: WebSocket[];
  startedAt: Date;
  sentBy: number[];
}

/** What the traffic task works with: the run's plan and its counters (runHubLoad builds them). */
export interface TrafficContext {
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
  /** Called once the traffic's counts exist (HubLoadOptions.onLive). */
  readonly onLive?: (live: HubLoadLive) => void;
  readonly wallClock?: () => Date;
  readonly logger: Logger;
  readonly trafficMs: number;
  /** When the traffic began (performance.now()); `relative` measures from it. */
  readonly clock: { t0: number };
  readonly relative: (atMs: number) => number;
}

/** Plan, drive, drain and count the traffic: the run's last task. */
export async function runTraffic(
  ctx: TrafficContext,
  state: TrafficState,
  signal: AbortSignal,
): Promise<void> {
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
  if (ctx.hubSection.warmupMs > 0) {
    const warm = await warmUp({
      sockets,
      connections: ctx.connections,
      devices: ctx.devices,
      seed: ctx.scenario.seed,
      inFlight: ctx.hubSection.inFlight,
      durationMs: ctx.hubSection.warmupMs,
      answerByMs: ctx.scenario.deadlineMs + 2000,
      signal,
    });
    ctx.logger.info(warm, 'hub load warm-up over');
    ctx.notes.push(
      `Warm-up (hub.warmup): ${warm.sent} get_properties sent before the traffic, ${warm.answered} answered; not counted.`,
    );
  }
  ctx.clock.t0 = performance.now();
  const t0 = ctx.clock.t0;
  state.startedAt = (ctx.wallClock ?? (() => new Date()))();
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
  ctx.onLive?.({
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
    // The warm-up's requests reached the devices before the traffic; no command did.
    requestsFromMs: t0,
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
