/**
 * The measured traffic of a hub load run, on one timer: app commands leave at their intended
 * times (open model: a late tick sends what is due and counts the lag), device notifications
 * and presence flaps happen on the devices at theirs. Resolves when the schedule is through
 * (or on abort), after every flapping device is back.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { AppReceipts, HubLive, PlannedCommand, PlannedEvent } from '../../load/hub/index.js';
import type { Logger } from '../../src/log/index.js';
import { InFlightWindows } from './in-flight-window.js';
import type { LoadFleet } from './load-fleet.js';

const TICK_MS = 1;
/** A command that leaves this much after its intended time is late (the generator's own lag). */
const LATE_MS = 100;

export interface TrafficPlan {
  /** Commands with their intended times already as performance.now() values. */
  readonly commands: readonly PlannedCommand[];
  /** Run-relative times (ms after t0). */
  readonly telemetry: readonly PlannedEvent[];
  readonly flaps: readonly PlannedEvent[];
  readonly t0: number;
  readonly endAt: number;
  readonly offlineMs: number;
  /** Commands in flight per app connection at most (scenario hub.inFlight; section 8: 16). */
  readonly inFlight: number;
  /** A sent command still unanswered this long after it left no longer holds a slot (EDP-HUB-2: D + 1 s, and slack). */
  readonly answerByMs: number;
}

export interface TrafficParts {
  readonly sockets: readonly WebSocket[];
  readonly fleet: LoadFleet;
  readonly receipts: AppReceipts;
  readonly live: HubLive;
  readonly logger: Logger;
  readonly signal?: AbortSignal;
}

export interface TrafficFigures {
  /** Commands sent more than 100 ms after their intended time, and the worst lag. */
  readonly late: number;
  readonly worstLagMs: number;
}

export async function driveTraffic(plan: TrafficPlan, parts: TrafficParts): Promise<TrafficFigures> {
  const { commands, telemetry, flaps, t0 } = plan;
  const { sockets, fleet, receipts, live, logger, signal } = parts;
  const flapping = new Set<Promise<void>>();
  let late = 0;
  let worstLagMs = 0;
  const windows = new InFlightWindows(sockets.length, plan.inFlight, (k, nowMs) => {
    const outcome = receipts.outcomes[k]!;
    return outcome.answers > 0 || nowMs - outcome.sentMs > plan.answerByMs;
  });
  const send = (k: number, now: number): boolean => {
    const command = commands[k]!;
    const socket = sockets[command.connection]!;
    // Late from its intended time, whether the generator or a full window held it back.
    const lag = now - command.intendedMs;
    if (lag > LATE_MS) late++;
    if (lag > worstLagMs) worstLagMs = lag;
    if (socket.readyState !== WebSocket.OPEN) return false;
    receipts.outcomes[k]!.sentMs = now;
    live.sentByKind[command.kind]++;
    socket.send(command.frame);
    return true;
  };
  // A frame on a connection may be the answer that frees a slot: a command waiting for one
  // leaves at once, as the bare loop's next command does, not at the next tick. (Registered
  // after the receipts' own listener, so the answer is already counted when the window looks.)
  const onFrame = sockets.map((_, c) => () => {
    const now = performance.now();
    windows.flushConnection(c, now, (k) => send(k, now));
  });
  sockets.forEach((socket, c) => {
    socket.on('message', onFrame[c]!);
  });
  await new Promise<void>((resolve) => {
    let nextCommand = 0;
    let nextTelemetry = 0;
    let nextFlap = 0;
    const step = () => {
      const now = performance.now();
      while (nextCommand < commands.length && commands[nextCommand]!.intendedMs <= now) {
        windows.due(nextCommand, commands[nextCommand]!.connection);
        nextCommand++;
      }
      windows.flush(now, (k) => send(k, now));
      while (nextTelemetry < telemetry.length && t0 + telemetry[nextTelemetry]!.atMs <= now) {
        fleet.notify(telemetry[nextTelemetry]!.deviceId);
        nextTelemetry++;
      }
      while (nextFlap < flaps.length && t0 + flaps[nextFlap]!.atMs <= now) {
        const deviceId = flaps[nextFlap]!.deviceId;
        const flap = fleet
          .flap(deviceId, plan.offlineMs)
          .catch((error: unknown) => logger.warn({ err: error, deviceId }, 'presence flap failed'));
        flapping.add(flap);
        void flap.finally(() => flapping.delete(flap));
        nextFlap++;
      }
      // The schedule ends at endAt, but a command a full window still holds then is sent (late,
      // and counted so) as its slot frees, bounded by the time a hub has to answer: the whole
      // schedule leaves, even on a starved machine.
      const drained = windows.waiting === 0 || now >= plan.endAt + plan.answerByMs;
      if ((now >= plan.endAt && drained) || signal?.aborted) return resolve();
      setTimeout(step, TICK_MS);
    };
    step();
  });
  sockets.forEach((socket, c) => {
    socket.off('message', onFrame[c]!);
  });
  await Promise.all(flapping);
  return { late, worstLagMs };
}
